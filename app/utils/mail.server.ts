import type { Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { env, publicOrigin } from "~/utils/env.server";

/** `messageId`: a Message-ID that names the stored email, so a copy sent again after a crash reads as the same message. */
export type OutgoingEmail = { to: string; subject: string; text: string; html: string; messageId?: string };
export type MailReceipt = { messageId: string };

// One transporter per SMTP_URL, so a changed setting (tests change it between cases) takes effect.
const transporters = new Map<string, Transporter<SMTPTransport.SentMessageInfo>>();

/** nodemailer loads with the first email, not with the server. */
async function transporterFor(url: string): Promise<Transporter<SMTPTransport.SentMessageInfo>> {
  let transporter = transporters.get(url);
  if (!transporter) {
    const { default: nodemailer } = await import("nodemailer");
    // Short timeouts: the outbox drain waits for this, and a hanging server should become a retry, not a stall.
    transporter = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transporters.set(url, transporter);
  }
  return transporter;
}

/**
 * The Message-ID of a stored email: its row id and creation time on the shop's host. The outbox delivers at least
 * once (a crash after the SMTP server's 250 and before the row is marked sent sends it again); with one Message-ID
 * for both copies, mail systems and clients that deduplicate by it show one.
 */
export function storedEmailMessageId(email: { id: number; createdAt: Date }) {
  return `<email-${email.id}-${email.createdAt.getTime().toString(36)}@${new URL(publicOrigin()).hostname}>`;
}

/**
 * Hands one email, with its HTML and text parts, to the SMTP server from SMTP_URL, and resolves once the server
 * has accepted it; throws when it refuses or cannot be reached. Null without SMTP_URL: nothing is sent.
 */
export async function sendMail(email: OutgoingEmail): Promise<MailReceipt | null> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) return null;
  const info = await (await transporterFor(SMTP_URL)).sendMail({ from: MAIL_FROM, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: email.messageId });
  // A server may accept the message but refuse the one recipient; that is not a delivery.
  if (info.rejected.length > 0 || info.accepted.length === 0) throw new Error(`SMTP server refused ${email.to}: ${info.response}`);
  return { messageId: info.messageId };
}
