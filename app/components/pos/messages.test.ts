import { describe, expect, it } from "vitest";
import { messages, principleKey, translate } from "./messages";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("the till's message catalogue", () => {
  it("has every key in both Bahasa Indonesia and English", () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.id).sort());
    for (const [key, text] of Object.entries(messages.en)) expect(text.trim(), key).not.toBe("");
  });

  it("uses the same parameters in both languages", () => {
    for (const key of Object.keys(messages.id) as (keyof typeof messages.id)[]) {
      expect(placeholders(messages.en[key]), key).toEqual(placeholders(messages.id[key]));
    }
  });

  it("holds the ten Fair Trade principles, each different, in both languages", () => {
    for (const locale of ["id", "en"] as const) {
      const texts = Array.from({ length: 10 }, (_, index) => translate(locale, principleKey(index + 1)));
      expect(new Set(texts).size).toBe(10);
    }
    expect(translate("en", principleKey(10))).toMatch(/environment/i);
    expect(translate("id", principleKey(5))).toMatch(/pekerja anak/);
  });

  it("fills parameters and leaves an unknown one visible", () => {
    expect(translate("id", "waitingToSync", { count: 3 })).toBe("3 menunggu sinkron");
    expect(translate("en", "waitingToSync", { count: 3 })).toBe("3 waiting to sync");
    expect(translate("en", "waitingToSync")).toBe("{count} waiting to sync");
  });
});
