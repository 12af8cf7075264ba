import { describe, expect, it } from "vitest";
import { databaseOutageCode, isDatabaseOutage, reconnectDelaySeconds } from "./database-outage";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("telling a database outage from other errors", () => {
  it.each(["ECONNREFUSED", "ECONNRESET", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT", "57P01", "57P03", "08006", "08001", "53300"])(
    "%s is an outage",
    (code) => {
      expect(databaseOutageCode(withCode(code))).toBe(code);
    },
  );

  it.each(["23505", "23514", "42P01", "40001", "ERR_INVALID_ARG_TYPE", "0800", "080000"])("%s is not", (code) => {
    expect(isDatabaseOutage(withCode(code))).toBe(false);
  });

  it("looks through a wrapper's cause, as drizzle wraps postgres.js errors", () => {
    const wrapped = new Error("Failed query: select 1", { cause: withCode("57P01", "terminating connection due to administrator command") });
    expect(databaseOutageCode(new Error("loader failed", { cause: wrapped }))).toBe("57P01");
  });

  it("looks into an AggregateError (Node's connect to ::1 and 127.0.0.1 both refused)", () => {
    expect(databaseOutageCode(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]))).toBe("ECONNREFUSED");
  });

  it("ignores plain errors, Responses and non-errors, and does not loop on a cause cycle", () => {
    expect(isDatabaseOutage(new Error("boom"))).toBe(false);
    expect(isDatabaseOutage(new Response("nope", { status: 404 }))).toBe(false);
    expect(isDatabaseOutage("ECONNREFUSED")).toBe(false);
    expect(isDatabaseOutage(null)).toBe(false);
    const a: { code: string; cause?: unknown } = { code: "X" };
    a.cause = { cause: a };
    expect(isDatabaseOutage(a)).toBe(false);
  });
});

describe("waiting for the database at start", () => {
  it("backs off 2, 4, 8 s and then retries every 10 s", () => {
    expect([1, 2, 3, 4, 5, 50].map(reconnectDelaySeconds)).toEqual([2, 4, 8, 10, 10, 10]);
  });
});
