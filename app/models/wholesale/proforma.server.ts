import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { importers, products, quoteLines, quotes, variants } from "~db/schema";
import { formatMoney, money } from "~/domain/money/money";
import { Refusal } from "~/domain/platform/refusal";
import { importerDeposit } from "~/domain/production/advance";
import type { QuoteStatus } from "~/domain/wholesale/quote-status";
import { countryNames } from "~/domain/retail/shipping";
import { env } from "~/utils/env.server";

/**
 * The proforma invoice of a priced quote as a PDF (pdfkit, its built-in Helvetica, so no font files ship). Staff
 * may print a priced quote before sending it; the importer sees it once it is sent, and only their own.
 */

const staffStatuses: readonly QuoteStatus[] = ["priced", "sent", "accepted"];
const importerStatuses: readonly QuoteStatus[] = ["sent", "accepted"];
export const BANK_DETAILS_PLACEHOLDER = "Bank details: not configured (set WHOLESALE_BANK_DETAILS). Ask wholesale@kriya.example before paying.";

const ink = "#2b2118";
const muted = "#6b5d4f";
const green = "#2f4524";

export async function renderProforma(
  db: Executor,
  { number, importerId, now = new Date(), compress = true }: { number: string; importerId?: number; now?: Date; compress?: boolean },
): Promise<{ body: Buffer; filename: string }> {
  const [row] = await db
    .select({ quote: quotes, importer: { companyName: importers.companyName, country: importers.country, taxId: importers.taxId, contactName: importers.contactName, contactEmail: importers.contactEmail, depositPercent: importers.depositPercent } })
    .from(quotes)
    .innerJoin(importers, eq(importers.id, quotes.importerId))
    .where(and(eq(quotes.number, number), importerId === undefined ? undefined : eq(quotes.importerId, importerId)));
  if (!row) throw Refusal.notFound("We couldn't find that quote.");
  const { quote, importer } = row;
  const allowed = importerId === undefined ? staffStatuses : importerStatuses;
  if (!allowed.includes(quote.status) || quote.totalMinor === null || quote.validUntil === null || quote.leadTimeDays === null) {
    throw Refusal.conflict(importerId === undefined ? "A proforma invoice needs a priced quote" : "The proforma invoice is ready once we have sent you the priced quote");
  }
  const lines = await db
    .select({ sku: variants.sku, productTitle: products.title, variantTitle: variants.title, quantity: quoteLines.quantity, unitPriceMinor: quoteLines.unitPriceMinor })
    .from(quoteLines)
    .innerJoin(variants, eq(variants.id, quoteLines.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(quoteLines.quoteId, quote.id))
    .orderBy(asc(quoteLines.id));

  const cur = (amountMinor: number) => formatMoney(money(amountMinor, quote.currency));
  const deposit = importerDeposit(money(quote.totalMinor, quote.currency), importer.depositPercent);
  const terms = quote.incoterm === "FOB" ? "FOB Jakarta (Tanjung Priok)" : `CIF ${quote.destinationPort ?? ""}`;
  const bank = (env().WHOLESALE_BANK_DETAILS ?? BANK_DETAILS_PLACEHOLDER).split("|").map((line) => line.trim());
  const title = `Proforma invoice ${quote.number}`;

  // pdfkit loads with the first proforma, not with the server (it is most of a cold start's imports).
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({ size: "A4", margin: 50, compress, info: { Title: title, Author: "Kriya", Subject: `Quote ${quote.number}, version ${quote.version}` } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fillColor(green).font("Helvetica-Bold").fontSize(22).text("Kriya", left, 50);
  doc.fillColor(muted).font("Helvetica").fontSize(9).text("Fair-trade handicrafts from Indonesia · Jakarta, Indonesia · wholesale@kriya.example");
  doc.moveDown(1.5);
  doc.fillColor(ink).font("Helvetica-Bold").fontSize(16).text(title);
  doc.font("Helvetica").fontSize(10).fillColor(muted).text(`Version ${quote.version} · issued ${now.toISOString().slice(0, 10)} · valid until ${quote.validUntil}`);
  doc.moveDown();

  const factsTop = doc.y;
  doc.fillColor(ink).font("Helvetica-Bold").fontSize(10).text("Bill to", left, factsTop);
  doc.font("Helvetica").text(importer.companyName).text(importer.contactName).text(importer.contactEmail).text(countryNames[importer.country] ?? importer.country).text(`Tax or VAT number: ${importer.taxId}`);
  const afterBill = doc.y;
  doc.font("Helvetica-Bold").text("Terms", left + width / 2, factsTop);
  doc.font("Helvetica").text(terms, left + width / 2).text(`Lead time: about ${quote.leadTimeDays} days after the deposit`, left + width / 2).text(`Currency: ${quote.currency}`, left + width / 2);
  doc.y = Math.max(afterBill, doc.y);
  doc.moveDown(1.5);

  const cols = [
    { label: "SKU", x: left, w: 80, align: "left" as const },
    { label: "Item", x: left + 85, w: 200, align: "left" as const },
    { label: "Qty", x: left + 290, w: 45, align: "right" as const },
    { label: "Unit", x: left + 340, w: 70, align: "right" as const },
    { label: "Total", x: left + 415, w: width - 415, align: "right" as const },
  ];
  const tableRow = (cells: string[], bold = false) => {
    const top = doc.y;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9).fillColor(ink);
    let bottom = top;
    cells.forEach((cell, i) => {
      const col = cols[i]!;
      doc.text(cell, col.x, top, { width: col.w, align: col.align });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom + 4;
    doc.x = left;
  };
  tableRow(cols.map((c) => c.label), true);
  doc.moveTo(left, doc.y - 2).lineTo(left + width, doc.y - 2).strokeColor("#e4d8c6").stroke();
  for (const line of lines) {
    const unit = line.unitPriceMinor ?? 0;
    if (doc.y > doc.page.height - 160) doc.addPage();
    tableRow([line.sku, line.variantTitle ? `${line.productTitle} (${line.variantTitle})` : line.productTitle, String(line.quantity), cur(unit), cur(unit * line.quantity)]);
  }
  doc.moveTo(left, doc.y).lineTo(left + width, doc.y).strokeColor("#e4d8c6").stroke();
  doc.moveDown(0.5);
  const sum = (label: string, value: string, bold = false) => {
    const top = doc.y;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(10).fillColor(ink).text(label, left + 240, top, { width: 170, align: "right" });
    doc.text(value, left + 415, top, { width: width - 415, align: "right" });
    doc.x = left;
  };
  sum("Subtotal", cur(quote.subtotalMinor ?? 0));
  sum(quote.incoterm === "CIF" ? `Freight to ${quote.destinationPort ?? "port"}` : "Freight (FOB: none)", cur(quote.freightMinor ?? 0));
  sum("Total", cur(quote.totalMinor), true);
  sum(`Deposit due on acceptance (${importer.depositPercent}%)`, cur(deposit.amountMinor), true);
  sum("Balance before shipment", cur(quote.totalMinor - deposit.amountMinor));
  doc.moveDown(2);

  doc.font("Helvetica-Bold").fontSize(10).fillColor(ink).text("Payment", left);
  doc.font("Helvetica").fontSize(9).text(bank.join("\n"), left, doc.y, { width });
  doc.moveDown();
  doc.fillColor(muted).fontSize(8).text(
    `This proforma invoice is not a tax invoice. Prices hold until ${quote.validUntil}. Half of each producer group's share is paid to the makers in advance, before production begins (WFTO Principle 3).`,
    left,
    doc.y,
    { width },
  );
  doc.end();
  await done;
  return { body: Buffer.concat(chunks), filename: `proforma-${quote.number}.pdf` };
}
