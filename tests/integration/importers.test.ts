import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { auditLog, emails, importers, outboxMessages, passwordResetTokens, quotes, users } from "../../db/schema";
import { seedUsers } from "../../db/seed/data/reference";
import { isRefusal } from "~/domain/platform/refusal";
import { SETUP_LINK_DAYS, WHOLESALE_INBOX, type ImporterStatus } from "~/domain/wholesale/importer-application";
import { outboxHandlers } from "~/models/platform/outbox-handlers.server";
import { drainOutbox } from "~/models/platform/outbox.server";
import { resetPassword } from "~/models/platform/password-reset.server";
import { createSession, verifyLogin } from "~/models/platform/users.server";
import { approveImporter, getQuoteForImporter, getWholesaleOrderForImporter, rejectImporter, suspendImporter } from "~/models/wholesale/importers.server";
import { action as decideAction } from "~/routes/admin+/importers.$id";
import { loader as adminListLoader } from "~/routes/admin+/importers._index";
import { action as applyAction } from "~/routes/_wholesale+/wholesale.apply";
import { loader as wholesaleLoader } from "~/routes/_wholesale+/wholesale._index";
import { writeSessionId } from "~/utils/session.server";
import { requireImporter } from "~/web/importer.server";
import { writableBackends, serveAppFrom } from "../support/db";

const origin = "https://shop.kriya.example";
let ipCounter = 0;
const application = (email: string, overrides: Record<string, string> = {}) =>
  new URLSearchParams({
    companyName: "Globo Fair Imports Ltd",
    country: "GB",
    taxId: "GB 123 4567 89",
    contactName: "Amelia Hart",
    contactEmail: email,
    phone: "+44 20 7946 0000",
    website: "globofair.example",
    expectedVolume: "US$20,000–50,000",
    consent: "on",
    ...overrides,
  });

/** What a Remix `data()` returns, as the tests read it. */
type DataResult = { data: { status?: string; error?: Record<string, string[]>; message?: string; fields?: Record<string, string> }; init: ResponseInit | null };

async function thrown(work: () => Promise<unknown>): Promise<Response> {
  try {
    await work();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

describe.each(writableBackends())("importer accounts on $name", ({ open }) => {
  let handle: DbHandle;
  let restoreAppDb: () => void;
  beforeAll(async () => {
    handle = await open();
    // The routes reach the database through getDb(); point it at this test's database.
    restoreAppDb = serveAppFrom(handle);
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  const userIdOf = async (email: string) => (await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
  const staff = () => userIdOf(seedUsers.find((u) => u.role === "staff")!.email);
  const mailTo = (to: string) => handle.db.select().from(emails).where(sql`lower(${emails.to}) = lower(${to})`).orderBy(desc(emails.id));
  const importerByEmail = async (email: string) => (await handle.db.select().from(importers).where(sql`lower(${importers.contactEmail}) = lower(${email})`))[0];
  const cookieFor = async (userId: number) => (await writeSessionId((await createSession(handle.db, { userId })).id)).split(";")[0]!;
  const requestAs = async (path: string, userId: number | null, init: RequestInit = {}) =>
    new Request(`http://localhost${path}`, { ...init, headers: userId ? { Cookie: await cookieFor(userId) } : {} });
  const apply = (body: URLSearchParams) =>
    applyAction({ request: new Request("http://localhost/wholesale/apply", { method: "POST", body }), params: {}, context: { clientIp: `198.51.100.${++ipCounter}` } });
  /** An importer in a given status with its own sign-in, as approval would leave it. */
  const importerWithLogin = async (email: string, status: ImporterStatus) => {
    const [row] = await handle.db
      .insert(importers)
      .values({ companyName: `Test ${email}`, country: "DE", taxId: "DE 1", contactName: "Test Person", contactEmail: email, status, approvedAt: status === "approved" || status === "suspended" ? new Date() : null, rejectedAt: status === "rejected" ? new Date() : null })
      .returning({ id: importers.id });
    const [user] = await handle.db.insert(users).values({ email, name: "Test Person", role: "importer", importerId: row!.id, passwordHash: "!" }).returning({ id: users.id });
    return { importerId: row!.id, userId: user!.id };
  };

  it("takes an application as pending and queues a confirmation to the applicant and a notice to staff", async () => {
    const email = "amelia@globofair.example";
    const inboxBefore = (await mailTo(WHOLESALE_INBOX)).length;
    const response = (await apply(application("Amelia@GloboFair.example"))) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/wholesale/apply/thanks");

    const stored = await importerByEmail(email);
    expect(stored).toMatchObject({ status: "pending", companyName: "Globo Fair Imports Ltd", country: "GB", contactEmail: email, website: "https://globofair.example", expectedVolume: "US$20,000–50,000" });
    const [confirmation] = await mailTo(email);
    expect(confirmation!.subject).toContain("We have your wholesale application");
    const [notice, ...older] = await mailTo(WHOLESALE_INBOX);
    expect(older).toHaveLength(inboxBefore);
    expect(notice!.text).toContain(`/admin/importers/${stored!.id}`);
    const queued = await handle.db.select().from(outboxMessages).where(sql`${outboxMessages.dedupeKey} in (${`email:${confirmation!.id}`}, ${`email:${notice!.id}`})`);
    expect(queued.map((q) => q.topic)).toEqual(["email.deliver", "email.deliver"]);
  });

  it("refuses a second application from the same email (any case) on the email field, never a 500", async () => {
    const email = "twice@importer-test.example";
    expect(((await apply(application(email))) as Response).status).toBe(302);
    const again = (await apply(application(email.toUpperCase(), { companyName: "Another name" }))) as unknown as DataResult;
    expect(again.init?.status).toBe(409);
    expect(again.data.error?.contactEmail?.[0]).toMatch(/already have an application from this email/);
    // Two at once: whichever loses (on the check, or on the unique index) is refused the same way.
    const racing = (await Promise.all([apply(application("race@importer-test.example")), apply(application("RACE@importer-test.example"))])) as unknown[];
    const refused = racing.filter((r) => !(r instanceof Response)) as DataResult[];
    expect(refused).toHaveLength(1);
    expect(refused[0]!.init?.status).toBe(409);
    expect(refused[0]!.data.error?.contactEmail).toBeDefined();
    expect(await handle.db.select({ id: importers.id }).from(importers).where(sql`lower(${importers.contactEmail}) = 'race@importer-test.example'`)).toHaveLength(1);
  });

  it("answers an incomplete application with field errors", async () => {
    const result = (await apply(application("bad@importer-test.example", { country: "XX", consent: "" }))) as unknown as DataResult;
    expect(result.init?.status).toBe(400);
    expect(Object.keys(result.data.error ?? {}).sort()).toEqual(["consent", "country"]);
    expect(await importerByEmail("bad@importer-test.example")).toBeUndefined();
  });

  it("approving creates the linked importer sign-in and emails a single-use set-password link that works for a week", async () => {
    const email = "approve-me@importer-test.example";
    await apply(application(email));
    const importer = (await importerByEmail(email))!;
    const now = new Date();
    const approved = await approveImporter(handle.db, { id: importer.id, actor: { userId: await staff() }, expectedStatus: "pending", origin, now });
    expect(approved.userCreated).toBe(true);

    const [user] = await handle.db.select().from(users).where(eq(users.id, approved.userId));
    expect(user).toMatchObject({ email, role: "importer", importerId: importer.id });
    expect(await verifyLogin(handle.db, { email, password: "" })).toBeNull();
    expect((await importerByEmail(email))!).toMatchObject({ status: "approved", approvedBy: await staff() });
    const [token] = await handle.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user!.id));
    expect(token!.expiresAt.getTime()).toBe(now.getTime() + SETUP_LINK_DAYS * 86_400_000);
    const [audit] = await handle.db.select().from(auditLog).where(sql`${auditLog.entityType} = 'importer' and ${auditLog.entityId} = ${String(importer.id)}`);
    expect(audit).toMatchObject({ action: "approve" });

    // The action's own drain may hold the message (skip locked) while this one runs: drain until it is delivered.
    const mail = await vi.waitFor(
      async () => {
        await drainOutbox(handle.db, { handlers: outboxHandlers });
        const [delivered] = await mailTo(email);
        if (!delivered?.sentAt) throw new Error(`no email delivered to ${email} yet`);
        return delivered;
      },
      { timeout: 10_000, interval: 200 },
    );
    expect(mail.subject).toMatch(/wholesale account is ready/);
    const link = new URL(/https:\/\/\S+reset-password\S+/.exec(mail.text)![0]);
    const setupToken = link.searchParams.get("token")!;
    const password = "a long importer password";
    expect(await resetPassword(handle.db, { token: setupToken, password })).toMatchObject({ ok: true, userId: user!.id });
    expect(await verifyLogin(handle.db, { email, password })).toMatchObject({ id: user!.id, role: "importer" });
    expect(await resetPassword(handle.db, { token: setupToken, password: "another long password" })).toEqual({ ok: false, reason: "used" });

    // Approving twice (a stale page) is refused, and no second sign-in appears.
    await expect(approveImporter(handle.db, { id: importer.id, actor: { userId: await staff() }, expectedStatus: "pending", origin })).rejects.toSatisfy((e) => isRefusal(e, "conflict"));
    expect(await handle.db.select({ id: users.id }).from(users).where(eq(users.importerId, importer.id))).toHaveLength(1);
  });

  it("rejecting needs a note, stores it and emails it to the applicant", async () => {
    const email = "reject-me@importer-test.example";
    await apply(application(email));
    const importer = (await importerByEmail(email))!;
    const staffId = await staff();
    await expect(rejectImporter(handle.db, { id: importer.id, actor: { userId: staffId }, note: "   " })).rejects.toSatisfy((e) => isRefusal(e, "invalid"));

    // Through the back-office form: no note is a 400 on the note field.
    const post = async (body: Record<string, string>) =>
      decideAction({ request: await requestAs(`/admin/importers/${importer.id}`, staffId, { method: "POST", body: new URLSearchParams(body) }), params: { id: String(importer.id) }, context: {} });
    const refused = (await post({ intent: "reject", status: "pending", note: "" })) as unknown as DataResult;
    expect(refused.init?.status).toBe(400);
    expect(refused.data.fields?.note).toMatch(/Write a note/);
    expect((await importerByEmail(email))!.status).toBe("pending");

    const note = "We only work with shops that sell fair-trade goods exclusively.";
    const done = (await post({ intent: "reject", status: "pending", note })) as Response;
    expect(done.status).toBe(302);
    expect((await importerByEmail(email))!).toMatchObject({ status: "rejected", reviewNote: note });
    expect((await importerByEmail(email))!.rejectedAt).not.toBeNull();
    const [mail] = await mailTo(email);
    expect(mail!.subject).toBe("Your Kriya wholesale application");
    expect(mail!.text).toContain(note);
    // An unknown intent is a 400, not a 500.
    expect((await thrown(() => post({ intent: "delete", status: "rejected" }))).status).toBe(400);
  });

  it("lets only approved importers through the guard; pending, rejected and suspended ones get a 403 that says why", async () => {
    const approved = await importerWithLogin("guard-ok@importer-test.example", "approved");
    const { importer } = await requireImporter(await requestAs("/wholesale", approved.userId));
    expect(importer.id).toBe(approved.importerId);
    const page = (await wholesaleLoader({ request: await requestAs("/wholesale", approved.userId), params: {}, context: {} })) as { importer: { companyName: string } | null };
    expect(page.importer?.companyName).toBe("Test guard-ok@importer-test.example");

    for (const [status, message] of [["pending", /still being reviewed/], ["rejected", /was not approved/], ["suspended", /suspended/]] as const) {
      const who = await importerWithLogin(`guard-${status}@importer-test.example`, status);
      const refused = await thrown(async () => requireImporter(await requestAs("/wholesale", who.userId)));
      expect(refused.status).toBe(403);
      expect((await refused.json()).message).toMatch(message);
      const viaPage = await thrown(async () => wholesaleLoader({ request: await requestAs("/wholesale", who.userId), params: {}, context: {} }));
      expect(viaPage.status).toBe(403);
    }
    // A suspended importer is let back in once reinstated, and refused again when suspended.
    const suspended = (await importerByEmail("guard-suspended@importer-test.example"))!;
    const staffId = await staff();
    await approveImporter(handle.db, { id: suspended.id, actor: { userId: staffId }, expectedStatus: "suspended", origin });
    const suspendedUser = await userIdOf("guard-suspended@importer-test.example");
    expect((await requireImporter(await requestAs("/wholesale", suspendedUser))).importer.status).toBe("approved");
    await suspendImporter(handle.db, { id: suspended.id, actor: { userId: staffId }, expectedStatus: "approved" });
    expect((await thrown(async () => requireImporter(await requestAs("/wholesale", suspendedUser)))).status).toBe(403);

    // Not an importer's account: staff are refused, anonymous visitors go to the login page.
    expect((await thrown(async () => requireImporter(await requestAs("/wholesale", staffId)))).status).toBe(403);
    const anonymous = await thrown(async () => requireImporter(await requestAs("/wholesale", null)));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fwholesale");
    // Anonymous visitors see the public introduction instead.
    expect(await wholesaleLoader({ request: await requestAs("/wholesale", null), params: {}, context: {} })).toEqual({ importer: null });
  });

  it("keeps the back office to staff: importer and bazaar sign-ins are refused", async () => {
    const importerUser = await userIdOf(seedUsers.find((u) => u.role === "importer")!.email);
    const bazaar = await userIdOf(seedUsers.find((u) => u.role === "bazaar")!.email);
    for (const userId of [importerUser, bazaar]) {
      expect((await thrown(async () => adminListLoader({ request: await requestAs("/admin/importers", userId), params: {}, context: {} }))).status).toBe(403);
      const post = await thrown(async () =>
        decideAction({ request: await requestAs("/admin/importers/1", userId, { method: "POST", body: new URLSearchParams({ intent: "approve", status: "pending" }) }), params: { id: "1" }, context: {} }),
      );
      expect(post.status).toBe(403);
    }
    const list = (await adminListLoader({ request: await requestAs("/admin/importers", await staff()), params: {}, context: {} })) as { importers: { status: string }[] };
    const statuses = list.importers.map((i) => i.status);
    expect(statuses.indexOf("approved")).toBeGreaterThan(statuses.lastIndexOf("pending"));
    expect(new Set(statuses)).toEqual(new Set(["pending", "approved", "rejected", "suspended"]));
    const pendingOnly = (await adminListLoader({ request: await requestAs("/admin/importers?status=pending", await staff()), params: {}, context: {} })) as { importers: { status: string }[] };
    expect(pendingOnly.importers.length).toBeGreaterThan(0);
    expect(pendingOnly.importers.every((i) => i.status === "pending")).toBe(true);
  });

  it("loads a quote or order only for the importer it belongs to", async () => {
    const mine = await importerWithLogin("owner-a@importer-test.example", "approved");
    const theirs = await importerWithLogin("owner-b@importer-test.example", "approved");
    const [quote] = await handle.db.insert(quotes).values({ number: "Q-TEST-0001", importerId: theirs.importerId, incoterm: "FOB" }).returning({ id: quotes.id });
    // The signed-in importer is taken from the session, never from the request.
    const { importer } = await requireImporter(await requestAs("/wholesale", mine.userId));
    expect(await getQuoteForImporter(handle.db, { quoteId: quote!.id, importerId: importer.id })).toBeNull();
    expect(await getQuoteForImporter(handle.db, { quoteId: quote!.id, importerId: theirs.importerId })).toMatchObject({ id: quote!.id, number: "Q-TEST-0001" });
    expect(await getWholesaleOrderForImporter(handle.db, { orderId: 999_999, importerId: importer.id })).toBeNull();
  });
});
