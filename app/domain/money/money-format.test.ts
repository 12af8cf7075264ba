import { describe, expect, it } from "vitest";
import { formatMoney, money } from "./money";

describe("prices as shoppers read them", () => {
  it("writes yen with the ¥ the shop's fonts have, never the full-width ￥ that ja-JP formatting emits", () => {
    const text = formatMoney(money(7258, "JPY"));
    expect(text).toBe("¥7,258");
    expect(text).not.toContain("\uFFE5");
    expect(formatMoney(money(1200, "JPY"), { locale: "ja-JP" })).toBe("¥1,200");
  });

  it("leaves the other currencies' symbols alone", () => {
    expect(formatMoney(money(5795, "USD"))).toBe("$57.95");
    expect(formatMoney(money(5795, "GBP"))).toBe("£57.95");
    expect(formatMoney(money(5795, "EUR"))).toMatch(/^57,95\s€$/);
  });
});
