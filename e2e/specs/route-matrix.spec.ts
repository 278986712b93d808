// Issue 13: the permission matrix of the three apps' own routes (pages, resource routes such as
// the Excel exports and upload endpoints) for every demo role, through the real gateway on the
// seeded platform, with ids of another organisation. HTTP only (no browser): what matters is the
// status and that a refusal carries none of the other organisation's data.
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, queryDatabase } from "./support.ts";

const PERSONAS = ["anonymous", "member", "secretary", "township", "county", "city", "schoolAdmin"] as const;
type Persona = (typeof PERSONAS)[number];

interface Ids {
  ownMeeting: string;
  otherOrg: string;
  otherMember: string;
  otherMemberName: string;
  otherMeeting: string;
  otherPayment: string;
  otherTask: string;
  otherAttempt: string;
  /** an open need of the demo region (区域化党建): any officer of the region may open it */
  need: string;
}

async function one<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const rows = await queryDatabase<T>(sql, params);
  expect(rows.length, sql).toBeGreaterThan(0);
  return rows[0]!;
}

/** A branch in the demo county outside the demo township: out of scope for the branch and township, in scope above. */
async function idsOf(): Promise<Ids> {
  const township = await one<{ id: string }>(`SELECT id FROM "Org" WHERE name = '中共河口镇委员会'`);
  const branch = await one<{ id: string }>(`SELECT id FROM "Org" WHERE name = '中共河口村支部委员会'`);
  const county = await one<{ id: string }>(`SELECT id FROM "Org" WHERE name = '中共临溪县委员会'`);
  const other = await one<{ id: string }>(
    `SELECT o.id FROM "Org" o WHERE o.kind = 'BRANCH' AND $1 = ANY(o."ancestorIds") AND NOT ($2 = ANY(o."ancestorIds"))
       AND EXISTS (SELECT 1 FROM "Member" m WHERE m."branchId" = o.id) ORDER BY o.name LIMIT 1`,
    [county.id, township.id],
  );
  const member = await one<{ id: string; name: string }>(
    `SELECT id, name FROM "Member" WHERE "branchId" = $1 ORDER BY "memberNo" LIMIT 1`,
    [other.id],
  );
  const ownMeeting = await one<{ id: string }>(
    `SELECT id FROM "Meeting" WHERE "orgId" = $1 ORDER BY "plannedStart" DESC LIMIT 1`,
    [branch.id],
  );
  const meeting = await one<{ id: string }>(
    `INSERT INTO "Meeting" (id, "orgId", type, topic, "plannedStart", "plannedEnd", status, minutes, "updatedAt")
     VALUES (gen_random_uuid(), $1, 'COMMITTEE_MEETING', '外支部支委会（路由矩阵）', now() - interval '2 days', now() - interval '2 days' + interval '1 hour', 'HELD', '只属于外支部的记录', now()) RETURNING id`,
    [other.id],
  );
  await queryDatabase(
    `INSERT INTO "MeetingOrg" ("meetingId", "orgId", "isHost", "confirmedAt") VALUES ($1, $2, true, now())`,
    [meeting.id, other.id],
  );
  const payment = await one<{ id: string }>(
    `INSERT INTO "DuesPayment" (id, "memberId", "orgId", "amountFen", "paidAt", method, "receiptNo") VALUES (gen_random_uuid(), $1, $2, 50, now(), 'ON_SITE', 'RM-' || gen_random_uuid()) RETURNING id`,
    [member.id, other.id],
  );
  const task = await one<{ id: string }>(
    `INSERT INTO "Task" (id, "senderOrgId", kind, title, body) VALUES (gen_random_uuid(), $1, 'TASK', '外支部的任务（路由矩阵）', '内容') RETURNING id`,
    [county.id],
  );
  await queryDatabase(`INSERT INTO "TaskTarget" ("taskId", "orgId") VALUES ($1, $2)`, [task.id, other.id]);
  const course = await one<{ id: string }>(
    `INSERT INTO "Course" (id, title, category, published, "updatedAt") VALUES (gen_random_uuid(), '路由矩阵课程', '理论学习', true, now()) RETURNING id`,
  );
  const question = await one<{ id: string }>(
    `INSERT INTO "Question" (id, "courseId", kind, stem, options, answer) VALUES (gen_random_uuid(), $1, 'TRUE_FALSE', '路由矩阵判断题', '["正确","错误"]'::jsonb, ARRAY[0]) RETURNING id`,
    [course.id],
  );
  const exam = await one<{ id: string }>(
    `INSERT INTO "Exam" (id, "courseId", title, "questionCount", "timeLimitSec", "passPercent", "maxAttempts", published) VALUES (gen_random_uuid(), $1, '路由矩阵考试', 1, 600, 60, 3, true) RETURNING id`,
    [course.id],
  );
  const attempt = await one<{ id: string }>(
    `INSERT INTO "ExamAttempt" (id, "examId", "memberId", "questionIds", "deadlineAt") VALUES (gen_random_uuid(), $1, $2, ARRAY[$3::uuid], now() + interval '1 hour') RETURNING id`,
    [exam.id, member.id, question.id],
  );
  const need = await one<{ id: string }>(`SELECT id FROM "Need" WHERE status = 'OPEN' ORDER BY "createdAt" LIMIT 1`);
  return {
    need: need.id,
    ownMeeting: ownMeeting.id,
    otherOrg: other.id,
    otherMember: member.id,
    otherMemberName: member.name,
    otherMeeting: meeting.id,
    otherPayment: payment.id,
    otherTask: task.id,
    otherAttempt: attempt.id,
  };
}

type Expect = Record<Persona, number>;
interface Route {
  path: (ids: Ids) => string;
  method?: "GET" | "POST";
  json?: (ids: Ids) => unknown;
  expect: Expect;
}

/** status per persona, in PERSONAS order: anonymous, member, secretary, township, county, city, schoolAdmin */
const s = (...statuses: number[]): Expect => Object.fromEntries(PERSONAS.map((p, i) => [p, statuses[i]!])) as Expect;

const ROUTES: Route[] = [
  // branch app
  { path: () => "/branch/", expect: s(302, 200, 200, 200, 200, 200, 200) },
  { path: (i) => `/branch/org/${i.otherOrg}`, expect: s(302, 403, 403, 403, 200, 200, 403) },
  { path: (i) => `/branch/meetings/${i.ownMeeting}`, expect: s(302, 200, 200, 200, 200, 200, 403) },
  { path: (i) => `/branch/meetings/${i.otherMeeting}`, expect: s(302, 403, 403, 403, 200, 200, 403) },
  // committees above the other branch may open its check-in page (they may see the meeting); checking in needs the list
  { path: (i) => `/branch/checkin/${i.otherMeeting}`, expect: s(302, 403, 403, 403, 200, 200, 403) },
  // a member's own page: accounts without a member record are told so
  { path: () => "/branch/me", expect: s(302, 200, 200, 200, 403, 403, 403) },
  { path: () => "/branch/rules", expect: s(302, 403, 403, 403, 200, 200, 403) },
  { path: () => "/branch/partners", expect: s(302, 200, 200, 200, 200, 200, 200) },
  // branch-level ledgers: a committee without a branch of its own opens them per branch (?org=)
  { path: () => "/branch/dues", expect: s(302, 403, 200, 200, 403, 403, 403) },
  // these pages look the member up in the caller's own list only: out of scope is "not in your list" (404)
  { path: (i) => `/branch/dues/pay/${i.otherMember}`, expect: s(302, 403, 404, 404, 403, 403, 403) },
  { path: (i) => `/branch/dues/declare/${i.otherMember}`, expect: s(302, 403, 404, 404, 403, 403, 403) },
  { path: (i) => `/branch/dues/receipt/${i.otherPayment}`, expect: s(302, 403, 403, 403, 200, 200, 403) },
  { path: () => "/branch/dues/arrears", expect: s(302, 200, 200, 200, 200, 200, 403) },
  { path: () => "/branch/tasks", expect: s(302, 200, 200, 200, 200, 200, 403) },
  { path: () => "/branch/tasks/new", expect: s(302, 403, 403, 200, 200, 200, 403) },
  { path: (i) => `/branch/tasks/${i.otherTask}`, expect: s(302, 403, 403, 403, 200, 200, 403) },
  { path: () => "/branch/members", expect: s(302, 403, 200, 200, 403, 403, 403) },
  { path: () => "/branch/members/new", expect: s(302, 403, 200, 403, 403, 403, 403) },
  { path: (i) => `/branch/members/${i.otherMember}/edit`, expect: s(302, 403, 404, 403, 403, 403, 403) },
  { path: (i) => `/branch/members/${i.otherMember}/transfer`, expect: s(302, 403, 404, 404, 403, 403, 403) },
  { path: (i) => `/branch/members/${i.otherMember}/card`, expect: s(302, 403, 403, 403, 200, 200, 403) },
  { path: () => "/branch/members/import", expect: s(302, 403, 200, 403, 403, 403, 403) },
  { path: () => "/branch/members/import/template", expect: s(302, 403, 200, 403, 403, 403, 403) },
  { path: () => "/branch/reports", expect: s(302, 403, 200, 200, 403, 403, 403) },
  { path: () => "/branch/reports/workbook", expect: s(302, 403, 200, 200, 403, 403, 403) },
  { path: (i) => `/branch/reports/workbook?org=${i.otherOrg}`, expect: s(302, 403, 403, 403, 200, 200, 403) },
  { path: () => "/branch/dashboard", expect: s(302, 403, 403, 200, 200, 200, 403) },
  { path: () => "/branch/password", expect: s(302, 200, 200, 200, 200, 200, 200) },
  // 区域化党建: the region's lists for officers; a member's own 双报到/流动 page; a branch's rosters
  { path: () => "/branch/regional", expect: s(302, 403, 200, 200, 200, 200, 403) },
  { path: () => "/branch/regional/mine", expect: s(302, 200, 200, 200, 403, 403, 403) },
  { path: () => "/branch/regional/community", expect: s(302, 403, 200, 200, 403, 403, 403) },
  { path: () => "/branch/regional/mobile", expect: s(302, 403, 200, 200, 403, 403, 403) },
  { path: (i) => `/branch/regional/mobile?orgId=${i.otherOrg}`, expect: s(302, 403, 403, 403, 200, 200, 403) },
  { path: (i) => `/branch/regional/needs/${i.need}`, expect: s(302, 403, 200, 200, 200, 200, 403) },
  // school app
  { path: () => "/school/", expect: s(302, 200, 200, 200, 200, 200, 200) },
  { path: () => "/school/hours", expect: s(302, 200, 200, 200, 403, 403, 403) },
  { path: () => "/school/compliance", expect: s(302, 403, 200, 200, 200, 200, 403) },
  { path: (i) => `/school/attempts/${i.otherAttempt}`, expect: s(302, 403, 403, 403, 403, 403, 403) },
  { path: () => "/school/verify", expect: s(200, 200, 200, 200, 200, 200, 200) },
  { path: () => "/school/admin", expect: s(302, 403, 403, 403, 403, 403, 200) },
  { path: () => "/school/admin/offline", expect: s(302, 403, 200, 403, 403, 403, 200) },
  { path: () => "/school/admin/assign", expect: s(302, 403, 403, 200, 200, 200, 200) },
  {
    method: "POST",
    path: () => "/school/admin/upload",
    json: () => ({ intent: "status", assetId: crypto.randomUUID() }),
    expect: s(401, 403, 403, 403, 403, 403, 404),
  },
  {
    method: "POST",
    path: () => "/school/admin/organise-api",
    json: (i) => ({ intent: "search", q: i.otherMemberName.slice(0, 1) }),
    expect: s(401, 403, 200, 403, 403, 403, 200),
  },
  // card app
  { path: () => "/card/", expect: s(302, 200, 200, 200, 200, 200, 200) },
  // the offline verifier is public (ADR 0501)
  { path: () => "/card/verify", expect: s(200, 200, 200, 200, 200, 200, 200) },
];

test.describe("各角色访问三个应用的页面与下载接口（权限矩阵）", () => {
  test.describe.configure({ timeout: 240_000 });

  test("每个角色：该看的能看，别的组织的内容被拒绝且不泄露", async ({ baseURL }) => {
    const ids = await idsOf();
    const contexts = new Map<Persona, APIRequestContext>();
    for (const persona of PERSONAS) {
      const context = await request.newContext({ baseURL, maxRedirects: 0 });
      if (persona !== "anonymous") {
        const login = await context.post("/branch/login", {
          form: { identifier: DEMO_ACCOUNTS[persona].phone, password: DEMO_PASSWORD },
          maxRedirects: 0,
        });
        expect(login.status(), `login ${persona}`).toBe(302);
      }
      contexts.set(persona, context);
    }
    const got: string[] = [];
    const want: string[] = [];
    for (const route of ROUTES) {
      const path = route.path(ids);
      for (const persona of PERSONAS) {
        const context = contexts.get(persona)!;
        const response =
          route.method === "POST"
            ? await context.post(path, { data: route.json!(ids), maxRedirects: 0 })
            : await context.get(path, { maxRedirects: 0 });
        const status = response.status();
        got.push(`${path.replace(/[0-9a-f-]{36}/g, ":id")} ${persona} ${status}`);
        want.push(`${path.replace(/[0-9a-f-]{36}/g, ":id")} ${persona} ${route.expect[persona]}`);
        if (status === 302) expect(response.headers()["location"], `${path} ${persona}`).toMatch(/\/login(\?|$)/);
        const text = await response.text();
        // the other branch's committee-meeting record: nobody here may read it, not even committees above (ADR 0750)
        expect(text, `${path} as ${persona} leaks the other branch's record`).not.toContain("只属于外支部的记录");
        if (status >= 400) expect(text).not.toMatch(/\bat \S+:\d+:\d+|TypeError|prisma/i);
      }
    }
    for (const context of contexts.values()) await context.dispose();
    expect(got).toEqual(want);
  });
});
