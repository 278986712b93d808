// Issue 17's "done means" on the seeded demo region: the member has a year of study, the county
// dashboard shows study hours per member and a health score for every township, with reasons.
import { expect, test } from "@playwright/test";
import { loginAndExpectHome } from "./support.ts";

test("党员的学时页面有一年的线上和线下学时", async ({ page }) => {
  await loginAndExpectHome(page, "school", "member");
  await page.goto("/school/hours");
  const total = await page.getByTestId("hours-total").textContent();
  const hours = Number(/已获得 ([\d.]+) 学时/.exec(total ?? "")?.[1]);
  expect(hours).toBeGreaterThan(10);
});

test("县委仪表盘：人均学时有数，每个乡镇都有健康度及扣分原因", async ({ page }) => {
  await loginAndExpectHome(page, "branch", "county");
  await page.goto("/branch/dashboard");
  const study = page.locator(".dj-stat", { hasText: "人均学时" }).locator(".dj-stat__value");
  await expect(study).toHaveText(/^\d+(\.\d)?$/);
  expect(Number(await study.textContent())).toBeGreaterThan(0);
  // the county's own health card is derived from its branches, with reasons
  await expect(page.getByTestId("health-derived")).toHaveText(/由下属 \d+ 个支部的健康度平均得出/);
  await expect(page.getByText(/个支部.+平均扣 [\d.]+ 分/).first()).toBeVisible();
  // every township row has a score, none "—"
  const rows = page.getByRole("row").filter({ has: page.locator('a[href*="dashboard?org="]') });
  const count = await rows.count();
  expect(count).toBeGreaterThan(2);
  for (let i = 0; i < count; i++) await expect(rows.nth(i).getByRole("cell").nth(1)).toHaveText(/^\d+$/);
  // and a township's own dashboard shows the same score
  const name = (await rows.first().getByRole("link").textContent())!;
  const score = (await rows.first().getByRole("cell").nth(1).textContent())!;
  await rows.first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: "组织体系仪表盘" })).toBeVisible();
  await expect(page.locator(".wd-crumbs strong")).toHaveText(name);
  await expect(page.locator(".wd-health")).toContainText(score);
});
