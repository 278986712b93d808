// Issue 13 in the browser: the CSP lets every app work (no violations), cross-site posts are
// refused, logins cannot be batched, and a member changes the password with "log out elsewhere".
import { expect, test, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, login, queryDatabase } from "./support.ts";
import { DEMO_BRANCH_NAME } from "../../packages/seed/src/demo-accounts.ts";

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test.describe("安全响应头与内容安全策略", () => {
  test("三个应用的页面都带 CSP（含 nonce），页面正常工作，没有违反策略的报错", async ({ page }) => {
    const violations = watchCsp(page);
    await login(page, "branch", "secretary");
    await expect(page).toHaveURL(/\/branch\/?$/);
    for (const path of ["/branch/", "/branch/me", "/branch/members", "/school/", "/card/"]) {
      const response = await page.goto(path);
      const csp = response?.headers()["content-security-policy"] ?? "";
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
      await page.waitForLoadState("networkidle");
    }
    // hydration happened (client navigation works) under the policy
    await page.goto("/branch/");
    await page.getByRole("link", { name: /我的/ }).first().click();
    await expect(page).toHaveURL(/\/branch\/me$/);
    expect(violations).toEqual([]);
  });
});

test.describe("跨站请求与批量登录", () => {
  test("从别的网站提交的登录表单被拒绝（403），本站提交正常", async ({ page }) => {
    const forged = await page.request.post("/branch/login", {
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      data: `identifier=${DEMO_ACCOUNTS.member.phone}&password=${encodeURIComponent(DEMO_PASSWORD)}`,
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain("请求来源不正确");
    expect(forged.headers()["set-cookie"]).toBeUndefined();
  });

  test("一个请求里合并多个登录：400，不检查任何密码", async ({ page }) => {
    const input = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [
        i,
        { json: { identifier: DEMO_ACCOUNTS.member.phone, password: `guess-${i}` } },
      ]),
    );
    const answer = await page.request.post(`/api/trpc/${Array(10).fill("auth.login").join(",")}?batch=1`, {
      data: input,
    });
    expect(answer.status()).toBe(400);
    expect(JSON.stringify(await answer.json())).toContain("登录请求不能合并发送");
    await login(page, "branch", "member");
    await expect(page).toHaveURL(/\/branch\/?$/);
  });
});

test.describe("修改密码", () => {
  test("党员修改密码并退出其他设备：另一台设备的登录失效，新密码可以登录", async ({ page, browser }) => {
    // a seeded member who is not one of the demo accounts other specs use
    // (logs in by member number: phones are stored encrypted)
    const [row] = await queryDatabase<{ phone: string }>(
      `SELECT m."memberNo" AS phone FROM "Account" a JOIN "Member" m ON m.id = a."memberId" JOIN "Org" o ON o.id = m."branchId"
       WHERE a.phone IS NOT NULL AND NOT (m."memberNo" = ANY($1::text[])) AND o.name <> $2 ORDER BY m."memberNo" LIMIT 1`,
      [
        Object.values(DEMO_ACCOUNTS)
          .map((x) => x.memberNo)
          .filter(Boolean),
        DEMO_BRANCH_NAME,
      ],
    );
    const phone = row!.phone;
    const signIn = async (p: Page, password: string) => {
      await p.goto("/branch/login");
      await p.getByLabel("手机号或党员编号").fill(phone);
      await p.getByLabel("密码").fill(password);
      await p.getByRole("button", { name: "登录" }).click();
    };
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, DEMO_PASSWORD);
    await expect(otherPage).toHaveURL(/\/branch\/?$/);

    await signIn(page, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/branch\/?$/);
    await page.goto("/branch/me");
    await page.getByRole("link", { name: "账号安全" }).click();
    await expect(page.getByRole("heading", { name: "账号安全" })).toBeVisible();
    await page.getByLabel("当前密码").fill("not-my-password");
    await page.getByLabel("新密码", { exact: true }).fill("Better#2027");
    await page.getByLabel("再次输入新密码").fill("Better#2027");
    await page.getByRole("button", { name: "修改密码" }).click();
    await expect(page.getByText("当前密码不正确。")).toBeVisible();

    await page.getByLabel("当前密码").fill(DEMO_PASSWORD);
    await page.getByLabel("新密码", { exact: true }).fill("Better#2027");
    await page.getByLabel("再次输入新密码").fill("Better#2027");
    await page.getByRole("button", { name: "修改密码" }).click();
    await expect(page.getByText("密码已修改，其他设备上的登录已全部退出。")).toBeVisible();

    // the other device is signed out, this one is not
    await otherPage.goto("/branch/me");
    await expect(otherPage).toHaveURL(/\/branch\/login/);
    await page.goto("/branch/me");
    await expect(page).toHaveURL(/\/branch\/me$/);
    await signIn(otherPage, "Better#2027");
    await expect(otherPage).toHaveURL(/\/branch\/?$/);
    await other.close();

    // "退出所有设备" ends this session too
    await page.goto("/branch/password");
    await page.getByRole("button", { name: "退出所有设备" }).click();
    await expect(page).toHaveURL(/\/branch\/login/);
  });
});
