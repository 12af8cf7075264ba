import { signIn } from "./accounts";
import { expect, test } from "./fixtures";

const TITLE = "Lawu Bifold Leather Wallet";
const SUMMARY = "Hand-stitched vegetable-tanned leather; the staff member's wording.";

test("a save from a form opened before a colleague's save is refused with who and when, keeps the typing, and Save again keeps it on purpose", async ({ page, browser }) => {
  // Staff open the product first…
  await signIn(page, "staff", `/admin/products?q=${encodeURIComponent(TITLE)}`);
  await page.getByRole("link", { name: TITLE, exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/products\/\d+$/);
  const path = new URL(page.url()).pathname;
  const staffForm = page.getByRole("form", { name: "Product" });

  // …then an admin, in another browser, renames it and saves.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, "admin", path);
  const adminForm = adminPage.getByRole("form", { name: "Product" });
  await adminForm.getByLabel("Product name").fill(`${TITLE} II`);
  await adminForm.getByRole("button", { name: "Save product" }).click();
  await expect(adminPage.getByRole("status")).toHaveText(`Saved ${TITLE} II.`);
  await adminContext.close();

  // The staff member, unaware, edits the summary and saves: refused, with their typing kept.
  await staffForm.getByLabel("Summary").fill(SUMMARY);
  await staffForm.getByRole("button", { name: "Save product" }).click();
  await expect(staffForm.getByRole("alert").first()).toContainText(
    /^Nothing was saved\. Ratna Sari saved this product at \d{4}-\d\d-\d\d \d\d:\d\d UTC, after you opened it, so your changes were not saved\./,
  );
  await expect(staffForm.getByLabel("Summary")).toHaveValue(SUMMARY);
  await expect(staffForm.getByLabel("Product name")).toHaveValue(TITLE);

  // Having looked, they press Save again: now it is their decision, and it is saved.
  await staffForm.getByRole("button", { name: "Save product" }).click();
  await expect(page.getByRole("status")).toHaveText(`Saved ${TITLE}.`);
  await expect(page.getByRole("form", { name: "Product" }).getByLabel("Summary")).toHaveValue(SUMMARY);
});
