import { expect, test } from "@playwright/test";
import {
  DEMO_BRANCH_NAME,
  DEMO_OTHER_BRANCH_NAME,
  DEMO_TOWNSHIP_NAME,
  DEMO_COUNTY_NAME,
  DEMO_ROOT,
  DEMO_WEAK_BRANCHES,
} from "../../packages/seed/src/demo-accounts.ts";
import { DEMO_ACCOUNTS, login, loginAndExpectHome, queryDatabase } from "./support.ts";

test.describe("每个演示角色登录后看到自己的真实数据", () => {
  test("党员：我的支部、课程目录、我的党证", async ({ page }) => {
    await loginAndExpectHome(page, "branch", "member");
    await expect(page.getByRole("heading", { name: DEMO_BRANCH_NAME })).toBeVisible();
    await expect(page.getByText("下次组织生活")).toBeVisible();
    // one session cookie serves all three apps
    await page.goto("/school/");
    await expect(page.getByText("学习贯彻党的二十大精神").first()).toBeVisible();
    await page.goto("/card/");
    await expect(page.getByText(DEMO_ACCOUNTS.member.memberNo!)).toBeVisible();
    await expect(page.getByText(DEMO_BRANCH_NAME).first()).toBeVisible();
    await expect(page.getByText("党龄")).toBeVisible();
  });

  test("支部书记：看到本支部党员构成和党费缴纳情况", async ({ page }) => {
    await loginAndExpectHome(page, "branch", "secretary");
    await expect(page.getByRole("heading", { name: DEMO_BRANCH_NAME })).toBeVisible();
    await expect(page.getByRole("heading", { name: "党员构成" })).toBeVisible();
    // branch A is a healthy branch: everyone has paid
    await expect(page.getByRole("heading", { name: "党费待缴" })).toBeVisible();
    await expect(page.getByText("所有党员都已按时缴纳党费。")).toBeVisible();
  });

  test("市委：在欠缴党费的薄弱支部看到欠缴党员名单", async ({ page }) => {
    await loginAndExpectHome(page, "branch", "city");
    await page.getByRole("link", { name: DEMO_WEAK_BRANCHES.duesArrears }).click();
    await expect(page.getByRole("heading", { name: DEMO_WEAK_BRANCHES.duesArrears })).toBeVisible();
    const arrears = page.getByRole("region", { name: "党费待缴" });
    await expect(arrears.getByText("未缴月数").first()).toBeVisible();
    // the seed leaves 4 of its members five months behind
    await expect(arrears.getByRole("cell", { name: "未缴月数 5 个月", exact: true })).toHaveCount(4);
  });

  test("乡镇党委：看到本镇组织树和党员人数", async ({ page }) => {
    await loginAndExpectHome(page, "branch", "township");
    await expect(page.getByText(DEMO_TOWNSHIP_NAME).first()).toBeVisible();
    await expect(page.getByRole("link", { name: DEMO_BRANCH_NAME })).toBeVisible();
    await expect(page.getByText(DEMO_OTHER_BRANCH_NAME)).toHaveCount(0);
  });

  test("县委：看到全县组织树", async ({ page }) => {
    await loginAndExpectHome(page, "branch", "county");
    await expect(page.getByText(DEMO_COUNTY_NAME).first()).toBeVisible();
    await expect(page.getByRole("link", { name: DEMO_BRANCH_NAME })).toBeVisible();
  });

  test("市委：看到全市组织树，可进入任一支部", async ({ page }) => {
    await loginAndExpectHome(page, "branch", "city");
    await expect(page.getByText(DEMO_ROOT.name).first()).toBeVisible();
    await page.getByRole("link", { name: DEMO_OTHER_BRANCH_NAME }).click();
    await expect(page.getByRole("heading", { name: DEMO_OTHER_BRANCH_NAME })).toBeVisible();
  });

  test("党校管理员：看到课程目录", async ({ page }) => {
    await loginAndExpectHome(page, "school", "schoolAdmin");
    await expect(page.getByText("学习贯彻党的二十大精神").first()).toBeVisible();
  });
});

test.describe("每个角色都能用它可用的应用", () => {
  const apps: Array<[keyof typeof DEMO_ACCOUNTS, "school" | "card"]> = [
    ["secretary", "school"],
    ["secretary", "card"],
    ["township", "school"],
    ["township", "card"],
    ["county", "school"],
    ["city", "school"],
  ];
  for (const [who, app] of apps) {
    test(`${DEMO_ACCOUNTS[who].displayName}：${app === "school" ? "网上党校" : "电子党证"}`, async ({ page }) => {
      await loginAndExpectHome(page, app, who);
      if (app === "school") {
        await expect(page.getByRole("heading", { name: "课程目录" })).toBeVisible();
        await expect(page.getByText("学习贯彻党的二十大精神").first()).toBeVisible();
      } else {
        await expect(page.getByText(DEMO_ACCOUNTS[who].memberNo!)).toBeVisible();
        await expect(page.getByText(DEMO_ACCOUNTS[who].branchName!).first()).toBeVisible();
      }
    });
  }
});

test.describe("拒绝越权与错误输入", () => {
  test("支部 A 的党员看不到支部 B 的数据：页面和接口都拒绝", async ({ page, browser }) => {
    // find branch B's id the way a city user would: from the tree
    const cityContext = await browser.newContext();
    const cityPage = await cityContext.newPage();
    await login(cityPage, "branch", "city");
    const href = await cityPage.getByRole("link", { name: DEMO_OTHER_BRANCH_NAME }).getAttribute("href");
    await cityContext.close();
    const branchBId = href!.split("/").filter(Boolean).at(-1)!;

    await login(page, "branch", "member");
    await expect(page).toHaveURL(/\/branch\/?$/);
    const response = await page.goto(`/branch/org/${branchBId}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByText("您没有权限查看该组织的信息。")).toBeVisible();
    await expect(page.getByText(DEMO_OTHER_BRANCH_NAME)).toHaveCount(0);

    const api = await page.request.get(
      `/api/trpc/branch.overview?input=${encodeURIComponent(JSON.stringify({ json: { orgId: branchBId } }))}`,
    );
    expect(api.status()).toBe(403);
    const body = await api.json();
    expect(body.error.json.message).toBe("您没有权限查看该组织的信息。");
    expect(JSON.stringify(body)).not.toContain("stack");
  });

  test("错误的密码：清楚的中文提示，账号保留在输入框", async ({ page }) => {
    await login(page, "card", "member", "wrong-password");
    await expect(page.getByText("账号或密码不正确。")).toBeVisible();
    await expect(page.getByLabel("手机号或党员编号")).toHaveValue(DEMO_ACCOUNTS.member.phone);
  });

  test("未登录访问：转到登录页，登录后回到原页面", async ({ page }) => {
    await page.goto("/card/");
    await expect(page).toHaveURL(/\/card\/login/);
    await page.getByLabel("手机号或党员编号").fill(DEMO_ACCOUNTS.member.phone);
    await page.getByLabel("密码").fill("Dangjian@2026");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/card\/?$/);
  });

  test("格式错误的接口输入：400 和中文提示", async ({ page }) => {
    await login(page, "branch", "county");
    await expect(page).toHaveURL(/\/branch\/?$/);
    const api = await page.request.get(
      `/api/trpc/branch.overview?input=${encodeURIComponent(JSON.stringify({ json: { orgId: "不是编号" } }))}`,
    );
    expect(api.status()).toBe(400);
    expect((await api.json()).error.json.message).toMatch(/^填写的内容有误/);
  });

  test("不存在的组织：404", async ({ page }) => {
    await login(page, "branch", "county");
    await expect(page).toHaveURL(/\/branch\/?$/);
    const response = await page.goto("/branch/org/00000000-0000-4000-8000-000000000000");
    expect(response?.status()).toBe(404);
  });

  test("退出登录后会话失效", async ({ page }) => {
    await login(page, "branch", "member");
    await expect(page).toHaveURL(/\/branch\/?$/);
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/branch\/login/);
    const api = await page.request.get("/api/trpc/card.mine");
    expect(api.status()).toBe(401);
  });

  test("未知账号连续登录失败：先提示账号或密码错误，第六次起提示稍后再试（429）", async ({ page }) => {
    // an identifier nobody has used, so that the spec also holds on a reused database
    const stranger = `199${String(Date.now()).slice(-8)}`;
    await page.goto("/branch/login");
    for (let i = 0; i < 5; i++) {
      await page.getByLabel("手机号或党员编号").fill(stranger);
      await page.getByLabel("密码").fill(`guess-${i}`);
      const response = page.waitForResponse((r) => r.request().method() === "POST");
      await page.getByRole("button", { name: "登录" }).click();
      expect((await response).status()).toBe(401);
      await expect(page.getByText("账号或密码不正确。")).toBeVisible();
    }
    await page.getByLabel("密码").fill("guess-6");
    const response = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "登录" }).click();
    expect((await response).status()).toBe(429);
    await expect(page.getByText(/登录失败次数过多，请 1[45] 分钟后再试。/)).toBeVisible();
  });
});

test.describe("隐私", () => {
  test("普通党员只看到本支部欠缴党费的人数，看不到名单", async ({ page }) => {
    // an ordinary member (MEMBER role only) of the branch with dues arrears
    const rows = await queryDatabase<{ phone: string }>(
      `SELECT m."memberNo" AS phone FROM "Account" a JOIN "Member" m ON m.id = a."memberId" JOIN "Org" o ON o.id = m."branchId"
          WHERE o.name = $1 AND NOT EXISTS (SELECT 1 FROM "RoleGrant" g WHERE g."accountId" = a.id AND g.role <> 'MEMBER')
          ORDER BY m."memberNo" LIMIT 1`,
      [DEMO_WEAK_BRANCHES.duesArrears],
    );
    const phone = rows[0]!.phone;
    await page.goto("/branch/login");
    await page.getByLabel("手机号或党员编号").fill(phone);
    await page.getByLabel("密码").fill("Dangjian@2026");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByRole("heading", { name: DEMO_WEAK_BRANCHES.duesArrears })).toBeVisible();
    const arrears = page.getByRole("region", { name: "党费待缴" });
    await expect(arrears.getByText(/本支部有 \d+ 名党员有未缴的党费/)).toBeVisible();
    await expect(arrears.getByRole("table")).toHaveCount(0);
    await expect(arrears.getByText("所有党员都已按时缴纳党费。")).toHaveCount(0);
  });
});

test.describe("会话", () => {
  test("经常使用的会话会续期，浏览器里的 Cookie 一同续期", async ({ page, context }) => {
    await login(page, "card", "member");
    await expect(page).toHaveURL(/\/card\/?$/);
    const before = (await context.cookies()).find((c) => c.name === "dj_session")!;
    // Pretend the member last used the platform two days ago, with one hour of session left.
    await queryDatabase(
      `UPDATE "Session" SET "lastSeenAt" = now() - interval '2 days', "expiresAt" = now() + interval '1 hour'
         WHERE "accountId" = (SELECT a.id FROM "Account" a JOIN "Member" m ON m.id = a."memberId" WHERE m."memberNo" = $1)`,
      [DEMO_ACCOUNTS.member.memberNo],
    );
    const response = await page.goto("/card/");
    expect(response?.status()).toBe(200);
    expect(await response?.headerValue("set-cookie")).toContain("dj_session=");
    const after = (await context.cookies()).find((c) => c.name === "dj_session")!;
    expect(after.value).toBe(before.value);
    expect(after.expires).toBeGreaterThan(Date.now() / 1000 + 6.9 * 86_400);
  });
});
