// Keyboard alone (issue 17): a member checks in by typed code and a secretary records a dues
// payment without touching the mouse — Tab to move, typing, Space/arrows for choices, Enter to act.
// Setting up the meeting (the secretary planning it) is done the usual way; it is not the flow tested.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_BRANCH_NAME } from "../../packages/seed/src/demo-accounts.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, login, queryDatabase } from "./support.ts";
import { Effort, planThemeDayNow } from "./steps/orglife.ts";
import { currentMonth } from "./steps/ledger.ts";

/** Presses Tab until `target` has the focus; fails if it never gets it (not reachable by keyboard). */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  const handle = await target.elementHandle();
  if (!handle) throw new Error("target not found");
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await handle.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`not reachable with Tab: ${String(target)}`);
}

async function keyboardLogin(page: Page, app: "branch" | "school", phone: string): Promise<void> {
  await page.goto(`/${app}/login`);
  await tabTo(page, page.getByLabel("手机号或党员编号"));
  await page.keyboard.type(phone);
  await tabTo(page, page.getByLabel("密码"));
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/${app}/?$`));
}

test("只用键盘：党员在“我的”输入签到码完成签到", async ({ page, browser }) => {
  const topic = `键盘签到主题党日 ${Date.now() % 100000}`;
  const secretary = await (await browser.newContext()).newPage();
  await login(secretary, "branch", "secretary");
  await expect(secretary).toHaveURL(/\/branch\/?$/);
  const meeting = await planThemeDayNow(secretary, topic, new Effort(), DEMO_BRANCH_NAME);

  await keyboardLogin(page, "branch", DEMO_ACCOUNTS.member.phone);
  await tabTo(page, page.getByRole("link", { name: "我的" }).first());
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/branch\/me$/);
  await tabTo(page, page.locator(".ol-meeting", { hasText: topic }).getByRole("link", { name: "去签到" }));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByLabel("签到码"));
  await page.keyboard.type(meeting.code.toLowerCase());
  await tabTo(page, page.getByRole("button", { name: "确认签到" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "签到成功" })).toBeVisible();
  const rows = await queryDatabase<{ status: string; capturedBy: string }>(
    `SELECT a.status, a."capturedBy" FROM "Attendance" a JOIN "Member" m ON m.id = a."memberId" WHERE a."meetingId" = $1 AND m."memberNo" = $2`,
    [meeting.id, DEMO_ACCOUNTS.member.memberNo],
  );
  expect(rows[0]?.status).toBe("PRESENT");
});

test("只用键盘：支部书记登记一笔银行转账党费并看到收据", async ({ page }) => {
  const month = currentMonth();
  const [unpaid] = await queryDatabase<{ name: string }>(
    `SELECT m.name FROM "Member" m JOIN "Org" o ON o.id = m."branchId"
     WHERE o.name = $1 AND m.active AND m."leftOn" IS NULL
       AND NOT EXISTS (SELECT 1 FROM "DuesMonth" d WHERE d."memberId" = m.id AND d.month = $2::date)
       AND (SELECT count(*) FROM "Member" x WHERE x.name = m.name) = 1
     ORDER BY m."memberNo" DESC LIMIT 1`,
    [DEMO_BRANCH_NAME, `${month}-01`],
  );
  expect(unpaid, "a member of the demo branch who has not paid this month").toBeTruthy();
  await keyboardLogin(page, "branch", DEMO_ACCOUNTS.secretary.phone);
  await page.goto("/branch/dues");
  await tabTo(page, page.getByRole("link", { name: `登记缴费：${unpaid!.name}`, exact: true }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: `登记缴费：${unpaid!.name}` })).toBeVisible();
  // the current month comes pre-selected; choose bank transfer with the keyboard
  const transfer = page.getByRole("radio", { name: "银行转账" });
  await tabTo(page, page.getByRole("radio", { checked: true }).first());
  for (let i = 0; i < 4 && !(await transfer.isChecked()); i++) await page.keyboard.press("ArrowDown");
  await expect(transfer).toBeChecked();
  await tabTo(page, page.getByLabel("转账流水号"));
  await page.keyboard.type("KB20261204001");
  await tabTo(page, page.getByRole("button", { name: "确认登记" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "党费收据" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(/DF\d{12}/);
});
