// A month of branch life end to end in Chromium (issue 3's "done means"), from the orglife and ledger steps:
// a secretary plans a "5+N" theme day, three members check in with their own sessions, one gets
// leave, the secretary records minutes, a photo and two dues payments; the branch home, each
// member's own page and the monthly fact table then show it without anyone typing it again.
// A township committee pushes a task to two branches and sees one of them done.
import { expect, test, type Page } from "@playwright/test";
import { DEMO_BRANCH_NAME, DEMO_TOWNSHIP_NAME } from "../../packages/seed/src/demo-accounts.ts";
import { DEMO_ACCOUNTS, login, queryDatabase } from "./support.ts";
import {
  Effort,
  checkInByQr,
  checkInByTypedCode,
  giveLeave,
  planThemeDayNow,
  recordMinutesAndPhoto,
} from "./steps/orglife.ts";
import { answerTask, currentMonth, monthLabel, pushTask, recordDuesPayment } from "./steps/ledger.ts";

interface Candidate {
  id: string;
  name: string;
  phone: string | null;
  /** declared a monthly amount and has not paid the current month or later */
  payable: boolean;
  fen: number | null;
}

/**
 * Members of branch A by the database as it is now (other specs may have paid dues or checked in
 * already): active, not the secretary, with a name unique in the branch (pages address rows by name).
 */
async function candidates(): Promise<Candidate[]> {
  return queryDatabase<Candidate>(
    `SELECT m.id, m.name, CASE WHEN a.id IS NULL THEN NULL ELSE m."memberNo" END AS phone,
       (d.fen IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "DuesMonth" dm WHERE dm."memberId" = m.id AND dm.month >= $3::date)) AS payable,
       d.fen
     FROM "Member" m JOIN "Org" o ON o.id = m."branchId"
     LEFT JOIN "Account" a ON a."memberId" = m.id
     LEFT JOIN LATERAL (SELECT dd."monthlyDuesFen" AS fen FROM "DuesDeclaration" dd WHERE dd."memberId" = m.id ORDER BY dd."effectiveFrom" DESC LIMIT 1) d ON true
     WHERE o.name = $1 AND m.active AND NOT m."lostContact" AND m."memberNo" <> $2
       AND (SELECT count(*) FROM "Member" x WHERE x."branchId" = m."branchId" AND x.name = m.name) = 1
     ORDER BY m."memberNo"`,
    [DEMO_BRANCH_NAME, DEMO_ACCOUNTS.secretary.memberNo, `${currentMonth()}-01`],
  );
}

interface FactRow {
  held: number;
  present: number;
  leave: number;
  paid: number;
}

async function monthFact(month: string): Promise<FactRow> {
  const [row] = await queryDatabase<FactRow>(
    `SELECT f."themeDayHeld" AS held, f."attendancePresent" AS present, f."attendanceLeave" AS leave, f."membersPaid" AS paid
     FROM "OrgMonthFact" f JOIN "Org" o ON o.id = f."orgId" WHERE o.name = $1 AND f.month = $2::date`,
    [DEMO_BRANCH_NAME, `${month}-01`],
  );
  return row ?? { held: 0, present: 0, leave: 0, paid: 0 };
}

/** The same figures counted straight from the source tables, to compare the fact row with. */
async function sourceCounts(month: string): Promise<FactRow> {
  const [row] = await queryDatabase<FactRow>(
    `WITH b AS (SELECT id FROM "Org" WHERE name = $1), span AS (SELECT $2::date AS m, ($2::date + interval '1 month') AS n),
     held AS (SELECT mt.id FROM "Meeting" mt, b, span WHERE mt."orgId" = b.id AND mt.status = 'HELD' AND mt."heldStart" >= span.m AND mt."heldStart" < span.n)
     SELECT
       (SELECT count(*)::int FROM "Meeting" mt, b, span WHERE mt."orgId" = b.id AND mt.type = 'THEME_DAY' AND mt.status = 'HELD' AND mt."heldStart" >= span.m AND mt."heldStart" < span.n) AS held,
       (SELECT count(*)::int FROM "Attendance" a JOIN held h ON h.id = a."meetingId" WHERE a.expected AND a.status = 'PRESENT') AS present,
       (SELECT count(*)::int FROM "Attendance" a JOIN held h ON h.id = a."meetingId" WHERE a.expected AND a.status = 'LEAVE') AS leave,
       (SELECT count(DISTINCT dm."memberId")::int FROM "DuesMonth" dm, b, span WHERE dm."orgId" = b.id AND dm.month = span.m) AS paid`,
    [DEMO_BRANCH_NAME, `${month}-01`],
  );
  return row!;
}

function yuanText(fen: number): string {
  return `${(fen / 100).toFixed(2)} 元`;
}

async function themeDayRow(page: Page): Promise<string> {
  await page.goto("/branch/?view=month");
  return (await page.locator('.ol-cadence__row[data-type="THEME_DAY"]').innerText()).replace(/\s+/g, " ");
}

test.describe("议题 3 完成标准：一次录入，处处可见", () => {
  test("主题党日：安排、三人自己签到、一人请假、记录、照片、两笔党费；支部首页、党员“我的”、月度事实表都能看到", async ({
    page,
    browser,
  }) => {
    test.setTimeout(240_000);
    const stamp = Date.now().toString(36);
    const topic = `主题党日（议题3）${stamp}`;
    const month = currentMonth();

    // who takes part, chosen from the database as it is now
    const everyone = await candidates();
    const withLogin = everyone.filter((m) => m.phone);
    const payers = withLogin.filter((m) => m.payable && m.phone !== DEMO_ACCOUNTS.member.memberNo).slice(-2);
    expect(payers, "two members with a login, a declared amount and this month unpaid").toHaveLength(2);
    const third = withLogin.find((m) => !payers.includes(m))!;
    expect(third).toBeTruthy();
    const attendees = [payers[0]!, payers[1]!, third];
    const onLeave = everyone.find((m) => !attendees.includes(m))!;
    expect(onLeave).toBeTruthy();

    const factBefore = await monthFact(month);
    const sourceBefore = await sourceCounts(month);

    await login(page, "branch", "secretary");
    await expect(page.getByRole("heading", { name: DEMO_BRANCH_NAME })).toBeVisible();
    const calendarBefore = await themeDayRow(page);

    // ── the secretary plans the theme day (the 5 required actions are listed by themselves)
    const effort = new Effort();
    const planStart = Date.now();
    await page.goto("/branch/");
    const meeting = await planThemeDayNow(page, topic, effort);
    const planSeconds = (Date.now() - planStart) / 1000;
    const required = await queryDatabase<{ title: string }>(
      `SELECT title FROM "MeetingAction" WHERE "meetingId" = $1 AND required ORDER BY "sortOrder"`,
      [meeting.id],
    );
    expect(required.map((r) => r.title)).toEqual(["现场缴纳党费", "诵读党章", "学习党规党纪", "讲党课", "党员谈体会"]);

    // ── three members check in, each with a browser session of their own
    const contexts = [
      await checkInByQr(browser, payers[0]!.phone!, meeting),
      await checkInByQr(browser, payers[1]!.phone!, meeting),
      await checkInByTypedCode(browser, third.phone!, meeting, topic),
    ];

    // ── the secretary: leave with a reason, minutes, a photo, two dues payments
    const recordStart = Date.now();
    await page.reload();
    for (const m of attendees)
      await expect(page.locator(`.ol-attendee[data-member="${m.name}"]`)).toContainText("本人扫码");
    await giveLeave(page, onLeave.name, "外出务工", effort);
    await recordMinutesAndPhoto(
      page,
      `${DEMO_ACCOUNTS.secretary.displayName}主持，诵读党章，学习党规党纪，讲党课，党员谈体会，现场缴纳党费。`,
      effort,
    );
    const recordSeconds = (Date.now() - recordStart) / 1000;
    const duesStart = Date.now();
    const reference = `6222${Date.now().toString().slice(-12)}`;
    const onSite = await recordDuesPayment(page, payers[0]!.name, [month], "ON_SITE", undefined, {
      meetingId: meeting.id,
      effort,
    });
    const transfer = await recordDuesPayment(page, payers[1]!.name, [month], "TRANSFER", reference, { effort });
    const duesSeconds = (Date.now() - duesStart) / 1000;
    const payments = await queryDatabase<{
      receiptNo: string;
      method: string;
      reference: string | null;
      meetingId: string | null;
    }>(
      `SELECT "receiptNo", method::text, reference, "meetingId" FROM "DuesPayment" WHERE "receiptNo" = ANY($1::text[]) ORDER BY "receiptNo"`,
      [[onSite, transfer]],
    );
    expect(payments).toEqual([
      { receiptNo: onSite, method: "ON_SITE", reference: null, meetingId: meeting.id },
      { receiptNo: transfer, method: "TRANSFER", reference, meetingId: null },
    ]);

    // ── the branch home: this month's theme day is done, and the meeting is listed
    const calendarAfter = await themeDayRow(page);
    expect(calendarAfter).toContain("已完成 1");
    expect(calendarAfter).not.toMatch(/待开展|已逾期/);
    await expect(page.locator(".ol-meeting", { hasText: topic })).toBeVisible();

    // ── each checked-in member's own page: the meeting in their history, their dues
    for (const [i, m] of attendees.entries()) {
      const own = contexts[i]!.pages()[0]!;
      await own.goto("/branch/me");
      await expect(own.locator(".ol-history__row", { hasText: topic })).toContainText("已到");
      const dues = own.getByRole("region", { name: "我的党费" });
      if (m.fen === null) await expect(dues).toContainText("支部还没有登记您的收入类别");
      else await expect(dues.getByText(yuanText(m.fen))).toBeVisible();
      // the last month paid, as the ledger has it (the payers: this month, just recorded)
      const [last] = await queryDatabase<{ month: string | null }>(
        `SELECT to_char(max(month), 'YYYY-MM') AS month FROM "DuesMonth" WHERE "memberId" = $1`,
        [m.id],
      );
      if (payers.includes(m)) expect(last!.month).toBe(month);
      if (last!.month) await expect(dues).toContainText(`最近缴到：${monthLabel(last!.month)}`);
      else await expect(dues).not.toContainText("最近缴到");
    }

    // ── the monthly fact table (the worker drains the outbox): equal to the source, and moved by this meeting
    let fact: FactRow = factBefore;
    let source: FactRow = sourceBefore;
    await expect
      .poll(
        async () => {
          [fact, source] = await Promise.all([monthFact(month), sourceCounts(month)]);
          return JSON.stringify(fact) === JSON.stringify(source)
            ? "up to date"
            : `fact ${JSON.stringify(fact)} ≠ source ${JSON.stringify(source)}`;
        },
        { timeout: 30_000, intervals: [250, 500, 1000] },
      )
      .toBe("up to date");
    expect(fact.held).toBeGreaterThanOrEqual(Math.max(1, sourceBefore.held + 1));
    expect(fact.present).toBeGreaterThanOrEqual(sourceBefore.present + 3);
    expect(fact.leave).toBeGreaterThanOrEqual(sourceBefore.leave + 1);
    expect(fact.paid).toBeGreaterThanOrEqual(sourceBefore.paid + 2);

    const secretarySeconds = planSeconds + recordSeconds + duesSeconds;
    console.log(
      `[theme-day] theme day by the secretary (plan + leave + minutes + photo + 2 dues payments): ${effort.clicks} clicks + ${effort.fields} fields typed, ` +
        `${secretarySeconds.toFixed(1)} s (plan ${planSeconds.toFixed(1)} s, leave + minutes + photo ${recordSeconds.toFixed(1)} s, dues ${duesSeconds.toFixed(1)} s; Chromium, 360 px); ` +
        `calendar before: "${calendarBefore}"; fact ${JSON.stringify(factBefore)} → ${JSON.stringify(fact)}`,
    );
    for (const context of contexts) await context.close();
  });

  test("网上知晓：镇党委向两个支部下发任务，一个支部书记标记完成后看到 1 / 2", async ({ page, browser }) => {
    const [other] = await queryDatabase<{ name: string }>(
      `SELECT b.name FROM "Org" b JOIN "Org" t ON t.id = ANY(b."ancestorIds")
       WHERE t.name = $1 AND b.kind = 'BRANCH' AND b.name <> $2 ORDER BY b.name LIMIT 1`,
      [DEMO_TOWNSHIP_NAME, DEMO_BRANCH_NAME],
    );
    expect(other).toBeTruthy();
    const title = `报送主题党日开展情况（议题3）${Date.now().toString(36)}`;
    await login(page, "branch", "township");
    await expect(page).toHaveURL(/\/branch\/?$/);
    const taskPath = await pushTask(page, {
      title,
      body: "请各支部报送本月主题党日开展情况。",
      branchNames: [DEMO_BRANCH_NAME, other!.name],
    });
    const progress = page.getByRole("region", { name: "完成情况" });
    await expect(progress.getByText("0 / 2").first()).toBeVisible();

    const secretary = await browser.newContext();
    const secretaryPage = await secretary.newPage();
    await login(secretaryPage, "branch", "secretary");
    await expect(secretaryPage).toHaveURL(/\/branch\/?$/);
    await answerTask(secretaryPage, title, "本月主题党日已开展并上传记录。");
    await secretary.close();

    // the sender's page follows by itself (live); no reload
    await expect(progress.getByText("1 / 2").first()).toBeVisible({ timeout: 30_000 });
    await expect(progress.getByText("本月主题党日已开展并上传记录。")).toBeVisible();
    expect(new URL(page.url()).pathname).toBe(taskPath);
  });
});
