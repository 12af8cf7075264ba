import { hash, verify } from "@node-rs/argon2";

/** argon2id with OWASP's minimum: 19 MiB of memory, two passes, one lane. */
// algorithm 2 is Argon2id (the package exports it as an ambient const enum, which isolatedModules cannot read).
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string) {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A real hash to verify against when the email is unknown, so a wrong email costs the same time as a wrong password. */
let decoy: Promise<string> | null = null;
export function decoyHash() {
  decoy ??= hashPassword("kriya-decoy-password-never-matches");
  return decoy;
}
