import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { seedUsers } from "../../db/seed/data/reference";
import { emails, outboxMessages } from "../../db/schema";
import { outboxRetry } from "~/domain/platform/outbox";
import { listFailingOutboxMessages } from "~/models/platform/dashboard.server";
import { EMAIL_DELIVERY } from "~/models/platform/emails.server";
import { outboxHandlers } from "~/models/platform/outbox-handlers.server";
import { drainOutbox } from "~/models/platform/outbox.server";
import { requestPasswordReset } from "~/models/platform/password-reset.server";
import { startFakeSmtp, type FakeSmtp } from "../fakes/smtp-server";
import { writableBackends } from "../support/db";
import { deliver, placeOne, sessionObject, setOnlineStock, someVariant, stripeEvent } from "../support/retail";

const origin = "https://shop.kriya.example";
const seconds = (at: Date, n: number) => new Date(at.getTime() + n * 1000);

describe.each(writableBackends())("email delivery over SMTP on $name", ({ open }) => {
  let handle: DbHandle;
  let smtp: FakeSmtp;
  const previous = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM, PUBLIC_URL: process.env.PUBLIC_URL };
  beforeAll(async () => {
    handle = await open();
    smtp = await startFakeSmtp();
    process.env.PUBLIC_URL = origin;
    process.env.MAIL_FROM = "Kriya Shop <orders@kriya.example>";
  });
  beforeEach(() => {
    process.env.SMTP_URL = smtp.url;
    smtp.refusing = false;
    smtp.arrived.length = 0;
  });
  afterAll(async () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await smtp.close();
    await handle.close();
  });

  const paidOrder = async (offset: number, email: string) => {
    const variant = await someVariant(handle.db, offset);
    await setOnlineStock(handle.db, variant.id, 5);
    const order = await placeOne(handle.db, variant.id, 1, { email });
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id, { customer_details: { email, name: "Anna" } })));
    return order;
  };
  const deliveryOf = async (orderId: string) => {
    const [mail] = await handle.db.select().from(emails).where(eq(emails.orderId, orderId));
    const [message] = await handle.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.topic, EMAIL_DELIVERY), sql`(${outboxMessages.payload}->>'emailId')::int = ${mail!.id}`));
    return { mail: mail!, message: message! };
  };

  it("sends the order confirmation after commit, with its HTML and text parts, from MAIL_FROM, signed in", async () => {
    const order = await paidOrder(41, "anna.smtp@example.com");
    // The payment's transaction wrote the mailbox copy and queued its delivery; nothing has gone out yet.
    const before = await deliveryOf(order.id);
    expect(before.mail.sentAt).toBeNull();
    expect(before.message).toMatchObject({ processedAt: null, attempts: 0 });
    expect(smtp.arrived).toHaveLength(0);

    expect((await drainOutbox(handle.db, { handlers: outboxHandlers })).processed).toBeGreaterThanOrEqual(1);
    expect(smtp.arrived).toHaveLength(1);
    const [arrived] = smtp.arrived;
    expect(arrived).toMatchObject({ user: "kriya", envelopeTo: ["anna.smtp@example.com"], to: "anna.smtp@example.com", from: '"Kriya Shop" <orders@kriya.example>' });
    expect(arrived!.subject).toBe(`Your Kriya order ${order.number} is confirmed`);
    expect(arrived!.text).toContain(`We have your payment for order ${order.number}.`);
    expect(arrived!.text).toContain(`${origin}/orders/${order.number}`);
    expect(arrived!.html).toContain("<h1");
    expect(arrived!.html).toContain(`href="${origin}/orders/${order.number}"`);
    const after = await deliveryOf(order.id);
    expect(after.mail.sentAt).not.toBeNull();
    expect(after.message.processedAt).not.toBeNull();

    // Draining again sends nothing twice.
    await drainOutbox(handle.db, { handlers: outboxHandlers });
    expect(smtp.arrived).toHaveLength(1);
  });

  it("sends the password reset email, rendered by the outbox handler", async () => {
    const staff = seedUsers.find((u) => u.role === "staff")!;
    const request = await requestPasswordReset(handle.db, { email: staff.email, origin });
    await drainOutbox(handle.db, { handlers: outboxHandlers });
    expect(smtp.arrived).toHaveLength(1);
    expect(smtp.arrived[0]).toMatchObject({ to: staff.email, subject: "Choose a new password for your Kriya account" });
    expect(smtp.arrived[0]!.text).toContain(`${origin}/reset-password?token=${request!.token}`);
    expect(smtp.arrived[0]!.html).toContain(`href="${origin}/reset-password?token=${request!.token}"`);
  });

  it("retries with backoff while the server refuses, shows the failure to staff, then delivers once it accepts", async () => {
    const order = await paidOrder(42, "busy.smtp@example.com");
    const { message } = await deliveryOf(order.id);
    smtp.refusing = true;
    const t0 = seconds(new Date(), 60);

    expect(await drainOutbox(handle.db, { handlers: outboxHandlers, now: t0 })).toEqual({ processed: 0, failed: 1 });
    let state = await deliveryOf(order.id);
    expect(state.message).toMatchObject({ attempts: 1, processedAt: null });
    expect(state.message.lastError).toMatch(/451|busy/);
    expect(state.message.availableAt.getTime()).toBe(seconds(t0, outboxRetry.baseSeconds).getTime());
    expect(state.mail.sentAt).toBeNull();
    expect(smtp.arrived).toHaveLength(0);
    const failing = await listFailingOutboxMessages(handle.db);
    expect(failing.find((m) => m.id === message.id)).toMatchObject({ topic: EMAIL_DELIVERY, recipient: "busy.smtp@example.com", attempts: 1, givenUp: false });

    // Not due before its backoff, even once the server accepts again.
    smtp.refusing = false;
    expect(await drainOutbox(handle.db, { handlers: outboxHandlers, now: seconds(t0, outboxRetry.baseSeconds - 1) })).toEqual({ processed: 0, failed: 0 });
    expect(smtp.arrived).toHaveLength(0);

    // An unreachable server is a failure too, and the wait doubles.
    const t1 = seconds(t0, outboxRetry.baseSeconds);
    process.env.SMTP_URL = "smtp://kriya:x@127.0.0.1:1";
    expect(await drainOutbox(handle.db, { handlers: outboxHandlers, now: t1 })).toEqual({ processed: 0, failed: 1 });
    state = await deliveryOf(order.id);
    expect(state.message).toMatchObject({ attempts: 2, processedAt: null });
    expect(state.message.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(state.message.availableAt.getTime()).toBe(seconds(t1, outboxRetry.baseSeconds * 2).getTime());

    process.env.SMTP_URL = smtp.url;
    expect(await drainOutbox(handle.db, { handlers: outboxHandlers, now: seconds(t1, outboxRetry.baseSeconds * 2) })).toEqual({ processed: 1, failed: 0 });
    expect(smtp.arrived.map((m) => m.subject)).toEqual([`Your Kriya order ${order.number} is confirmed`]);
    state = await deliveryOf(order.id);
    expect(state.message).toMatchObject({ attempts: 2, lastError: null });
    expect(state.message.processedAt).not.toBeNull();
    expect(state.mail.sentAt).not.toBeNull();
    expect((await listFailingOutboxMessages(handle.db)).find((m) => m.id === message.id)).toBeUndefined();
  });

  it("keeps emails in the development mailbox without SMTP_URL", async () => {
    delete process.env.SMTP_URL;
    const order = await paidOrder(43, "local.only@example.com");
    await drainOutbox(handle.db, { handlers: outboxHandlers });
    const { mail, message } = await deliveryOf(order.id);
    expect(mail.subject).toBe(`Your Kriya order ${order.number} is confirmed`);
    expect(message.processedAt).not.toBeNull();
    expect(smtp.arrived).toHaveLength(0);
  });
});
