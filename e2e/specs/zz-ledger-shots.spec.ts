import { test } from "@playwright/test";
import { login } from "./support.ts";

test("screenshots", async ({ page }) => {
  await login(page, "branch", "secretary");
  await page.waitForURL(/\/branch\/?$/);
  for (const [name, path] of [["home", "/branch/"], ["dues", "/branch/dues"], ["arrears", "/branch/dues/arrears"], ["members", "/branch/members"], ["import", "/branch/members/import"], ["reports", "/branch/reports"], ["tasks", "/branch/tasks"]] as const) {
    await page.goto(path);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/tmp/ledger-shot-${name}.png`, fullPage: true });
  }
  await page.goto("/branch/dues");
  await page.getByRole("link", { name: /^登记缴费：/ }).first().click();
  await page.screenshot({ path: "/tmp/ledger-shot-pay.png", fullPage: true });
  await login(page, "branch", "county");
  await page.waitForURL(/\/branch\/?$/);
  await page.goto("/branch/tasks/new");
  await page.screenshot({ path: "/tmp/ledger-shot-tasknew.png", fullPage: true });
  await page.goto("/branch/dues/arrears");
  await page.screenshot({ path: "/tmp/ledger-shot-county-arrears.png", fullPage: true });
  await login(page, "branch", "member");
  await page.waitForURL(/\/branch\/?$/);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: "/tmp/ledger-shot-member-home.png", fullPage: true });
});
