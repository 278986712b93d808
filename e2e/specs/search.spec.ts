// Issue 12 "Done means": the search box in each app's header, on the seeded demo region.
import { expect, test, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, login, queryDatabase } from "./support.ts";

test.use({ actionTimeout: 15_000 });

const INTRO_COURSE = "网上党校入门：平台使用与学习方法";

async function searchFor(page: Page, q: string) {
  const box = page.getByRole("combobox", { name: "搜索" });
  await box.fill(q);
  return page.getByRole("listbox", { name: "搜索" });
}

test.describe("搜索", () => {
  test("党员在网上党校的搜索框输入 网上党校、wsdx、網上黨校 都能找到课程", async ({ page }) => {
    await login(page, "school", "member");
    await expect(page).toHaveURL(/\/school\/?$/);
    for (const q of ["网上党校", "wsdx", "網上黨校"]) {
      const results = await searchFor(page, q);
      const first = results.getByRole("option").first();
      await expect(first, q).toContainText(INTRO_COURSE);
      await expect(first.locator("mark").first()).toBeVisible();
    }
    // keyboard: ↓ then Enter opens the first result
    const box = page.getByRole("combobox", { name: "搜索" });
    await box.press("ArrowDown");
    await box.press("Enter");
    await expect(page).toHaveURL(/\/school\/courses\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: INTRO_COURSE })).toBeVisible();
  });

  test("支部书记用会议记录里的一个词找到去年春天的主题党日", async ({ page }) => {
    await login(page, "branch", "secretary");
    await expect(page).toHaveURL(/\/branch\/?$/);
    const results = await searchFor(page, "烈士陵园");
    const hit = results.getByRole("option").filter({ hasText: "清明祭英烈" }).first();
    await expect(hit).toBeVisible();
    await expect(hit).toContainText(DEMO_ACCOUNTS.secretary.orgName);
    await expect(hit.locator("mark", { hasText: "烈士陵园" }).first()).toBeVisible();
    await hit.getByRole("link").click();
    await expect(page).toHaveURL(/\/branch\/meetings\/[0-9a-f-]{36}$/);
  });

  test("县委用户输入支部名称的两个字找到支部", async ({ page }) => {
    await login(page, "branch", "county");
    await expect(page).toHaveURL(/\/branch\/?$/);
    const results = await searchFor(page, "柏树");
    await expect(results.getByRole("option").filter({ hasText: "中共柏树村支部委员会" }).first()).toBeVisible();
    // facets: narrow to organisations
    await page.getByRole("group", { name: "类型" }).getByRole("button", { name: /^组织/ }).click();
    await expect(results.getByRole("option").first()).toContainText("组织");
    await expect(results.getByRole("option").filter({ hasText: "中共柏树村支部委员会" }).first()).toBeVisible();
  });

  test("其他支部的党员搜不到别的支部的内容；空结果说明怎么办", async ({ page }) => {
    // the documents exist: 湖滨社区党支部 and its meetings are indexed
    const indexed = await queryDatabase<{ n: number }>(
      `SELECT count(*)::int AS n FROM "SearchDocument" WHERE "orgName" = '湖滨社区党支部'`,
    );
    expect(indexed[0]!.n).toBeGreaterThan(0);
    await login(page, "branch", "member");
    await expect(page).toHaveURL(/\/branch\/?$/);
    for (const q of ["湖滨社区", "hbsq", "湖滨社区党支部 主题党日"]) {
      await searchFor(page, q);
      await expect(page.getByText(/没有找到与“.*”相关的内容/)).toBeVisible();
      await expect(page.getByRole("option")).toHaveCount(0);
    }
    // bad input: emoji and query syntax get the same calm answer, never an error
    for (const q of ["😀🎉", 'acl IN ["pub"]', "' OR 1=1 --"]) {
      await searchFor(page, q);
      await expect(page.getByText(/没有找到与“.*”相关的内容|共 \d+ 条结果/)).toBeVisible();
      await expect(page.getByRole("alert")).toHaveCount(0);
    }
  });

  test("县委管理员给支部更名：原名称仍能搜到，页面显示曾用名", async ({ page }) => {
    // a village branch of the county that no other spec names; its name is put back at the end
    const [org] = await queryDatabase<{ id: string; name: string }>(
      `SELECT o.id, o.name FROM "Org" o JOIN "Org" c ON c.id = ANY(o."ancestorIds") AND c.name = $1
       WHERE o.kind = 'BRANCH' AND o.active AND o.name LIKE '中共%村支部委员会' AND o.name NOT IN ('中共柏树村支部委员会', '中共石门村支部委员会', $2)
       ORDER BY o.name DESC LIMIT 1`,
      [DEMO_ACCOUNTS.county.orgName, DEMO_ACCOUNTS.secretary.orgName],
    );
    expect(org, "a village branch in the county").toBeTruthy();
    const renamed = org!.name.replace("支部委员会", "联合党支部");
    await login(page, "branch", "county");
    await expect(page).toHaveURL(/\/branch\/?$/);
    const rename = async (name: string) => {
      await page.goto(`/branch/org/${org!.id}`);
      await page.getByText("更改组织名称").click();
      await page.getByLabel("新名称").fill(name);
      await page.getByRole("button", { name: "保存新名称" }).click();
      await expect(page.getByRole("status")).toContainText("已更名");
    };
    await rename(renamed);
    await expect(page.getByTestId("former-names")).toContainText(org!.name);
    // the old name finds the organisation, shown with its new name
    const results = await searchFor(page, org!.name);
    await expect(results.getByRole("option").filter({ hasText: renamed }).first()).toBeVisible();
    // back to the name the other specs know; both names stay on record
    await rename(org!.name);
    await expect(page.getByTestId("former-names")).toContainText(renamed);
  });
});
