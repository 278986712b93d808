// User steps of organisational life, composable by a combined "done means" spec:
// plan a theme day, check in with one's own session, give leave, record, upload a photo,
// plan a joint activity and confirm it as the partner.
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_BRANCH_NAME, DEMO_STALE_BRIDGE } from "../../../packages/seed/src/demo-accounts.ts";
import { DEMO_PASSWORD, queryDatabase } from "../support.ts";

/** Counts what the secretary does by hand: clicks (incl. ticks) and fields typed. */
export class Effort {
  clicks = 0;
  fields = 0;
  readonly started = Date.now();
  async click(locator: { click: () => Promise<void> }): Promise<void> {
    this.clicks += 1;
    await locator.click();
  }
  async fill(locator: { fill: (value: string) => Promise<void> }, value: string): Promise<void> {
    this.fields += 1;
    await locator.fill(value);
  }
  seconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}

/** China time parts of a moment: "YYYY-MM-DD" and "HH:MM". */
export function chinaParts(at: Date): { date: string; time: string } {
  const iso = new Date(at.getTime() + 8 * 3_600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** Members of a branch who can log in, by name; `phone` is their login: the member number (phones are stored encrypted). */
export async function branchMembersWithAccounts(
  branchName: string,
): Promise<Array<{ id: string; name: string; phone: string }>> {
  return queryDatabase<{ id: string; name: string; phone: string }>(
    `SELECT m.id, m.name, m."memberNo" AS phone FROM "Member" m JOIN "Account" a ON a."memberId" = m.id JOIN "Org" o ON o.id = m."branchId"
     WHERE o.name = $1 AND m.active AND a.phone IS NOT NULL ORDER BY m."memberNo"`,
    [branchName],
  );
}

export async function loginAs(page: Page, phone: string): Promise<void> {
  await page.goto("/branch/login");
  await page.getByLabel("手机号或党员编号").fill(phone);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/branch\/?$/);
}

export interface PlannedMeeting {
  id: string;
  code: string;
  url: string;
}

/**
 * A three-minute slot for a meeting of the branch that has begun and whose check-in is open (it
 * stays open 30 minutes past the end): the latest such slot that is still free, because two
 * meetings of one organisation may not overlap and other specs plan theme days "now" too.
 */
export async function slotAroundNow(branchName: string): Promise<{ start: Date; end: Date }> {
  const minute = 60_000;
  const busy = await queryDatabase<{ start: Date; end: Date }>(
    `SELECT m."plannedStart" AS start, m."plannedEnd" AS end FROM "Meeting" m JOIN "Org" o ON o.id = m."orgId"
     WHERE o.name = $1 AND m.status <> 'CANCELLED' AND m."plannedEnd" > now() - interval '1 hour' AND m."plannedStart" < now() + interval '1 hour'`,
    [branchName],
  );
  const now = Date.now();
  let end = Math.ceil(now / minute) * minute + minute;
  for (;;) {
    if (end < now - 20 * minute) throw new Error(`${branchName}: no free slot for a meeting around now`);
    const start = end - 3 * minute;
    // both ends on one China day (the form has one date)
    const dayStart = Date.parse(`${chinaParts(new Date(end)).date}T00:00:00+08:00`);
    if (start < dayStart) {
      end = dayStart - minute;
      continue;
    }
    const clash = busy.filter((b) => new Date(b.start).getTime() < end && new Date(b.end).getTime() > start);
    if (clash.length === 0) return { start: new Date(start), end: new Date(end) };
    end = Math.min(...clash.map((b) => new Date(b.start).getTime()));
  }
}

/**
 * The secretary plans a theme day that is happening now (so check-in is open): from the home
 * page, "安排会议", the 5 required actions listed by themselves, one optional action ticked.
 */
export async function planThemeDayNow(
  page: Page,
  topic: string,
  effort: Effort,
  branchName: string = DEMO_BRANCH_NAME,
): Promise<PlannedMeeting> {
  const slot = await slotAroundNow(branchName);
  const { date, time } = chinaParts(slot.start);
  const endAt = chinaParts(slot.end);
  await effort.click(page.getByRole("link", { name: "安排会议" }));
  await expect(page.getByRole("heading", { name: "安排组织生活" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "主题党日", level: 2 })).toBeVisible();
  const required = page.locator(".ol-required li");
  await expect(required).toHaveText(["现场缴纳党费", "诵读党章", "学习党规党纪", "讲党课", "党员谈体会"]);
  await effort.fill(page.getByLabel("主题"), topic);
  await effort.fill(page.getByLabel("日期"), date);
  await effort.fill(page.getByLabel("开始时间"), time);
  await effort.fill(page.getByLabel("结束时间"), endAt.time);
  await effort.fill(page.getByLabel("地点"), "村委会二楼会议室");
  await effort.click(page.getByLabel("重温入党誓词"));
  await effort.click(page.getByRole("button", { name: "保存安排" }));
  await expect(page.getByRole("heading", { name: topic })).toBeVisible();
  const code = (await page.getByTestId("meeting-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^[2-9A-Z]{8}$/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  // the QR carries the check-in address with the code
  const qrUrl = await page.locator(".ol-qr").getAttribute("data-url");
  expect(qrUrl).toContain(`/branch/checkin/${id}?code=${code}`);
  return { id, code, url: qrUrl! };
}

/** A member, in a browser context of their own, opens the QR's address, logs in and checks in. */
export async function checkInByQr(browser: Browser, phone: string, meeting: PlannedMeeting): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(meeting.url);
  // not logged in yet: the login page, then straight back to the check-in page
  await page.getByLabel("手机号或党员编号").fill(phone);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("heading", { name: "会议签到" })).toBeVisible();
  await expect(page.getByLabel("签到码")).toHaveValue(meeting.code);
  await page.getByRole("button", { name: "确认签到" }).click();
  await expect(page.getByRole("heading", { name: "签到成功" })).toBeVisible();
  return context;
}

/** A member types the code by hand (no camera): from their own page, "去签到". */
export async function checkInByTypedCode(
  browser: Browser,
  phone: string,
  meeting: PlannedMeeting,
  topic: string,
): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, phone);
  await page.getByRole("link", { name: "我的" }).click();
  const row = page.locator(".ol-meeting", { hasText: topic });
  await row.getByRole("link", { name: "去签到" }).click();
  await page.getByLabel("签到码").fill(meeting.code.toLowerCase());
  await page.getByRole("button", { name: "确认签到" }).click();
  await expect(page.getByRole("heading", { name: "签到成功" })).toBeVisible();
  // a second check-in is refused with a clear message
  await page.goto(`/branch/checkin/${meeting.id}?code=${meeting.code}`);
  await expect(page.getByRole("heading", { name: "签到成功" })).toBeVisible();
  return context;
}

export async function giveLeave(page: Page, memberName: string, reason: string, effort: Effort): Promise<void> {
  const row = page.locator(`.ol-attendee[data-member="${memberName}"]`);
  await effort.click(row.getByText("请假或代签"));
  await effort.fill(row.getByLabel(`请假原因 ${memberName}`), reason);
  await effort.click(row.getByRole("button", { name: `请假 ${memberName}` }));
  await expect(page.locator(`.ol-attendee[data-member="${memberName}"]`)).toContainText(reason);
}

/** 1×1 red PNG: real bytes for the upload. */
export const PHOTO_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

export async function recordMinutesAndPhoto(page: Page, minutes: string, effort: Effort): Promise<void> {
  // the checklist is ticked already for a first record: untick nothing, write the minutes
  const checklist = page.getByRole("group", { name: "活动清单" });
  await expect(checklist.getByRole("checkbox")).toHaveCount(6);
  await effort.fill(page.getByRole("textbox", { name: "会议记录" }), minutes);
  await effort.fill(page.getByRole("textbox", { name: "成果" }), "服务群众 12");
  await effort.click(page.getByRole("button", { name: "保存会议记录" }));
  await expect(page.getByRole("status").filter({ hasText: "会议记录已保存。" })).toBeVisible();
  effort.clicks += 1; // choosing the file in the phone's picker
  await page
    .locator('.ol-uploader input[type="file"]')
    .setInputFiles({ name: "主题党日合影.png", mimeType: "image/png", buffer: PHOTO_PNG });
  await expect(page.getByText("已上传：主题党日合影.png")).toBeVisible();
  const photo = page.getByRole("img", { name: "主题党日合影.png" });
  await expect(photo).toBeVisible();
  // the bytes really are in S3
  const src = await photo.getAttribute("src");
  const stored = await page.request.get(src!);
  expect(Buffer.from(await stored.body()).equals(PHOTO_PNG)).toBe(true);
}

/** The branch's partner across the county line (an active partnership in the seed). */
export async function partnerOfDemoBranch(): Promise<{ orgName: string; secretaryPhone: string }> {
  const orgName = DEMO_STALE_BRIDGE.orgNames.find((n) => n !== DEMO_BRANCH_NAME)!;
  const rows = await queryDatabase<{ phone: string }>(
    `SELECT m."memberNo" AS phone FROM "RoleGrant" g JOIN "Account" a ON a.id = g."accountId" JOIN "Member" m ON m.id = a."memberId" JOIN "Org" o ON o.id = g."orgId"
     WHERE o.name = $1 AND g.role = 'BRANCH_SECRETARY' AND a.phone IS NOT NULL LIMIT 1`,
    [orgName],
  );
  return { orgName, secretaryPhone: rows[0]!.phone };
}

export async function planJointActivity(page: Page, topic: string, partnerName: string, day: Date): Promise<string> {
  const { date } = chinaParts(day);
  await page.getByRole("link", { name: "安排会议" }).click();
  await page.getByRole("navigation", { name: "会议类型" }).getByRole("link", { name: "联建活动" }).click();
  await expect(page.getByRole("heading", { name: "联建活动", level: 2 })).toBeVisible();
  await page.getByLabel("主题").fill(topic);
  await page.getByLabel("日期").fill(date);
  await page.getByLabel("开始时间").fill("09:00");
  await page.getByLabel("结束时间").fill("11:30");
  await page.getByLabel(partnerName).check();
  await page.getByRole("button", { name: "保存安排" }).click();
  await expect(page.getByRole("heading", { name: topic })).toBeVisible();
  await expect(page.locator(".ol-orgs li", { hasText: partnerName })).toContainText("待确认");
  return new URL(page.url()).pathname.split("/").pop()!;
}

export async function confirmAsPartner(page: Page, topic: string, partnerName: string): Promise<void> {
  // the partner's home lists the invitation, marked as waiting for confirmation
  const row = page.locator(".ol-meeting", { hasText: topic });
  await expect(row).toContainText("待确认");
  await row.getByRole("link").first().click();
  await page.getByRole("button", { name: "确认本组织参加" }).click();
  await expect(page.getByText("已确认参加，本组织党员已列入应到名单。")).toBeVisible();
  await expect(page.locator(".ol-orgs li", { hasText: partnerName })).toContainText("已确认");
}
