import { isRouteErrorResponse, Link, useLocation, useRouteError } from "@remix-run/react";

type ErrorData = { message?: string; errors?: string[] };

/** Designed pages for 4xx, and a calm apology for anything else. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  if (isRouteErrorResponse(error)) {
    const payload = (typeof error.data === "object" && error.data ? error.data : typeof error.data === "string" && error.data ? { message: error.data } : {}) as ErrorData;
    if (error.status === 404) {
      return (
        <section className="error-page" aria-labelledby="error-title">
          <p className="eyebrow">Error 404</p>
          <h1 id="error-title">This piece has wandered off</h1>
          <p className="lede">
            {payload.message ?? "We couldn't find that page."} It may have sold out for good, or the link may be mistyped.
          </p>
          <form action="/search" method="get" role="search" className="error-search">
            <label htmlFor="error-q">Search the collection</label>
            <div className="search-row">
              <input id="error-q" name="q" type="search" placeholder="Baskets, silver, teak…" />
              <button type="submit" className="button">
                Search
              </button>
            </div>
          </form>
          <p className="error-links">
            <Link to="/shop">Browse the shop</Link> · <Link to="/producers">Meet the producers</Link> ·{" "}
            <Link to="/">Home</Link>
          </p>
        </section>
      );
    }
    return (
      <section className="error-page" aria-labelledby="error-title">
        <p className="eyebrow">Error {error.status}</p>
        <h1 id="error-title">
          {error.status === 400 ? "We couldn't read that request" : error.status === 403 ? "This page is for other team members" : "Something is not right"}
        </h1>
        <p className="lede">{payload.message ?? error.statusText}</p>
        {payload.errors?.length ? (
          <ul className="error-list">
            {payload.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
        <p className="error-links">
          <Link to={location.pathname}>Start again without filters</Link> · <Link to="/">Home</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="eyebrow">Error 500</p>
      <h1 id="error-title">Sorry, something went wrong on our side</h1>
      <p className="lede">Please try again in a moment. Nothing you sent has been lost.</p>
      <p className="error-links">
        <Link to="/">Home</Link>
      </p>
    </section>
  );
}
