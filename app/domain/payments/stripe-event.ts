import { z } from "zod";
import { Refusal } from "~/domain/platform/refusal";

/**
 * The shapes of the Stripe events this app acts on, checked with zod before anything is stored: the parts of
 * a Checkout Session or a Charge the handlers read; anything else Stripe sends is kept but not looked at.
 */
const metadata = z.record(z.string(), z.string()).nullish();
const idOrObject = z.union([z.string(), z.object({ id: z.string() }).passthrough()]).nullish();
const address = z
  .object({ line1: z.string().nullish(), line2: z.string().nullish(), city: z.string().nullish(), postal_code: z.string().nullish(), state: z.string().nullish(), country: z.string().nullish() })
  .passthrough();
const shippingDetails = z.object({ name: z.string().nullish(), address: address.nullish() }).passthrough().nullish();

const sessionSchema = z
  .object({
    id: z.string().min(1),
    client_reference_id: z.string().nullish(),
    metadata,
    payment_status: z.string().nullish(),
    amount_total: z.number().int().nonnegative().nullish(),
    currency: z.string().nullish(),
    payment_intent: idOrObject,
    customer_details: z.object({ email: z.string().nullish(), name: z.string().nullish() }).passthrough().nullish(),
    collected_information: z.object({ shipping_details: shippingDetails }).passthrough().nullish(),
    shipping_details: shippingDetails,
  })
  .passthrough();
export type SessionObject = z.infer<typeof sessionSchema>;

const chargeSchema = z
  .object({
    id: z.string().min(1),
    amount: z.number().int().nonnegative().nullish(),
    amount_refunded: z.number().int().nonnegative(),
    currency: z.string().length(3),
    payment_intent: idOrObject,
    metadata,
  })
  .passthrough();
export type ChargeObject = z.infer<typeof chargeSchema>;

export const sessionEventTypes = ["checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed", "checkout.session.expired"] as const;
export type SessionEventType = (typeof sessionEventTypes)[number];

/** An event of a type some payment kind acts on. */
export type HandledStripeEvent = { id: string; type: SessionEventType; object: SessionObject } | { id: string; type: "charge.refunded"; object: ChargeObject };
export type ParsedStripeEvent = HandledStripeEvent | { id: string; type: string; object: { id?: unknown } & Record<string, unknown>; unhandled: true };

const envelope = z.object({ id: z.string().min(1), type: z.string().min(1), data: z.object({ object: z.record(z.string(), z.unknown()) }) });

/**
 * Checks the shape of each handled event's `data.object` (checkout.session.*, charge.refunded); others pass as
 * they are. A validly signed event whose object is not what its type promises is refused as `invalid` (a 400),
 * and nothing is stored.
 */
export function parseStripeEvent(event: unknown): ParsedStripeEvent {
  const outer = envelope.safeParse(event);
  if (!outer.success) throw Refusal.invalid(`The event is not shaped like a Stripe event: ${describeIssues(outer.error)}`);
  const { id, type, data } = outer.data;
  const schema = (sessionEventTypes as readonly string[]).includes(type) ? sessionSchema : type === "charge.refunded" ? chargeSchema : null;
  if (!schema) return { id, type, object: data.object, unhandled: true };
  const parsed = schema.safeParse(data.object);
  if (!parsed.success) throw Refusal.invalid(`The ${type} event's data.object is not what Stripe sends: ${describeIssues(parsed.error)}`);
  return { id, type, object: parsed.data } as ParsedStripeEvent;
}

export function isHandledEvent(event: ParsedStripeEvent): event is HandledStripeEvent {
  return !("unhandled" in event);
}

function describeIssues(error: z.ZodError) {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

/** Stripe sends a related object as its id, or expanded: either way, its id. */
export const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : (value?.id ?? null));
