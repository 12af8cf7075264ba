/**
 * The one logger: JSON lines on stdout (pino), at LOG_LEVEL (default info). A log aggregator reads them as they
 * are; `npx pino-pretty` makes them readable by eye. Never log cookies, authorization headers or bodies.
 */
import pino from "pino";
import { logLevel } from "./env.server";

/** drizzle puts a failed query's parameters in its message ("params: …"): they can hold emails or password hashes. */
const withoutParams = (text: string) => text.replace(/\nparams: [\s\S]*?(?=\n    at |$)/, "\nparams: [redacted]");

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; stack?: unknown; cause?: unknown };

/** An error as logged: its type, message, code and stack, its causes, and nothing else it may carry. */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> | string {
  if (!error || typeof error !== "object") return String(error);
  const e = error as ErrorLike;
  return {
    type: typeof e.name === "string" ? e.name : "Error",
    message: typeof e.message === "string" ? withoutParams(e.message) : "",
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    ...(typeof e.stack === "string" ? { stack: withoutParams(e.stack) } : {}),
    ...(e.cause && depth < 3 ? { cause: serializeError(e.cause, depth + 1) } : {}),
  };
}

// On globalThis: the server bundle and the start script load separate copies of this module, and one is enough.
const g = globalThis as typeof globalThis & { __kriyaLogger?: pino.Logger };

export const logger: pino.Logger = (g.__kriyaLogger ??= pino({
  level: logLevel(),
  base: { service: "kriya" },
  timestamp: pino.stdTimeFunctions.isoTime,
  serializers: { err: serializeError, error: serializeError },
  // A last guard, should someone log a request object by mistake.
  redact: { paths: ["req.headers.cookie", "req.headers.authorization", "headers.cookie", "headers.authorization", "*.password"], censor: "[redacted]" },
}));
