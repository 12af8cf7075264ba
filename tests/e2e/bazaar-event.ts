import { expect, type Browser } from "@playwright/test";
import { signIn } from "./accounts";

/** Today in Jakarta (YYYY-MM-DD): the bazaar's business day, whatever the test machine's zone. */
export function jakartaToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export type RecordedSales = { sales: number; pieces: number; tills: { deviceId: string; upTo: number; allSynced: boolean }[] };

export type BazaarEvent = {
  id: number;
  name: string;
  /** What the back office reads from the database for this event today: its sales and every till that sold there. */
  recordedSales(): Promise<RecordedSales>;
};

/**
 * An open event of the journey's own, today, with stock sent and received through the back office as staff do
 * it, so the sales it counts afterwards are this journey's alone, whatever the seed or other journeys sold.
 */
export async function openEventWithStock(browser: Browser, { name, pieces, quantity }: { name: string; pieces: number; quantity: number }): Promise<BazaarEvent> {
  const today = jakartaToday();
  const context = await browser.newContext();
  const page = await context.newPage();
  let id: number;
  try {
    await signIn(page, "staff", "/admin/events/new");
    const details = page.getByRole("form", { name: "Event details" });
    await details.getByLabel("Name", { exact: true }).fill(name);
    await details.getByLabel("Venue").fill("Gedung Kesenian Jakarta");
    await details.getByLabel("First day").fill(today);
    await details.getByLabel("Last day").fill(today);
    await details.getByLabel("QRIS merchant name").fill("Kriya Bazar");
    await details.getByLabel("QRIS payload").fill("00020101021126570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215ID10200176114730303UMI5204594553033605802ID5911Kriya Bazar6007Jakarta6105101106304ABCD");
    await details.getByRole("button", { name: "Create event" }).click();
    await expect(page).toHaveURL(/\/admin\/events\/\d+$/);
    id = Number(/\/admin\/events\/(\d+)$/.exec(page.url())![1]);

    const status = page.getByRole("form", { name: "Change the event's status" });
    await status.getByLabel("New status").selectOption("open");
    await status.getByRole("button", { name: "Change status" }).click();
    await expect(page.getByRole("form", { name: "Change the event's status" }).getByLabel("New status").locator("option")).toHaveText(["Closed"]);

    await page.goto(`/admin/events/${id}/transfers/new`);
    const send = page.getByRole("form", { name: "Pieces to send" });
    // Pieces the warehouse has enough of, so the transfer is sent whole.
    const rows = send.getByRole("row").filter({ has: page.getByRole("spinbutton", { name: /^Quantity of .* to send$/ }) });
    let chosen = 0;
    for (let index = 0; chosen < pieces && index < (await rows.count()); index++) {
      const row = rows.nth(index);
      if (Number(await row.getByRole("cell").nth(2).innerText()) < quantity) continue;
      await row.getByRole("spinbutton").fill(String(quantity));
      chosen += 1;
    }
    expect(chosen).toBe(pieces);
    await send.getByRole("button", { name: "Send stock" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/events/${id}/transfers/\\d+$`));

    await page.getByRole("form", { name: "Receive this transfer" }).getByRole("button", { name: "Receive" }).click();
    await expect(page.getByText(`Received ${pieces * quantity} pieces.`)).toBeVisible();
  } finally {
    await context.close();
  }

  return {
    id,
    name,
    async recordedSales() {
      const staff = await browser.newContext();
      const office = await staff.newPage();
      try {
        await signIn(office, "staff", `/admin/events/${id}/sales`);
        // textContent: the page sets this line in capitals with CSS, which innerText would report.
        const totals = (await office.locator('dl[aria-label="Totals"] dt').first().textContent()) ?? "";
        const [, sales, soldPieces] = /^\s*(\d+) sales? · (\d+) pieces?\s*$/.exec(totals) ?? [];
        await office.goto(`/admin/events/${id}/close?day=${today}`);
        const tills = await office.locator(".till-list > li").evaluateAll((items) =>
          items.map((item) => ({
            deviceId: item.querySelector(".till-name .muted")?.textContent?.trim() ?? "",
            upTo: Number(/up to sale #(\d+)/.exec(item.textContent ?? "")?.[1] ?? NaN),
            allSynced: item.querySelector(".till-ok") !== null,
          })),
        );
        return { sales: Number(sales), pieces: Number(soldPieces), tills };
      } finally {
        await staff.close();
      }
    },
  };
}
