import { describe, expect, it } from "vitest";
import { generateToken, hashToken, tokenSchema } from "./token.server";

describe("reset tokens", () => {
  it("are 32 random bytes in base64url, different every time", () => {
    const tokens = Array.from({ length: 200 }, generateToken);
    expect(new Set(tokens).size).toBe(200);
    for (const token of tokens) {
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(tokenSchema.safeParse(token).success).toBe(true);
    }
  });

  it("hash to a stable SHA-256 hex digest that does not contain the token", () => {
    const token = generateToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toBe(hashToken(generateToken()));
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("reject anything that is not token-shaped", () => {
    for (const bad of ["", "nonsense", "a".repeat(42), "a".repeat(44), `${"a".repeat(42)}=`, `${"a".repeat(42)}/`]) {
      expect(tokenSchema.safeParse(bad).success).toBe(false);
    }
  });
});
