import { asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "~db/client.server";
import { emails, orderLines, orders } from "~db/schema";
import { treeShareHundredths } from "~/domain/impact/impact";
import { addressLines } from "~/domain/retail/delivery-address";
import { formatMoney } from "~/domain/money/money";
import { countryNames } from "~/domain/retail/shipping";
import { absoluteUrl } from "~/utils/http.server";
import { sendMail, storedEmailMessageId } from "~/utils/mail.server";
import { enqueue, type OutboxHandler } from "./outbox.server";

export const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Every HTML email in the shop's colours: one centred table with inline styles, as mail clients need. */
export function emailLayout(title: string, body: string) {
  const shop = escape(absoluteUrl("/"));
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body style="margin:0;padding:0;background:#f5efe6;color:#2b2118;font-family:Georgia,'Times New Roman',serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f5efe6"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#fffdf9;border:1px solid #e4d8c6;border-radius:12px">
<tr><td style="padding:20px 28px;border-bottom:1px solid #e4d8c6"><a href="${shop}" style="color:#2f4524;font-size:22px;font-weight:bold;text-decoration:none">Kriya</a></td></tr>
<tr><td style="padding:24px 28px;font-size:16px;line-height:1.5">${body}</td></tr>
<tr><td style="padding:16px 28px;border-top:1px solid #e4d8c6;color:#6b5d4f;font-size:13px">Kriya · fair-trade handicrafts from Indonesia · <a href="${shop}" style="color:#9a4a24">${shop}</a></td></tr>
</table></td></tr></table></body></html>`;
}

const cell = "padding:6px 0;border-bottom:1px dashed #e4d8c6";
export const buttonStyle = "display:inline-block;padding:12px 20px;border-radius:999px;background:#2f4524;color:#fff;text-decoration:none";

/** Renders the confirmation into the mailbox (the emails table) and queues its delivery, in the payment's transaction. */
export async function queueOrderConfirmation(tx: Executor, { orderId }: { orderId: string }) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return;
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.id));
  const money = (amountMinor: number) => formatMoney({ amountMinor, currency: order.currency });
  const trees = (treeShareHundredths(order.totalUsdMinor) / 100).toFixed(2);
  const subject = `Your Kriya order ${order.number} is confirmed`;
  const address = order.shippingAddress ? addressLines(order.shippingAddress, countryNames[order.shippingAddress.country] ?? order.shippingAddress.country) : [];
  const orderUrl = absoluteUrl(`/orders/${order.number}`);
  const lookupUrl = absoluteUrl(`/orders/lookup?number=${encodeURIComponent(order.number)}`);
  const rows = lines.map((l) => ({ title: l.variantTitle ? `${l.productTitle} (${l.variantTitle})` : l.productTitle, quantity: l.quantity, total: money(l.lineTotalMinor) }));
  const text = [
    `Thank you${order.customerName ? `, ${order.customerName}` : ""}. We have your payment for order ${order.number}.`,
    "",
    ...rows.map((r) => `${r.quantity} × ${r.title}: ${r.total}`),
    `Shipping: ${money(order.shippingMinor)}`,
    `Total: ${money(order.totalMinor)}`,
    "",
    ...(address.length ? ["", "Delivery address:", ...address] : []),
    "",
    `This order funds ${trees} of a tree.`,
    `See your order: ${orderUrl}`,
    `From another device, look it up at ${lookupUrl} with your order number and this email address.`,
  ].join("\n");
  const html = emailLayout(
    subject,
    `<h1 style="font-size:24px;margin:0 0 12px">Thank you for your order</h1><p>Order <strong>${escape(order.number)}</strong> is paid. The makers will be glad.</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:16px 0">${rows.map((r) => `<tr><td style="${cell}">${r.quantity} × ${escape(r.title)}</td><td align="right" style="${cell}">${escape(r.total)}</td></tr>`).join("")}
<tr><td style="${cell}">Subtotal</td><td align="right" style="${cell}">${escape(money(order.subtotalMinor))}</td></tr>
<tr><td style="${cell}">Shipping</td><td align="right" style="${cell}">${escape(money(order.shippingMinor))}</td></tr>
<tr><td style="padding:8px 0;font-weight:bold">Total</td><td align="right" style="padding:8px 0;font-weight:bold">${escape(money(order.totalMinor))}</td></tr></table>
${address.length ? `<h2 style="font-size:17px;margin:16px 0 4px">Delivery address</h2><p style="margin:0 0 16px">${address.map(escape).join("<br>")}</p>` : ""}
<p>This order funds ${escape(trees)} of a tree.</p>
<p><a href="${escape(orderUrl)}" style="${buttonStyle}">See your order</a></p>
<p style="font-size:14px;color:#6b5d4f">From another device, <a href="${escape(lookupUrl)}" style="color:#9a4a24">look it up</a> with your order number and this email address.</p>`,
  );
  await storeAndQueueEmail(tx, { to: order.email, subject, text, html, orderId });
}

export async function listEmails(db: Executor, { limit = 50 }: { limit?: number } = {}) {
  return db.select({ id: emails.id, to: emails.to, subject: emails.subject, createdAt: emails.createdAt }).from(emails).orderBy(desc(emails.id)).limit(limit);
}

export async function getEmail(db: Executor, { id }: { id: number }) {
  const [row] = await db.select().from(emails).where(eq(emails.id, id));
  return row ?? null;
}

/** The "on its way" email with carrier and tracking number, stored and queued in the same transaction as the shipment. */
export async function queueShippedEmail(tx: Executor, { orderId }: { orderId: string }) {
  const [order] = await tx
    .select({ number: orders.number, email: orders.email, customerName: orders.customerName, carrier: orders.carrier, trackingNumber: orders.trackingNumber, shippingAddress: orders.shippingAddress })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order?.trackingNumber) return;
  const subject = `Your Kriya order ${order.number} is on its way`;
  const address = order.shippingAddress ? addressLines(order.shippingAddress, countryNames[order.shippingAddress.country] ?? order.shippingAddress.country) : [];
  const orderUrl = absoluteUrl(`/orders/${order.number}`);
  const text = [
    `Good news${order.customerName ? `, ${order.customerName}` : ""}: order ${order.number} has left our workshop in Jakarta.`,
    "",
    `Carrier: ${order.carrier ?? ""}`,
    `Tracking number: ${order.trackingNumber}`,
    ...(address.length ? ["", "Going to:", ...address] : []),
    "",
    `Follow it at ${orderUrl} (from another device, with your order number and this email address).`,
  ].join("\n");
  const html = emailLayout(
    subject,
    `<h1 style="font-size:24px;margin:0 0 12px">Your order is on its way</h1><p>Order <strong>${escape(order.number)}</strong> has left our workshop in Jakarta.</p>
<p>Carrier: ${escape(order.carrier ?? "")}<br>Tracking number: <strong>${escape(order.trackingNumber)}</strong></p>
${address.length ? `<h2 style="font-size:17px;margin:16px 0 4px">Going to</h2><p style="margin:0 0 16px">${address.map(escape).join("<br>")}</p>` : ""}
<p><a href="${escape(orderUrl)}" style="${buttonStyle}">Follow your order</a></p>`,
  );
  await storeAndQueueEmail(tx, { to: order.email, subject, text, html, orderId });
}

export const EMAIL_DELIVERY = "email.deliver";
const deliveryPayload = z.object({ emailId: z.number().int().positive(), to: z.string() });

/** An email rendered inside a request's transaction: the mailbox copy now, and an outbox message that sends it after commit. */
export async function storeAndQueueEmail(tx: Executor, email: { to: string; subject: string; text: string; html: string; orderId?: string }) {
  const [row] = await tx.insert(emails).values(email).returning({ id: emails.id });
  await enqueue(tx, { topic: EMAIL_DELIVERY, payload: { emailId: row!.id, to: email.to } satisfies z.infer<typeof deliveryPayload>, dedupeKey: `email:${row!.id}` });
}

/**
 * Hands a stored email over, then marks it sent: to the SMTP server when SMTP_URL is set (throwing, so the outbox
 * retries, when it refuses); otherwise the development mailbox is where it is delivered.
 */
async function handOverEmail(tx: Executor, email: { id: number; createdAt: Date; to: string; subject: string; text: string; html: string }) {
  await sendMail({ ...email, messageId: storedEmailMessageId(email) });
  await tx.update(emails).set({ sentAt: new Date() }).where(eq(emails.id, email.id));
}

/** Outbox handler: sends an email stored by a request's transaction, once. */
export const deliverStoredEmail: OutboxHandler = async (tx, payload) => {
  const { emailId } = deliveryPayload.parse(payload);
  const [email] = await tx
    .select({ id: emails.id, createdAt: emails.createdAt, to: emails.to, subject: emails.subject, text: emails.text, html: emails.html, sentAt: emails.sentAt })
    .from(emails)
    .where(eq(emails.id, emailId));
  if (!email || email.sentAt) return;
  await handOverEmail(tx, email);
};

export type PasswordResetEmail = { to: string; name: string; resetUrl: string; validFor: string };

/** The reset link by email: rendered into the mailbox and handed over (by the outbox handler, after commit). */
export async function sendPasswordResetEmail(tx: Executor, input: PasswordResetEmail) {
  const { subject, text, html } = renderPasswordResetEmail(input);
  const [row] = await tx.insert(emails).values({ to: input.to, subject, text, html }).returning({ id: emails.id, createdAt: emails.createdAt });
  await handOverEmail(tx, { id: row!.id, createdAt: row!.createdAt, to: input.to, subject, text, html });
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
  const html = emailLayout(subject, `<h1 style="font-size:24px;margin:0 0 12px">Choose a new password</h1><p>Hello${firstName ? ` ${escape(firstName)}` : ""},</p>
<p>Someone (we hope you) asked to reset the password of your Kriya account.</p>
<p><a href="${escape(resetUrl)}" style="display:inline-block;padding:12px 20px;border-radius:999px;background:#2f4524;color:#fff;text-decoration:none">Choose a new password</a></p>
<p>Or paste this address into your browser:<br><span style="word-break:break-all">${escape(resetUrl)}</span></p>
<p>The link works once, within ${escape(validFor)}. Setting a new password signs you out everywhere else.</p>
<p>If you didn't ask for this, you can ignore this email: your password stays as it is.</p>
<p>Warm wishes from the Kriya team, and from the makers whose work you look after.</p>`);
  return { subject, text, html };
}

/** The newest email to one address (the test mailbox reads it). */
export async function getLatestEmailTo(db: Executor, { to }: { to: string }) {
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

/** Outbox handler: renders the refund email into the mailbox and hands it over. */
export const deliverRefundEmail: OutboxHandler = async (tx, payload) => {
  const { orderId, amountMinor, refundedMinor } = refundEmailPayload.parse(payload);
  const [order] = await tx
    .select({ number: orders.number, email: orders.email, customerName: orders.customerName, currency: orders.currency, totalMinor: orders.totalMinor })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order) return;
  const { subject, text, html } = renderRefundEmail({ ...order, amountMinor, refundedMinor, lookupUrl: absoluteUrl("/orders/lookup") });
  const [row] = await tx.insert(emails).values({ to: order.email, subject, text, html, orderId }).returning({ id: emails.id, createdAt: emails.createdAt });
  await handOverEmail(tx, { id: row!.id, createdAt: row!.createdAt, to: order.email, subject, text, html });
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
  const html = emailLayout(subject, `<h1 style="font-size:24px;margin:0 0 12px">Your refund is on its way</h1><p>Hello${customerName ? ` ${escape(customerName)}` : ""},</p>
<p>We have refunded <strong>${escape(money(amountMinor))}</strong> for order <strong>${escape(number)}</strong>. ${escape(sofar)}</p>
<p>It goes back to the card you paid with; your bank may take 5 to 10 days to show it.</p>
<p><a href="${escape(lookupUrl)}" style="${buttonStyle}">Follow your order</a> with your order number and this email address.</p>`);
  return { subject, text, html };
}
