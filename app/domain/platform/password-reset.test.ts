import { describe, expect, it } from "vitest";
import { RESET_LINK_MINUTES, resetLinkExpiry, resetTokenState } from "./password-reset";

const now = new Date("2026-03-10T09:00:00Z");

describe("reset token state", () => {
  it("is valid until its expiry, and expired from that moment on", () => {
    const expiresAt = resetLinkExpiry(now);
    expect(expiresAt.getTime() - now.getTime()).toBe(RESET_LINK_MINUTES * 60_000);
    expect(resetTokenState({ expiresAt, usedAt: null }, new Date(expiresAt.getTime() - 1))).toBe("valid");
    expect(resetTokenState({ expiresAt, usedAt: null }, expiresAt)).toBe("expired");
  });

  it("reports a used token as used, even after it has expired", () => {
    expect(resetTokenState({ expiresAt: resetLinkExpiry(now), usedAt: now }, now)).toBe("used");
    expect(resetTokenState({ expiresAt: now, usedAt: now }, resetLinkExpiry(now))).toBe("used");
  });

  it("reports a token that was never issued as unknown", () => {
    expect(resetTokenState(null, now)).toBe("unknown");
  });
});
