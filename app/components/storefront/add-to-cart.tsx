import { useFetcher } from "@remix-run/react";
import { Link } from "~/components/ui/shop-link";
import { NoScriptRedirect } from "~/components/ui/no-script-redirect";

type CartResult = { ok: boolean; message: string; count?: number };

/** A fetcher form: with JavaScript the page stays put; without it the browser posts to /cart and lands there. */
export function AddToCart({ variantId, available, title }: { variantId: number; available: number; title: string }) {
  const fetcher = useFetcher<CartResult>();
  const busy = fetcher.state !== "idle";
  if (available <= 0) {
    return (
      <p className="sold-out-note">
        Sold out for now. <Link to="/shop">See what else this group makes</Link>
      </p>
    );
  }
  return (
    <fetcher.Form method="post" action="/cart" className="add-to-cart">
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="variantId" value={variantId} />
      <NoScriptRedirect to="/cart" />
      <label htmlFor="add-quantity">Quantity</label>
      <div className="add-row">
        <input id="add-quantity" name="quantity" type="number" min={1} max={Math.min(available, 99)} defaultValue={1} inputMode="numeric" required />
        <button type="submit" className="button" disabled={busy} aria-label={`Add to cart: ${title}`}>
          {busy ? "Adding…" : "Add to cart"}
        </button>
      </div>
      <p role="status" className={fetcher.data && !fetcher.data.ok ? "notice-error small" : "small"}>
        {fetcher.data ? (
          <>
            {fetcher.data.message} {fetcher.data.ok ? <Link to="/cart">View cart</Link> : null}
          </>
        ) : null}
      </p>
    </fetcher.Form>
  );
}
