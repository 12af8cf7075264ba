import type { Executor } from "~db/client.server";
import { formatMoney } from "~/domain/money/money";
import { WHOLESALE_INBOX } from "~/domain/wholesale/importer-application";
import { buttonStyle, emailLayout, escape, storeAndQueueEmail } from "~/models/platform/emails.server";

/** The emails of a quote's steps, stored and queued in the transaction that took the step. Links use the origin the route passes in. */

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? "";
const paragraphs = (lines: string[]) => lines.map((line) => `<p>${escape(line)}</p>`).join("\n");
const quote = (message: string) => `<blockquote style="margin:16px 0;padding:8px 16px;border-left:3px solid #e4d8c6;white-space:pre-line">${escape(message)}</blockquote>`;

type Mail = { to: string; subject: string; heading: string; lines: string[]; message?: string; after?: string[]; link: { url: string; label: string } };

async function queue(tx: Executor, mail: Mail) {
  const after = mail.after ?? [];
  const text = [...mail.lines, ...(mail.message ? ["", mail.message, ""] : []), `${mail.link.label}: ${mail.link.url}`, ...(after.length ? ["", ...after] : [])].join("\n");
  const html = emailLayout(
    mail.subject,
    `<h1 style="font-size:24px;margin:0 0 12px">${escape(mail.heading)}</h1>${paragraphs(mail.lines)}${mail.message ? quote(mail.message) : ""}
<p><a href="${escape(mail.link.url)}" style="${buttonStyle}">${escape(mail.link.label)}</a></p>${paragraphs(after)}`,
  );
  await storeAndQueueEmail(tx, { to: mail.to, subject: mail.subject, text, html });
}

export type QuoteMailFacts = { number: string; companyName: string; contactName: string; contactEmail: string };

const importerLink = (origin: string, number: string) => ({ url: `${origin}/wholesale/quotes/${number}`, label: "See your quote" });
const staffLink = (origin: string, number: string) => ({ url: `${origin}/admin/quotes/${number}`, label: "Open the quote" });

export async function queueQuoteSentEmail(
  tx: Executor,
  { facts, origin, version, totalMinor, currency, validUntil, leadTimeDays }: { facts: QuoteMailFacts; origin: string; version: number; totalMinor: number; currency: string; validUntil: string; leadTimeDays: number },
) {
  await queue(tx, {
    to: facts.contactEmail,
    subject: `Your Kriya quote ${facts.number} is ready`,
    heading: "Your quote is ready",
    lines: [
      `Hello ${firstName(facts.contactName)},`,
      `We have priced quote ${facts.number}${version > 1 ? ` (version ${version})` : ""} for ${facts.companyName}.`,
      `Total: ${formatMoney({ amountMinor: totalMinor, currency })}. The prices hold until ${validUntil}, and the makers need about ${leadTimeDays} days once the deposit is in.`,
      "Accept it, ask for changes or write to us on the quote's page. The proforma invoice is there as a PDF.",
    ],
    link: importerLink(origin, facts.number),
    after: ["Warm wishes from the Kriya export team in Jakarta."],
  });
}

export async function queueQuoteExpiredEmail(tx: Executor, { facts, origin, validUntil }: { facts: QuoteMailFacts; origin: string; validUntil: string }) {
  await queue(tx, {
    to: facts.contactEmail,
    subject: `Your Kriya quote ${facts.number} has expired`,
    heading: "Your quote has expired",
    lines: [
      `Hello ${firstName(facts.contactName)},`,
      `Quote ${facts.number} was valid until ${validUntil} and can no longer be accepted.`,
      "Prices and the makers' schedules move, so we would be glad to price it again: write to us on the quote's page.",
    ],
    link: importerLink(origin, facts.number),
  });
}

const importerSteps = {
  changes_requested: { subject: "asks for changes to", heading: "Changes asked for" },
  declined: { subject: "declined", heading: "A quote was declined" },
  message: { subject: "wrote about", heading: "A new message from the importer" },
} as const;

/** Tells the export team what the importer did on a quote. */
export async function queueImporterStepEmail(
  tx: Executor,
  { facts, origin, step, message }: { facts: QuoteMailFacts; origin: string; step: keyof typeof importerSteps; message: string },
) {
  const words = importerSteps[step];
  await queue(tx, {
    to: WHOLESALE_INBOX,
    subject: `${facts.companyName} ${words.subject} quote ${facts.number}`,
    heading: words.heading,
    lines: [`${facts.contactName} of ${facts.companyName} ${words.subject} quote ${facts.number}.`],
    message: message || undefined,
    link: staffLink(origin, facts.number),
  });
}

/** Tells the importer that the export team wrote on their quote. */
export async function queueStaffMessageEmail(tx: Executor, { facts, origin, message }: { facts: QuoteMailFacts; origin: string; message: string }) {
  await queue(tx, {
    to: facts.contactEmail,
    subject: `A message about your Kriya quote ${facts.number}`,
    heading: "A message about your quote",
    lines: [`Hello ${firstName(facts.contactName)},`, `The Kriya export team wrote on quote ${facts.number}:`],
    message,
    link: importerLink(origin, facts.number),
  });
}
