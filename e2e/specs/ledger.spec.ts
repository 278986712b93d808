import { expect, test } from "@playwright/test";
import { DEMO_BRANCH_NAME, DEMO_COUNTY_NAME } from "../../packages/seed/src/demo-accounts.ts";
import { idNumberCheckChar } from "../../packages/core/src/members/id-number.ts";
import { login, queryDatabase } from "./support.ts";
import {
  answerTask,
  currentMonth,
  importMembers,
  memberWorkbook,
  monthLabel,
  pushTask,
  recordDuesPayment,
} from "./steps/ledger.ts";

test.describe("党费台账", () => {
  test("书记登记两笔党费（现场、转账），台账和收据都能看到", async ({ page }) => {
    // two members of branch A with a unique name, a declaration, and the current month unpaid
    const members = await queryDatabase<{ name: string }>(
      `SELECT m.name FROM "Member" m JOIN "Org" o ON o.id = m."branchId"
       WHERE o.name = $1 AND m.active
         AND EXISTS (SELECT 1 FROM "DuesDeclaration" d WHERE d."memberId" = m.id)
         AND NOT EXISTS (SELECT 1 FROM "DuesMonth" dm WHERE dm."memberId" = m.id AND dm.month >= date_trunc('month', now())::date)
         AND (SELECT count(*) FROM "Member" x WHERE x."branchId" = m."branchId" AND x.name = m.name) = 1
       ORDER BY m."memberNo" DESC LIMIT 2`,
      [DEMO_BRANCH_NAME],
    );
    expect(members).toHaveLength(2);
    const [first, second] = members.map((m) => m.name) as [string, string];
    await login(page, "branch", "secretary");
    await expect(page).toHaveURL(/\/branch\/?$/);

    const started = Date.now();
    const onSite = await recordDuesPayment(page, first, [currentMonth()], "ON_SITE");
    const transfer = await recordDuesPayment(
      page,
      second,
      [currentMonth(), currentMonth(1)],
      "TRANSFER",
      "6222020200112233",
    );
    const elapsed = Date.now() - started;
    test.info().annotations.push({ type: "两笔党费登记用时", description: `${elapsed} ms` });
    process.stdout.write(
      `[ledger] two dues payments recorded in ${elapsed} ms (from the ledger page to the second receipt)\n`,
    );
    expect(Number(transfer.slice(-6))).toBeGreaterThan(Number(onSite.slice(-6)));

    // the transfer receipt shows both months and the reference
    const receipt = page.getByRole("region", { name: "党费收据" });
    await expect(receipt.getByText(`${monthLabel(currentMonth())}、${monthLabel(currentMonth(1))}`)).toBeVisible();
    await expect(receipt.getByText("6222020200112233")).toBeVisible();
    await expect(receipt.getByText("银行转账")).toBeVisible();

    // the ledger shows both as paid with their receipt numbers
    await page.goto("/branch/dues");
    await expect(page.getByRole("link", { name: new RegExp(`已缴\\s*${onSite}`) })).toBeVisible();
    await expect(page.getByRole("link", { name: new RegExp(`已缴\\s*${transfer}`) })).toBeVisible();

    // paying the same month again is refused with a clear message, nothing is recorded
    await page.goto("/branch/dues");
    await page.getByRole("link", { name: `登记缴费：${first}`, exact: true }).click();
    await expect(
      page.getByRole("checkbox", { name: `${monthLabel(currentMonth())}（已缴）`, exact: true }),
    ).toBeDisabled();

    // the worker turns the payments' outbox events into the monthly fact table
    await expect
      .poll(async () => {
        const [fact] = await queryDatabase<{ paid: number }>(
          `SELECT f."membersPaid" AS paid FROM "OrgMonthFact" f JOIN "Org" o ON o.id = f."orgId" WHERE o.name = $1 AND f.month = date_trunc('month', now())::date`,
          [DEMO_BRANCH_NAME],
        );
        return fact?.paid ?? 0;
      })
      .toBeGreaterThanOrEqual(2);

    // the receipt opens from the ledger
    await page.goto("/branch/dues");
    await page.getByRole("link", { name: new RegExp(onSite) }).click();
    await expect(page.getByRole("region", { name: "党费收据" }).getByText(onSite)).toBeVisible();
    await expect(page.getByRole("region", { name: "党费收据" }).getByText("主题党日现场缴纳")).toBeVisible();
  });
});

test.describe("网上知晓", () => {
  test("县委向两个支部下发带附件的任务，一个支部完成后县委看到 1 个已完成", async ({ page, browser }) => {
    const [other] = await queryDatabase<{ name: string }>(
      `SELECT b.name FROM "Org" b JOIN "Org" c ON c.id = ANY(b."ancestorIds")
       WHERE c.name = $1 AND b.kind = 'BRANCH' AND b.name <> $2 ORDER BY b.name LIMIT 1`,
      [DEMO_COUNTY_NAME, DEMO_BRANCH_NAME],
    );
    expect(other).toBeTruthy();
    const title = `报送年度党建工作总结 ${Date.now()}`;
    await login(page, "branch", "county");
    await expect(page).toHaveURL(/\/branch\/?$/);
    const taskPath = await pushTask(page, {
      title,
      body: "请各支部在截止日期前报送本年度党建工作总结。",
      branchNames: [DEMO_BRANCH_NAME, other!.name],
      attachment: { name: "通知.txt", mimeType: "text/plain", buffer: Buffer.from("关于报送年度党建工作总结的通知") },
    });
    await expect(page.getByRole("link", { name: "下载附件：通知.txt" })).toBeVisible();
    await expect(page.getByText("0 / 2").first()).toBeVisible();

    const secretary = await browser.newContext();
    const secretaryPage = await secretary.newPage();
    await login(secretaryPage, "branch", "secretary");
    await expect(secretaryPage).toHaveURL(/\/branch\/?$/);
    // the attachment reached S3 and comes back through a signed link
    await secretaryPage.goto(taskPath);
    const href = await secretaryPage.getByRole("link", { name: "下载附件：通知.txt" }).getAttribute("href");
    expect(await (await secretaryPage.request.get(href!)).text()).toBe("关于报送年度党建工作总结的通知");
    await answerTask(secretaryPage, title, "已于本周报送。");
    await secretary.close();

    // the sender's page refreshes itself; reload to be quick
    await page.goto(taskPath);
    const progress = page.getByRole("region", { name: "完成情况" });
    await expect(progress.getByText("1 / 2").first()).toBeVisible();
    await expect(progress.getByText("已于本周报送。")).toBeVisible();
  });
});

test.describe("修改党员", () => {
  test("书记只改工作单位：表单里没有的民族、学历、身份证号原样保留", async ({ page }) => {
    const [member] = await queryDatabase<{
      id: string;
      name: string;
      ethnicity: string;
      education: string;
      idHash: string;
    }>(
      `SELECT m.id, m.name, m.ethnicity, m.education, md5(coalesce(m."idNumber", '')) AS "idHash" FROM "Member" m JOIN "Org" o ON o.id = m."branchId"
       WHERE o.name = $1 AND m.active AND m.ethnicity IS NOT NULL AND m.education IS NOT NULL ORDER BY m."memberNo" LIMIT 1`,
      [DEMO_BRANCH_NAME],
    );
    expect(member).toBeDefined();
    await login(page, "branch", "secretary");
    await expect(page).toHaveURL(/\/branch\/?$/);
    await page.goto(`/branch/members/${member!.id}/edit`);
    await page.getByLabel("工作单位").fill("河口村股份经济合作社");
    await page.getByRole("button", { name: "保存" }).click();
    await expect(page).toHaveURL(/\/branch\/members$/);
    const [after] = await queryDatabase<{ ethnicity: string; education: string; workUnit: string; idHash: string }>(
      `SELECT ethnicity, education, "workUnit", md5(coalesce("idNumber", '')) AS "idHash" FROM "Member" WHERE id = $1`,
      [member!.id],
    );
    expect(after).toEqual({
      ethnicity: member!.ethnicity,
      education: member!.education,
      workUnit: "河口村股份经济合作社",
      idHash: member!.idHash,
    });
  });
});

test.describe("党员批量导入", () => {
  const id = (body17: string) => body17 + idNumberCheckChar(body17);
  test("有一行身份证号错误：给出按行的错误报告，一个也不导入", async ({ page }) => {
    const count = async () => Number((await queryDatabase<{ n: string }>(`SELECT count(*) AS n FROM "Member"`))[0]!.n);
    const before = await count();
    const good = id("11010519850315002");
    const bad = id("11010519860420004").slice(0, 17) + (id("11010519860420004").endsWith("1") ? "2" : "1");
    const file = await memberWorkbook([
      ["孙晓燕", "女", good, "", "正式党员", "在岗", "2010-07-01", "2011-07-01", "汉族", "大学", "河口村"],
      ["孙晓梅", "女", bad, "", "预备党员", "农民", "2026-01-05", "", "汉族", "高中", "河口村"],
    ]);
    await login(page, "branch", "secretary");
    await expect(page).toHaveURL(/\/branch\/?$/);
    await importMembers(page, file);
    await expect(page.getByText("有 1 行有错，没有导入任何党员。")).toBeVisible();
    await expect(page.getByText("行号 3：居民身份证号：身份证号校验位不对，请核对")).toBeVisible();
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "下载错误报告" }).click();
    expect((await download).suggestedFilename()).toBe("导入错误报告.xlsx");
    expect(await count()).toBe(before);
  });

  test("表头不对：清楚的提示", async ({ page }) => {
    await login(page, "branch", "secretary");
    await expect(page).toHaveURL(/\/branch\/?$/);
    await importMembers(page, await memberWorkbook([["孙一", "女"]], ["名字", "性别"]));
    await expect(page.getByText(/表头与模板不一致/)).toBeVisible();
  });
});

test.describe("党支部工作手册", () => {
  test("书记打开本年度工作手册并下载 Excel，内容来自已登记的事实", async ({ page }) => {
    await login(page, "branch", "secretary");
    await expect(page).toHaveURL(/\/branch\/?$/);
    await page.goto("/branch/reports");
    const year = new Date().getUTCFullYear();
    await expect(page.getByRole("heading", { name: `${DEMO_BRANCH_NAME} ${year} 年党支部工作手册` })).toBeVisible();
    // the seeded year of meetings appears with attendance figures
    await expect(
      page
        .getByRole("region", { name: "组织生活记录" })
        .getByRole("cell", { name: /主题党日/ })
        .first(),
    ).toBeVisible();
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "下载 Excel 工作簿" }).click();
    expect((await download).suggestedFilename()).toBe(`${DEMO_BRANCH_NAME}-${year}年工作手册.xlsx`);
  });
});

test.describe("党员自己的党费和待办", () => {
  test("党员在“我的”页面看到每月应缴金额和本支部待办", async ({ page }) => {
    const [mine] = await queryDatabase<{ fen: number }>(
      `SELECT d."monthlyDuesFen" AS fen FROM "DuesDeclaration" d JOIN "Member" m ON m.id = d."memberId"
       WHERE m."memberNo" = $1 ORDER BY d."effectiveFrom" DESC LIMIT 1`,
      ["DY00000001"],
    );
    await login(page, "branch", "member");
    await expect(page).toHaveURL(/\/branch\/?$/);
    await page.getByRole("link", { name: "我的", exact: true }).first().click();
    await expect(page).toHaveURL(/\/branch\/me$/);
    const dues = page.getByRole("region", { name: "我的党费" });
    await expect(dues.getByText(`${(mine!.fen / 100).toFixed(2)} 元`)).toBeVisible();
    await expect(page.getByRole("region", { name: "本支部待办" })).toBeVisible();
    // a member has no dues ledger of the branch
    const response = await page.goto("/branch/dues");
    expect(response?.status()).toBe(403);
  });
});
