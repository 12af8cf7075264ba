import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { importers, quoteEvents, quoteLines, quotes, wholesaleBasketLines } from "~db/schema";
import { formatMoney } from "~/domain/money/money";
import { formatReferenceCode } from "~/domain/platform/reference-code";
import { Refusal } from "~/domain/platform/refusal";
import { WHOLESALE_INBOX } from "~/domain/wholesale/importer-application";
import { quoteLinesRefusal } from "~/domain/wholesale/quote-lines";
import { parseQuoteNotes, parseQuoteTerms } from "~/domain/wholesale/quote-request";
import type { QuoteTerms } from "~/domain/wholesale/quote-status";
import { buttonStyle, emailLayout, escape, storeAndQueueEmail } from "~/models/platform/emails.server";
import { describeLines, type Basket } from "./basket.server";

/**
 * Sends the importer's basket as a quote request, in one transaction: lock the basket, refuse an empty one or a
 * product below its minimum or off its case pack, check the terms, then create the quote (status requested,
 * version 1, unpriced lines: staff price them), its first thread event, the staff notice and the importer's
 * acknowledgement, and empty the basket. Refused requests write nothing.
 */
export async function requestQuote(
  db: Db,
  {
    importerId,
    userId,
    incoterm,
    destinationPort,
    notes = "",
    origin,
    now = new Date(),
  }: { importerId: number; userId: number | null; incoterm: unknown; destinationPort?: unknown; notes?: string; origin: string; now?: Date },
): Promise<{ number: string }> {
  const importerNotes = parseQuoteNotes(notes);
  const terms = parseQuoteTerms({ incoterm, destinationPort });
  return db.transaction(async (tx) => {
    // Validate: the basket as it is now, held still until this request is sent (a second request waits, then finds it empty).
    const stored = await tx
      .select({ variantId: wholesaleBasketLines.variantId, quantity: wholesaleBasketLines.quantity })
      .from(wholesaleBasketLines)
      .where(eq(wholesaleBasketLines.importerId, importerId))
      .orderBy(asc(wholesaleBasketLines.variantId))
      .for("update");
    if (!stored.length) throw Refusal.invalid("Your quote basket is empty: add pieces from the catalogue first.");
    const basket = await describeLines(tx, { lines: stored });
    const gone = basket.lines.filter((l) => !l.offered);
    if (gone.length || basket.lines.length < stored.length) {
      throw Refusal.conflict(`${gone.map((l) => l.productTitle).join(", ") || "A piece"} is no longer in the wholesale catalogue: remove it from the basket first.`);
    }
    const refusal = quoteLinesRefusal(basket.problems);
    if (refusal) throw refusal;
    const [importer] = await tx
      .select({ companyName: importers.companyName, contactName: importers.contactName, contactEmail: importers.contactEmail, country: importers.country, status: importers.status })
      .from(importers)
      .where(eq(importers.id, importerId));
    if (!importer) throw Refusal.notFound("That importer does not exist.");
    if (importer.status !== "approved") throw Refusal.conflict("Only an approved importer can ask for a quote.");

    // Create: the quote, its lines (unpriced) and the first step of its thread.
    const number = formatReferenceCode("WQ", randomBytes(8), now);
    const [quote] = await tx
      .insert(quotes)
      .values({ number, importerId, status: "requested", incoterm: terms.incoterm, destinationPort: terms.destinationPort, importerNotes, currency: "USD", version: 1, createdAt: now, updatedAt: now })
      .returning({ id: quotes.id });
    await tx.insert(quoteLines).values(basket.lines.map((l) => ({ quoteId: quote!.id, variantId: l.variantId, quantity: l.quantity, unitPriceMinor: null })));
    await tx.insert(quoteEvents).values({ quoteId: quote!.id, kind: "requested", party: "importer", userId, version: 1, message: importerNotes, createdAt: now });

    // Record: both sides are told through the outbox, then the basket is emptied.
    await queueQuoteRequestEmails(tx, { number, basket, terms, notes: importerNotes, importer, origin });
    await tx.delete(wholesaleBasketLines).where(eq(wholesaleBasketLines.importerId, importerId));
    return { number };
  });
}

const usd = (amountMinor: number) => `US${formatMoney({ amountMinor, currency: "USD" })}`;
const termsText = (terms: QuoteTerms) => (terms.incoterm === "CIF" ? `CIF ${terms.destinationPort}` : "FOB Jakarta");

async function queueQuoteRequestEmails(
  tx: Executor,
  { number, basket, terms, notes, importer, origin }: { number: string; basket: Basket; terms: QuoteTerms; notes: string; importer: { companyName: string; contactName: string; contactEmail: string; country: string }; origin: string },
) {
  const lineTexts = basket.lines.map((l) => `${l.quantity} × ${l.productTitle}${l.variantTitle ? ` (${l.variantTitle})` : ""}, ${l.sku}${l.unitPriceMinor ? ` · tier ${usd(l.unitPriceMinor)}` : ""}`);
  const indicative = `Indicative at tier prices: ${usd(basket.subtotalMinor)}`;
  const lead = basket.leadTime.explanation;

  const adminUrl = new URL(`/admin/quotes/${number}`, origin).toString();
  const staffSubject = `Quote request ${number} from ${importer.companyName}`;
  const staffFacts = [`Importer: ${importer.companyName} (${importer.country}), ${importer.contactName} <${importer.contactEmail}>`, `Terms: ${termsText(terms)}`, `Lead time estimate: ${lead}`];
  await storeAndQueueEmail(tx, {
    to: WHOLESALE_INBOX,
    subject: staffSubject,
    text: [...staffFacts, "", ...lineTexts, indicative, "", notes ? `Notes from the importer:\n${notes}` : "No notes.", "", `Price it at ${adminUrl}`].join("\n"),
    html: emailLayout(
      staffSubject,
      `<h1 style="font-size:22px;margin:0 0 12px">A new quote request</h1><p>${staffFacts.map(escape).join("<br>")}</p>
<ul>${lineTexts.map((t) => `<li>${escape(t)}</li>`).join("")}</ul><p>${escape(indicative)}</p>
${notes ? `<blockquote style="margin:16px 0;padding:8px 16px;border-left:3px solid #e4d8c6;white-space:pre-line">${escape(notes)}</blockquote>` : ""}
<p><a href="${escape(adminUrl)}" style="${buttonStyle}">Price the quote</a></p>`,
    ),
  });

  const quoteUrl = new URL(`/wholesale/quotes/${number}`, origin).toString();
  const name = importer.contactName.trim().split(/\s+/)[0] ?? "";
  const subject = `We have your quote request ${number}`;
  const intro = [
    `Hello ${name},`,
    `Thank you for asking for a quote for ${importer.companyName}, ${termsText(terms)}. Our export team prices every line by hand and usually sends the quote within two working days.`,
  ];
  const after = [`${lead}`, "The tier prices shown in the basket are indicative: the quote we send is what counts.", "Warm wishes from the Kriya team in Jakarta."];
  await storeAndQueueEmail(tx, {
    to: importer.contactEmail,
    subject,
    text: [...intro, "", ...lineTexts, "", `Follow it at ${quoteUrl}`, "", ...after].join("\n"),
    html: emailLayout(
      subject,
      `<h1 style="font-size:24px;margin:0 0 12px">Your quote request</h1>${intro.map((p) => `<p>${escape(p)}</p>`).join("")}
<ul>${lineTexts.map((t) => `<li>${escape(t)}</li>`).join("")}</ul>
<p><a href="${escape(quoteUrl)}" style="${buttonStyle}">See quote ${escape(number)}</a></p>${after.map((p) => `<p>${escape(p)}</p>`).join("")}`,
    ),
  });
}
