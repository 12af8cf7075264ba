import type { Executor } from "~db/client.server";
import { countryNames } from "~/domain/retail/shipping";
import { setupLinkLifetime, WHOLESALE_INBOX, type ImporterApplication } from "~/domain/wholesale/importer-application";
import { buttonStyle, emailLayout, escape, storeAndQueueEmail } from "~/models/platform/emails.server";
import { absoluteUrl } from "~/utils/http.server";

/** The emails of an importer's application and its review, stored and queued in the transaction that caused them. */

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? "";
const paragraphs = (lines: string[]) => lines.map((line) => `<p>${escape(line)}</p>`).join("\n");

export async function queueApplicationEmails(tx: Executor, { importerId, application }: { importerId: number; application: ImporterApplication }) {
  const name = firstName(application.contactName);
  const confirmSubject = `We have your wholesale application, ${application.companyName}`;
  const confirm = [
    `Hello ${name},`,
    `Thank you for applying for a Kriya wholesale account for ${application.companyName}.`,
    "Our export team reviews every application by hand and replies within two working days. Once you are approved you will get an email with a link to choose your password and reach the wholesale catalogue, tier prices and quotes.",
    "If anything in your application changes in the meantime, reply to this email.",
    "Warm wishes from the Kriya team in Jakarta.",
  ];
  await storeAndQueueEmail(tx, {
    to: application.contactEmail,
    subject: confirmSubject,
    text: confirm.join("\n\n"),
    html: emailLayout(confirmSubject, `<h1 style="font-size:24px;margin:0 0 12px">Thank you for applying</h1>${paragraphs(confirm)}`),
  });

  const reviewUrl = absoluteUrl(`/admin/importers/${importerId}`);
  const noticeSubject = `New wholesale application: ${application.companyName} (${application.country})`;
  const facts = [
    `Company: ${application.companyName}`,
    `Country: ${countryNames[application.country] ?? application.country}`,
    `Tax or VAT number: ${application.taxId}`,
    `Contact: ${application.contactName} <${application.contactEmail}>, ${application.phone}`,
    `Website: ${application.website ?? "none given"}`,
    `Expected annual volume: ${application.expectedVolume}`,
  ];
  await storeAndQueueEmail(tx, {
    to: WHOLESALE_INBOX,
    subject: noticeSubject,
    text: [...facts, "", `Review it at ${reviewUrl}`].join("\n"),
    html: emailLayout(noticeSubject, `<h1 style="font-size:22px;margin:0 0 12px">A new wholesale application</h1><p>${facts.map(escape).join("<br>")}</p>
<p><a href="${escape(reviewUrl)}" style="${buttonStyle}">Review the application</a></p>`),
  });
}

export async function queueApprovalEmail(tx: Executor, { to, contactName, companyName, setupUrl }: { to: string; contactName: string; companyName: string; setupUrl: string }) {
  const subject = "Your Kriya wholesale account is ready: choose your password";
  const lines = [
    `Hello ${firstName(contactName)},`,
    `Good news: ${companyName} is approved for wholesale buying from Kriya.`,
    "Choose a password for your account here:",
  ];
  const after = [
    `The link works once, within ${setupLinkLifetime}. If it has expired, use "Forgot your password?" on the sign-in page with this email address.`,
    "After that, sign in with this email address to reach the wholesale pages.",
  ];
  await storeAndQueueEmail(tx, {
    to,
    subject,
    text: [...lines, "", setupUrl, "", ...after].join("\n"),
    html: emailLayout(subject, `<h1 style="font-size:24px;margin:0 0 12px">Welcome to Kriya wholesale</h1>${paragraphs(lines)}
<p><a href="${escape(setupUrl)}" style="${buttonStyle}">Choose your password</a></p>
<p>Or paste this address into your browser:<br><span style="word-break:break-all">${escape(setupUrl)}</span></p>${paragraphs(after)}`),
  });
}

export async function queueRejectionEmail(tx: Executor, { to, contactName, companyName, note }: { to: string; contactName: string; companyName: string; note: string }) {
  const subject = "Your Kriya wholesale application";
  const lines = [
    `Hello ${firstName(contactName)},`,
    `Thank you for your interest in buying from Kriya for ${companyName}. We are sorry that we can't open a wholesale account for you at this time.`,
  ];
  const after = ["If you have questions, or your situation changes, reply to this email.", "Warm wishes from the Kriya team in Jakarta."];
  await storeAndQueueEmail(tx, {
    to,
    subject,
    text: [...lines, "", "Our note:", note, "", ...after].join("\n"),
    html: emailLayout(subject, `<h1 style="font-size:24px;margin:0 0 12px">About your application</h1>${paragraphs(lines)}
<blockquote style="margin:16px 0;padding:8px 16px;border-left:3px solid #e4d8c6;white-space:pre-line">${escape(note)}</blockquote>${paragraphs(after)}`),
  });
}
