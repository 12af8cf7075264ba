import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/** 32 random bytes, base64url: 43 characters, safe in a URL without escaping. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/** SHA-256 in hex. Tokens are long and random, so a fast unsalted hash is enough to make a stolen table useless. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The shape generateToken produces; anything else is rejected before it reaches the database. */
export const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "That link is not complete");
