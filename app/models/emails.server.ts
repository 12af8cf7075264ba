import { asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "~db/client.server";
import { emails, orderLines, orders } from "~db/schema";
import { treeShareHundredths } from "~/domain/impact";
import { formatMoney } from "~/domain/money";
import { absoluteUrl } from "~/utils/http.server";
import { enqueue, type OutboxHandler } from "./outbox.server";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Renders the confirmation into the emails table (the outbox for mail); no SMTP is involved. */
export async function queueOrderConfirmation(tx: Executor, orderId: string) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return;
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.id));
  const money = (amountMinor: number) => formatMoney({ amountMinor, currency: order.currency });
  const trees = (treeShareHundredths(order.totalUsdMinor) / 100).toFixed(2);
  const subject = `Your Kriya order ${order.number} is confirmed`;
  const rows = lines.map((l) => ({ title: l.variantTitle ? `${l.productTitle} (${l.variantTitle})` : l.productTitle, quantity: l.quantity, total: money(l.lineTotalMinor) }));
  const text = [
    `Thank you${order.customerName ? `, ${order.customerName}` : ""}. We have your payment for order ${order.number}.`,
    "",
    ...rows.map((r) => `${r.quantity} × ${r.title}: ${r.total}`),
    `Shipping: ${money(order.shippingMinor)}`,
    `Total: ${money(order.totalMinor)}`,
    "",
    `This order funds ${trees} of a tree.`,
    `Follow it at /orders/lookup with your order number and this email address.`,
  ].join("\n");
  const html = `<h1>Thank you for your order</h1><p>Order <strong>${escape(order.number)}</strong> is paid. The makers will be glad.</p>
<table>${rows.map((r) => `<tr><td>${r.quantity} ×</td><td>${escape(r.title)}</td><td>${escape(r.total)}</td></tr>`).join("")}
<tr><td></td><td>Shipping</td><td>${escape(money(order.shippingMinor))}</td></tr><tr><td></td><th>Total</th><th>${escape(money(order.totalMinor))}</th></tr></table>
<p>This order funds ${trees} of a tree.</p>`;
  await tx.insert(emails).values({ to: order.email, subject, text, html, orderId });
}

export async function listEmails(db: Executor, limit = 50) {
  return db.select({ id: emails.id, to: emails.to, subject: emails.subject, createdAt: emails.createdAt }).from(emails).orderBy(desc(emails.id)).limit(limit);
}

export async function getEmail(db: Executor, id: number) {
  const [row] = await db.select().from(emails).where(eq(emails.id, id));
  return row ?? null;
}

/** The "on its way" email with carrier and tracking number, queued in the same transaction as the shipment. */
export async function queueShippedEmail(tx: Executor, orderId: string) {
  const [order] = await tx
    .select({ number: orders.number, email: orders.email, customerName: orders.customerName, carrier: orders.carrier, trackingNumber: orders.trackingNumber, shippingAddress: orders.shippingAddress })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order?.trackingNumber) return;
  const subject = `Your Kriya order ${order.number} is on its way`;
  const address = order.shippingAddress
    ? [order.shippingAddress.name, order.shippingAddress.line1, order.shippingAddress.line2, `${order.shippingAddress.postalCode} ${order.shippingAddress.city}`.trim(), order.shippingAddress.region, order.shippingAddress.country].filter((line): line is string => Boolean(line))
    : [];
  const text = [
    `Good news${order.customerName ? `, ${order.customerName}` : ""}: order ${order.number} has left our workshop in Jakarta.`,
    "",
    `Carrier: ${order.carrier ?? ""}`,
    `Tracking number: ${order.trackingNumber}`,
    ...(address.length ? ["", "Going to:", ...address] : []),
    "",
    `Follow it at /orders/lookup with your order number and this email address.`,
  ].join("\n");
  const html = `<h1>Your order is on its way</h1><p>Order <strong>${escape(order.number)}</strong> has left our workshop in Jakarta.</p>
<p>Carrier: ${escape(order.carrier ?? "")}<br>Tracking number: <strong>${escape(order.trackingNumber)}</strong></p>
${address.length ? `<p>${address.map(escape).join("<br>")}</p>` : ""}`;
  await tx.insert(emails).values({ to: order.email, subject, text, html, orderId });
}

export type PasswordResetEmail = { to: string; name: string; resetUrl: string; validFor: string; now?: Date };

/** The reset link by email, rendered into the emails table and marked sent (there is no SMTP to hand it to). */
export async function sendPasswordResetEmail(tx: Executor, input: PasswordResetEmail) {
  const { subject, text, html } = renderPasswordResetEmail(input);
  const [row] = await tx
    .insert(emails)
    .values({ to: input.to, subject, text, html, sentAt: input.now ?? new Date() })
    .returning({ id: emails.id });
  return row!;
}

export function renderPasswordResetEmail({ name, resetUrl, validFor }: PasswordResetEmail) {
  const firstName = name.trim().split(/\s+/)[0] ?? "";
  const subject = "Choose a new password for your Kriya account";
  const text = [
    `Hello${firstName ? ` ${firstName}` : ""},`,
    "",
    "Someone (we hope you) asked to reset the password of your Kriya account. Choose a new one here:",
    "",
    resetUrl,
    "",
    `The link works once, within ${validFor}. Setting a new password signs you out everywhere else.`,
    "",
    "If you didn't ask for this, you can ignore this email: your password stays as it is.",
    "",
    "Warm wishes from the Kriya team, and from the makers whose work you look after.",
  ].join("\n");
  const html = `<h1>Choose a new password</h1><p>Hello${firstName ? ` ${escape(firstName)}` : ""},</p>
<p>Someone (we hope you) asked to reset the password of your Kriya account.</p>
<p><a href="${escape(resetUrl)}" style="display:inline-block;padding:12px 20px;border-radius:999px;background:#2f4524;color:#fff;text-decoration:none">Choose a new password</a></p>
<p>Or paste this address into your browser:<br><span style="word-break:break-all">${escape(resetUrl)}</span></p>
<p>The link works once, within ${escape(validFor)}. Setting a new password signs you out everywhere else.</p>
<p>If you didn't ask for this, you can ignore this email: your password stays as it is.</p>
<p>Warm wishes from the Kriya team, and from the makers whose work you look after.</p>`;
  return { subject, text, html };
}

/** The newest email to one address (the test mailbox reads it). */
export async function getLatestEmailTo(db: Executor, to: string) {
  const [row] = await db
    .select({ id: emails.id, to: emails.to, subject: emails.subject, text: emails.text, html: emails.html, sentAt: emails.sentAt, createdAt: emails.createdAt })
    .from(emails)
    .where(sql`lower(${emails.to}) = lower(${to})`)
    .orderBy(desc(emails.id))
    .limit(1);
  return row ?? null;
}

export const REFUND_EMAIL = "email.refund";
const refundEmailPayload = z.object({ orderId: z.string().uuid(), amountMinor: z.number().int().positive(), refundedMinor: z.number().int().positive() });

/** Queues the refund email in the refund's transaction; the outbox sends it after commit, once per refunded total. */
export async function queueRefundEmail(tx: Executor, input: z.infer<typeof refundEmailPayload>) {
  await enqueue(tx, { topic: REFUND_EMAIL, payload: input, dedupeKey: `refund:${input.orderId}:${input.refundedMinor}` });
}

/** Outbox handler: renders the refund email into the emails table. */
export const deliverRefundEmail: OutboxHandler = async (tx, payload) => {
  const { orderId, amountMinor, refundedMinor } = refundEmailPayload.parse(payload);
  const [order] = await tx
    .select({ number: orders.number, email: orders.email, customerName: orders.customerName, currency: orders.currency, totalMinor: orders.totalMinor })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order) return;
  const { subject, text, html } = renderRefundEmail({ ...order, amountMinor, refundedMinor, lookupUrl: absoluteUrl("/orders/lookup") });
  await tx.insert(emails).values({ to: order.email, subject, text, html, orderId });
};

export type RefundEmail = { number: string; customerName: string | null; currency: string; totalMinor: number; amountMinor: number; refundedMinor: number; lookupUrl: string };

export function renderRefundEmail({ number, customerName, currency, totalMinor, amountMinor, refundedMinor, lookupUrl }: RefundEmail) {
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency });
  const full = refundedMinor >= totalMinor;
  const subject = `Your Kriya order ${number}: ${money(amountMinor)} refunded`;
  const sofar = full ? `Order ${number} is now refunded in full (${money(refundedMinor)}).` : `${money(refundedMinor)} of ${money(totalMinor)} has been refunded so far.`;
  const text = [
    `Hello${customerName ? ` ${customerName}` : ""},`,
    "",
    `We have refunded ${money(amountMinor)} for order ${number}. ${sofar}`,
    "It goes back to the card you paid with; your bank may take 5 to 10 days to show it.",
    "",
    `Follow the order at ${lookupUrl} with your order number and this email address.`,
  ].join("\n");
  const html = `<h1>Your refund is on its way</h1><p>Hello${customerName ? ` ${escape(customerName)}` : ""},</p>
<p>We have refunded <strong>${escape(money(amountMinor))}</strong> for order <strong>${escape(number)}</strong>. ${escape(sofar)}</p>
<p>It goes back to the card you paid with; your bank may take 5 to 10 days to show it.</p>
<p><a href="${escape(lookupUrl)}">Follow your order</a> with your order number and this email address.</p>`;
  return { subject, text, html };
}
