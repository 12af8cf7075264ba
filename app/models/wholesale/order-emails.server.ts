import type { Executor } from "~db/client.server";
import { formatMoney } from "~/domain/money/money";
import { WHOLESALE_INBOX } from "~/domain/wholesale/importer-application";
import { buttonStyle, emailLayout, escape, storeAndQueueEmail } from "~/models/platform/emails.server";

/** The emails of a wholesale order's acceptance and deposit, stored and queued in the transaction that caused them. */

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? "";
const paragraphs = (lines: string[]) => lines.map((line) => `<p>${escape(line)}</p>`).join("\n");

type OrderFacts = {
  orderNumber: string;
  quoteNumber: string;
  companyName: string;
  contactName: string;
  contactEmail: string;
  currency: string;
  totalMinor: number;
  depositMinor: number;
  /** PUBLIC_URL, passed in by the route: links never come from request headers. */
  origin: string;
};

export async function queueOrderConfirmedEmails(tx: Executor, order: OrderFacts & { producerGroups: string[] }) {
  const money = (amountMinor: number) => formatMoney({ amountMinor, currency: order.currency });
  const orderUrl = new URL(`/wholesale/orders/${order.orderNumber}`, order.origin).toString();
  const subject = `Order ${order.orderNumber} confirmed: your deposit of ${money(order.depositMinor)}`;
  const lines = [
    `Hello ${firstName(order.contactName)},`,
    `Thank you for accepting quote ${order.quoteNumber}. It is now wholesale order ${order.orderNumber}, for ${money(order.totalMinor)} in all.`,
    `The deposit is ${money(order.depositMinor)}. Once it arrives we pay each producer group half of their work in advance, and they begin.`,
    `The pieces will be made by ${order.producerGroups.join(", ")}. You can follow each group's progress on the order page.`,
  ];
  const after = ["You can pay by card on the order page, or by bank transfer (write the order number as the reference).", "Warm wishes from the Kriya team in Jakarta."];
  await storeAndQueueEmail(tx, {
    to: order.contactEmail,
    subject,
    text: [...lines, "", `Pay the deposit and follow the order: ${orderUrl}`, "", ...after].join("\n"),
    html: emailLayout(subject, `<h1 style="font-size:24px;margin:0 0 12px">Your order is confirmed</h1>${paragraphs(lines)}
<p><a href="${escape(orderUrl)}" style="${buttonStyle}">Pay the deposit</a></p>${paragraphs(after)}`),
  });

  const adminUrl = new URL(`/admin/wholesale-orders/${order.orderNumber}`, order.origin).toString();
  const noticeSubject = `Quote ${order.quoteNumber} accepted: order ${order.orderNumber} (${order.companyName})`;
  const facts = [
    `Importer: ${order.companyName}`,
    `Order total: ${money(order.totalMinor)}`,
    `Deposit due: ${money(order.depositMinor)}`,
    `Production orders drafted for: ${order.producerGroups.join(", ")}`,
  ];
  await storeAndQueueEmail(tx, {
    to: WHOLESALE_INBOX,
    subject: noticeSubject,
    text: [...facts, "", `See it at ${adminUrl}`].join("\n"),
    html: emailLayout(noticeSubject, `<h1 style="font-size:22px;margin:0 0 12px">A quote was accepted</h1><p>${facts.map(escape).join("<br>")}</p>
<p><a href="${escape(adminUrl)}" style="${buttonStyle}">Open the order</a></p>`),
  });
}

export async function queueDepositReceivedEmails(tx: Executor, order: OrderFacts & { amountMinor: number; method: "stripe" | "bank_transfer" }) {
  const money = (amountMinor: number) => formatMoney({ amountMinor, currency: order.currency });
  const orderUrl = new URL(`/wholesale/orders/${order.orderNumber}`, order.origin).toString();
  const how = order.method === "stripe" ? "by card" : "by bank transfer";
  const subject = `Deposit received for order ${order.orderNumber}`;
  const lines = [
    `Hello ${firstName(order.contactName)},`,
    `We have your deposit of ${money(order.amountMinor)} ${how} for order ${order.orderNumber}. Thank you.`,
    "We now pay each producer group its advance so production can begin. The order page shows each group's progress.",
  ];
  await storeAndQueueEmail(tx, {
    to: order.contactEmail,
    subject,
    text: [...lines, "", orderUrl].join("\n"),
    html: emailLayout(subject, `<h1 style="font-size:24px;margin:0 0 12px">Deposit received</h1>${paragraphs(lines)}
<p><a href="${escape(orderUrl)}" style="${buttonStyle}">Follow the order</a></p>`),
  });
  const adminUrl = new URL(`/admin/wholesale-orders/${order.orderNumber}`, order.origin).toString();
  const noticeSubject = `Deposit received: ${order.orderNumber} (${order.companyName}), ${money(order.amountMinor)} ${how}`;
  await storeAndQueueEmail(tx, {
    to: WHOLESALE_INBOX,
    subject: noticeSubject,
    text: [`The deposit for ${order.orderNumber} is in: the producer advances can be paid.`, "", adminUrl].join("\n"),
    html: emailLayout(noticeSubject, `<p>The deposit for ${escape(order.orderNumber)} is in: the producer advances can be paid.</p>
<p><a href="${escape(adminUrl)}" style="${buttonStyle}">Open the order</a></p>`),
  });
}
