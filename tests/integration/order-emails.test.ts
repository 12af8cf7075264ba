import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { emails } from "../../db/schema";
import { writableBackends } from "../support/db";
import { deliver, placeOne, sessionObject, setOnlineStock, someVariant, stripeEvent } from "../support/retail";

describe.each(writableBackends())("the order confirmation email on $name", ({ open }) => {
  let handle: DbHandle;
  const previous = process.env.PUBLIC_URL;
  beforeAll(async () => {
    handle = await open();
    process.env.PUBLIC_URL = "https://shop.kriya.example";
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.PUBLIC_URL;
    else process.env.PUBLIC_URL = previous;
    await handle.close();
  });

  it("has an HTML and a text part, absolute links on the configured origin, and the delivery address, escaped", async () => {
    const variant = await someVariant(handle.db, 40);
    await setOnlineStock(handle.db, variant.id, 5);
    const order = await placeOne(handle.db, variant.id, 1);
    const address = { name: "Anna <b>Schmidt</b>", line1: "Lindenstraße 12", city: "Berlin", postal_code: "10969", country: "DE", line2: null, state: null };
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id, { customer_details: { email: "shopper@example.com", name: "Anna", address }, shipping_details: { name: address.name, address } })));

    const [mail] = await handle.db.select().from(emails).where(and(eq(emails.orderId, order.id)));
    expect(mail).toBeDefined();
    const { text, html } = mail!;
    expect(text).not.toMatch(/<(table|a |p>|br)/i);
    expect(text).toContain(`https://shop.kriya.example/orders/${order.number}`);
    expect(text).toContain("Lindenstraße 12");
    expect(text).toContain("10969 Berlin");
    expect(text).toContain("Germany");

    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("Kriya");
    expect(html).toContain(`href="https://shop.kriya.example/orders/${order.number}"`);
    // Every link is absolute and on the configured origin.
    const hrefs = [...html!.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(1);
    for (const href of hrefs) expect(href.startsWith("https://shop.kriya.example/")).toBe(true);
    expect(html).toContain("Lindenstraße 12");
    expect(html).toContain("10969 Berlin");
    expect(html).toContain("Anna &#60;b&#62;Schmidt&#60;/b&#62;");
    expect(html).not.toContain("<b>Schmidt</b>");
    expect(html).toMatch(/Total<\/td><td[^>]*>[^<]+</);
  });
});
