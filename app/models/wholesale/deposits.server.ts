import { createHash, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db, Executor } from "~db/client.server";
import { exchangeRates, importers, quotes, wholesaleOrders, wholesalePayments } from "~db/schema";
import { formatMoney, money } from "~/domain/money/money";
import { paymentMismatch } from "~/domain/payments/payment-check";
import { idOf } from "~/domain/payments/stripe-event";
import { Refusal } from "~/domain/platform/refusal";
import { WHOLESALE_INBOX } from "~/domain/wholesale/importer-application";
import type { PaymentKindHandler } from "~/models/payments/payment-events.server";
import { createCheckoutSession, queueSessionExpiry } from "~/models/payments/stripe-checkout.server";
import { recordAudit, type Actor } from "~/models/platform/audit.server";
import { emailLayout, escape, storeAndQueueEmail } from "~/models/platform/emails.server";
import { publicOrigin } from "~/utils/env.server";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";
import type { FileStorage } from "~/utils/storage.server";
import { queueDepositReceivedEmails } from "./order-emails.server";
import { recordWholesaleTurnover } from "./wholesale-turnover.server";

/**
 * The importer's deposit: paid by Stripe Checkout (kind `wholesale_deposit`, through the payments dispatcher) or
 * the labelled demo checkout without Stripe keys, or received by bank transfer and recorded by staff with its
 * proof. At most one deposit per order: the database's partial unique index decides.
 */

const depositTaken = () => Refusal.conflict("The deposit for this order is already recorded.");
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

async function orderFacts(db: Executor, orderId: number) {
  const [row] = await db
    .select({
      orderNumber: wholesaleOrders.number,
      quoteNumber: quotes.number,
      companyName: importers.companyName,
      contactName: importers.contactName,
      contactEmail: importers.contactEmail,
      currency: wholesaleOrders.currency,
      totalMinor: wholesaleOrders.totalMinor,
      depositMinor: wholesaleOrders.depositMinor,
    })
    .from(wholesaleOrders)
    .innerJoin(importers, eq(importers.id, wholesaleOrders.importerId))
    .innerJoin(quotes, eq(quotes.id, wholesaleOrders.quoteId))
    .where(eq(wholesaleOrders.id, orderId));
  return row!;
}

/** Units of `currency` per USD ×1e6 now, from the stored rates (USD is 1). */
async function rateAtReceipt(tx: Executor, currency: string) {
  if (currency === "USD") return 1_000_000;
  const [rate] = await tx.select({ perUsdMicros: exchangeRates.perUsdMicros }).from(exchangeRates).where(eq(exchangeRates.currency, currency));
  if (!rate) throw Refusal.conflict(`There is no stored rate for ${currency}; set it under rates first.`);
  return rate.perUsdMicros;
}

/** After a deposit is in: the order moves on (from awaiting_deposit only) and both sides are told. */
async function depositReceived(tx: Executor, { orderId, status, amountMinor, method, origin, now }: { orderId: number; status: string; amountMinor: number; method: "stripe" | "bank_transfer"; origin: string; now: Date }) {
  if (status === "awaiting_deposit") await tx.update(wholesaleOrders).set({ status: "deposit_paid", updatedAt: now }).where(eq(wholesaleOrders.id, orderId));
  await queueDepositReceivedEmails(tx, { ...(await orderFacts(tx, orderId)), amountMinor, method, origin });
}

export type DepositCheckoutUrls = { successUrl: string; cancelUrl: string; demoUrl: string };

/**
 * Opens a checkout for the deposit of the importer's own order: a Stripe Checkout Session when Stripe is set up
 * (created before the write, so no lock is held across the call), otherwise a demo session that only the demo
 * checkout's signed events can pay. Returns where to send the importer.
 */
export async function startDepositCheckout(
  db: Db,
  { orderNumber, importerId, stripe, urls, now = new Date() }: { orderNumber: string; importerId: number; stripe: Stripe | null; urls: DepositCheckoutUrls; now?: Date },
): Promise<{ redirectTo: string; demo: boolean }> {
  const [order] = await db
    .select({ id: wholesaleOrders.id, number: wholesaleOrders.number, status: wholesaleOrders.status, currency: wholesaleOrders.currency, depositMinor: wholesaleOrders.depositMinor, email: importers.contactEmail })
    .from(wholesaleOrders)
    .innerJoin(importers, eq(importers.id, wholesaleOrders.importerId))
    .where(and(eq(wholesaleOrders.number, orderNumber.trim().toUpperCase()), eq(wholesaleOrders.importerId, importerId)));
  if (!order) throw Refusal.notFound("There is no order with that number on your account.");
  const [paid] = await db.select({ id: wholesalePayments.id }).from(wholesalePayments).where(and(eq(wholesalePayments.wholesaleOrderId, order.id), eq(wholesalePayments.kind, "deposit")));
  if (paid || order.status !== "awaiting_deposit") throw depositTaken();
  if (order.depositMinor <= 0) throw Refusal.conflict("This order asks for no deposit.");

  let sessionId: string;
  let redirectTo: string;
  if (stripe) {
    // One key per order and minute: a retried click finds the session it made, a later one gets a fresh session.
    const minute = Math.floor(now.getTime() / 60_000);
    const session = await createCheckoutSession(stripe, {
      kind: "wholesale_deposit",
      ids: { wholesale_order_id: String(order.id), wholesale_order_number: order.number },
      reference: String(order.id),
      currency: order.currency,
      customerEmail: order.email,
      lines: [{ name: `Deposit for wholesale order ${order.number}`, quantity: 1, unitAmountMinor: order.depositMinor }],
      expiresAt: new Date((minute + 60 * 23) * 60_000),
      successUrl: urls.successUrl,
      cancelUrl: urls.cancelUrl,
      idempotencyKey: `kriya-deposit-${order.id}-${minute}`,
    });
    if (!session.url) throw Refusal.upstreamFailed("Stripe did not give a payment page; please try again.");
    sessionId = session.id;
    redirectTo = session.url;
  } else {
    sessionId = `cs_demo_wo_${order.id}_${randomBytes(6).toString("hex")}`;
    redirectTo = urls.demoUrl;
  }
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ sessionId: wholesaleOrders.depositCheckoutSessionId, demo: wholesaleOrders.depositDemo }).from(wholesaleOrders).where(eq(wholesaleOrders.id, order.id)).for("update");
    if (current?.sessionId && current.sessionId !== sessionId && !current.demo) await queueSessionExpiry(tx, { sessionId: current.sessionId });
    await tx.update(wholesaleOrders).set({ depositCheckoutSessionId: sessionId, depositDemo: !stripe, updatedAt: now }).where(eq(wholesaleOrders.id, order.id));
  });
  return { redirectTo, demo: !stripe };
}

/** A payment event that does not match the deposit: staff are told, nothing moves. */
async function reportDepositProblem(tx: Executor, { orderNumber, problem }: { orderNumber: string; problem: string }) {
  const subject = `Deposit payment for ${orderNumber} needs a look`;
  await storeAndQueueEmail(tx, { to: WHOLESALE_INBOX, subject, text: problem, html: emailLayout(subject, `<p>${escape(problem)}</p>`) });
}

/**
 * Events of kind `wholesale_deposit`: a completed (paid) Checkout Session for the session the order was sent to
 * records the deposit once. A demo-signed event pays only a demo session, a live one only a live session; an
 * amount or currency that differs from the deposit is reported to staff and pays nothing.
 */
export const wholesaleDepositPayments: PaymentKindHandler = {
  async claimsUnlabelled(db, { sessionId }) {
    if (!sessionId) return false;
    const [row] = await db.select({ id: wholesaleOrders.id }).from(wholesaleOrders).where(eq(wholesaleOrders.depositCheckoutSessionId, sessionId)).limit(1);
    return Boolean(row);
  },

  async handle(tx, event, { demo }) {
    if (event.type !== "checkout.session.completed" && event.type !== "checkout.session.async_payment_succeeded") return { handled: false, orderId: null };
    const session = event.object;
    const [order] = await tx
      .select({ id: wholesaleOrders.id, number: wholesaleOrders.number, status: wholesaleOrders.status, currency: wholesaleOrders.currency, depositMinor: wholesaleOrders.depositMinor, depositDemo: wholesaleOrders.depositDemo })
      .from(wholesaleOrders)
      .where(eq(wholesaleOrders.depositCheckoutSessionId, session.id))
      .for("update");
    if (!order) return { handled: false, orderId: null };
    // Demo-signed events pay demo sessions only; a live event never pays a demo session.
    if (demo !== order.depositDemo) return { handled: false, orderId: order.number };
    if (event.type === "checkout.session.completed" && session.payment_status === "unpaid") return { handled: false, orderId: order.number };

    const problem = paymentMismatch(
      { number: order.number, totalMinor: order.depositMinor, currency: order.currency, stripeCheckoutSessionId: session.id },
      { sessionId: session.id, amountTotal: session.amount_total, currency: session.currency },
    );
    if (problem) {
      const sentence = problem.replace("so the order was not marked paid", "so the deposit was not recorded");
      await reportDepositProblem(tx, { orderNumber: order.number, problem: sentence });
      return { handled: true, orderId: order.number, problem: sentence };
    }
    const now = new Date();
    const inserted = await tx
      .insert(wholesalePayments)
      .values({
        wholesaleOrderId: order.id,
        kind: "deposit",
        method: "stripe",
        currency: order.currency,
        amountMinor: order.depositMinor,
        rateMicros: await rateAtReceipt(tx, order.currency),
        receivedAt: now,
        stripeCheckoutSessionId: session.id,
        stripePaymentIntentId: idOf(session.payment_intent),
      })
      .onConflictDoNothing()
      .returning({ id: wholesalePayments.id });
    // The deposit was already in (a bank transfer, or this session's other event): nothing more to do.
    if (inserted.length === 0) return { handled: true, orderId: order.number };
    await recordWholesaleTurnover(tx, { paymentId: inserted[0]!.id });
    await depositReceived(tx, { orderId: order.id, status: order.status, amountMinor: order.depositMinor, method: "stripe", origin: publicOrigin(), now });
    return { handled: true, orderId: order.number };
  },
};

export const MAX_PROOF_BYTES = 10 * 1024 * 1024;
const proofTypes: Record<string, { ext: string; magic: (b: Buffer) => boolean }> = {
  "application/pdf": { ext: "pdf", magic: (b) => b.subarray(0, 5).toString("latin1") === "%PDF-" },
  "image/jpeg": { ext: "jpg", magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  "image/png": { ext: "png", magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
};

export type TransferProof = { bytes: Buffer; filename: string; contentType: string };

export type BankTransferInput = {
  orderNumber: string;
  kind: "deposit" | "balance";
  amountMinor: number;
  currency: string;
  /** The day the money arrived, YYYY-MM-DD. */
  receivedOn: string;
  reference: string;
  proof: TransferProof | null;
  actor: Actor;
  /** Where the proof is kept (the storage the product photos use). */
  storage: FileStorage;
  /** PUBLIC_URL, for the links in the emails. */
  origin: string;
  now?: Date;
};

/** Checks a proof file is a PDF, JPEG or PNG within the size limit (by its bytes, not only its declared type). */
function checkProof(proof: TransferProof) {
  if (proof.bytes.length === 0) throw Refusal.invalid(`${proof.filename} is empty (0 bytes). Choose the file again.`, { field: "proof" });
  if (proof.bytes.length > MAX_PROOF_BYTES) throw Refusal.tooLarge(`${proof.filename} is too large: a proof must be ${MAX_PROOF_BYTES / 1024 / 1024} MB or smaller.`, { field: "proof" });
  const type = Object.entries(proofTypes).find(([, t]) => t.magic(proof.bytes));
  if (!type) throw Refusal.unsupported(`${proof.filename} is not a PDF, JPEG or PNG.`, { field: "proof" });
  return type[1].ext;
}

/**
 * Staff record money that arrived by bank transfer: a day not in the future, the bank's reference, an amount
 * above zero (for a deposit, exactly the deposit due) in the order's currency, and optionally the proof. The
 * payment row, the order's status, the audit entry and the emails are one transaction; a second deposit is a
 * conflict from the unique index, not a 500.
 */
export async function recordBankTransfer(db: Db, input: BankTransferInput): Promise<{ paymentId: number }> {
  const now = input.now ?? new Date();
  const reference = input.reference.trim();
  if (!reference) throw Refusal.invalid("Enter the bank's reference for the transfer.", { field: "reference" });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.receivedOn) || input.receivedOn < "2000-01-01") throw Refusal.invalid("Enter the day the money arrived, like 2026-03-31.", { field: "receivedOn" });
  if (input.receivedOn > dayOf(now)) throw Refusal.invalid("The day the money arrived can't be in the future.", { field: "receivedOn" });
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) throw Refusal.invalid("Enter the amount received, above zero.", { field: "amount" });
  const ext = input.proof ? checkProof(input.proof) : null;

  const attempt = async () =>
    db.transaction(async (tx) => {
      const [order] = await tx
        .select({ id: wholesaleOrders.id, number: wholesaleOrders.number, status: wholesaleOrders.status, currency: wholesaleOrders.currency, totalMinor: wholesaleOrders.totalMinor, depositMinor: wholesaleOrders.depositMinor })
        .from(wholesaleOrders)
        .where(eq(wholesaleOrders.number, input.orderNumber.trim().toUpperCase()))
        .for("update");
      if (!order) throw Refusal.notFound("There is no wholesale order with that number.");
      if (order.status === "cancelled") throw Refusal.conflict("This order is cancelled; no payment can be recorded on it.");
      if (input.currency.toUpperCase() !== order.currency) throw Refusal.invalid(`This order is in ${order.currency}, not ${input.currency.toUpperCase()}.`, { field: "amount" });
      const due = (m: number) => formatMoney(money(m, order.currency));
      if (input.kind === "deposit") {
        const [existing] = await tx.select({ id: wholesalePayments.id }).from(wholesalePayments).where(and(eq(wholesalePayments.wholesaleOrderId, order.id), eq(wholesalePayments.kind, "deposit")));
        if (existing) throw depositTaken();
        if (input.amountMinor !== order.depositMinor) throw Refusal.invalid(`The deposit due is ${due(order.depositMinor)}, not ${due(input.amountMinor)}.`, { field: "amount" });
      } else {
        // The balance follows the deposit, and everything received towards it counts: it is never paid twice over.
        const received = await tx
          .select({ kind: wholesalePayments.kind, amountMinor: wholesalePayments.amountMinor, reference: wholesalePayments.reference })
          .from(wholesalePayments)
          .where(eq(wholesalePayments.wholesaleOrderId, order.id));
        if (!received.some((p) => p.kind === "deposit")) throw Refusal.conflict("Record the deposit first: the balance follows it.");
        if (received.some((p) => p.kind === "balance" && p.reference?.trim().toLowerCase() === reference.toLowerCase())) {
          throw Refusal.conflict(`A balance payment with the reference "${reference}" is already recorded on this order.`);
        }
        const balanceDue = order.totalMinor - order.depositMinor - received.filter((p) => p.kind === "balance").reduce((sum, p) => sum + p.amountMinor, 0);
        if (balanceDue <= 0) throw Refusal.conflict("The balance of this order is already paid in full.");
        if (input.amountMinor > balanceDue) throw Refusal.invalid(`The balance still due is ${due(balanceDue)}; ${due(input.amountMinor)} is more than that.`, { field: "amount" });
      }
      let proofFile: string | null = null;
      if (input.proof && ext) {
        // Content-addressed under a folder the public image route never serves.
        proofFile = `wholesale-proofs/${createHash("sha256").update(input.proof.bytes).digest("hex")}.${ext}`;
        await input.storage.put(proofFile, input.proof.bytes);
      }
      const [payment] = await tx
        .insert(wholesalePayments)
        .values({
          wholesaleOrderId: order.id,
          kind: input.kind,
          method: "bank_transfer",
          currency: order.currency,
          amountMinor: input.amountMinor,
          rateMicros: await rateAtReceipt(tx, order.currency),
          receivedAt: new Date(`${input.receivedOn}T12:00:00Z`),
          reference,
          proofFile,
          recordedBy: input.actor.userId,
          createdAt: now,
        })
        .returning({ id: wholesalePayments.id });
      await recordWholesaleTurnover(tx, { paymentId: payment!.id });
      await recordAudit(tx, {
        userId: input.actor.userId,
        action: "record_payment",
        entityType: "wholesale_order",
        entityId: order.number,
        changes: { kind: input.kind, method: "bank_transfer", amountMinor: input.amountMinor, currency: order.currency, receivedOn: input.receivedOn, reference, proofFile },
        ip: input.actor.ip,
      });
      if (input.kind === "deposit") await depositReceived(tx, { orderId: order.id, status: order.status, amountMinor: input.amountMinor, method: "bank_transfer", origin: input.origin, now });
      return { paymentId: payment!.id };
    });
  try {
    return await attempt();
  } catch (error) {
    if (pgErrorCode(error) === PG.uniqueViolation) throw depositTaken();
    throw error;
  }
}

/** The stored proof of one payment of this order, or null when it has none (or the payment is another order's). */
export async function getTransferProof(db: Executor, { orderNumber, paymentId, storage }: { orderNumber: string; paymentId: number; storage: FileStorage }) {
  const [row] = await db
    .select({ proofFile: wholesalePayments.proofFile })
    .from(wholesalePayments)
    .innerJoin(wholesaleOrders, eq(wholesaleOrders.id, wholesalePayments.wholesaleOrderId))
    .where(and(eq(wholesalePayments.id, paymentId), eq(wholesaleOrders.number, orderNumber.trim().toUpperCase())));
  if (!row?.proofFile) return null;
  const bytes = await storage.get(row.proofFile);
  return bytes ? { bytes, ext: row.proofFile.split(".").pop() ?? "" } : null;
}
