import { asc, desc, eq } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { emails, orderLines, orders } from "~db/schema";
import { treeShareHundredths } from "~/domain/impact";
import { formatMoney } from "~/domain/money";

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
