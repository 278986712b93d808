import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { Actor } from "../src/index.ts";
import { createHeldMeeting, errorOf, setUp, type Region, type TestDatabase, type Who } from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let actors: Record<Who, Actor>;

beforeAll(async () => {
  ({ t, region, actors } = await setUp(new Date("2026-12-02T08:00:00Z")));
  const db = t.services.deps.db;
  const { alice, bob, carol } = region.members;
  const held = new Date("2026-10-07T01:00:00Z");
  const meeting = await createHeldMeeting(db, {
    orgId: region.branchA,
    type: "THEME_DAY",
    topic: "十月主题党日",
    at: held,
  });
  await db.attendance.createMany({
    data: [
      { meetingId: meeting.id, memberId: alice, status: "PRESENT" },
      { meetingId: meeting.id, memberId: bob, status: "PRESENT" },
      { meetingId: meeting.id, memberId: carol, status: "LEAVE", leaveReason: "外出" },
    ],
  });
  // a meeting of another year and another branch must not appear
  await createHeldMeeting(db, {
    orgId: region.branchA,
    type: "PARTY_LECTURE",
    topic: "去年党课",
    at: new Date("2025-10-07"),
  });
  await createHeldMeeting(db, { orgId: region.branchB, type: "PARTY_LECTURE", topic: "西村党课", at: held });
  await t.services.dues.declare(actors.secretary, {
    memberId: alice,
    category: "SALARIED",
    monthlyIncomeFen: 400_000,
    effectiveFrom: "2026-01",
  });
  await t.services.dues.recordPayment(actors.secretary, {
    memberId: alice,
    months: ["2026-10", "2026-11"],
    method: "ON_SITE",
    idempotencyKey: crypto.randomUUID(),
  });
  const task = await t.services.tasks.send(actors.county, {
    kind: "TASK",
    title: "报送总结",
    body: "内容",
    targets: { orgIds: [region.branchA] },
  });
  await t.services.tasks.markDone(actors.secretary, { taskId: task.taskId, orgId: region.branchA, reply: "已报送" });
});
afterAll(() => t.drop());

describe("the branch's year from facts", () => {
  it("lists meetings with attendance, the dues ledger and tasks", async () => {
    const report = await t.services.reports.year(actors.secretary, { year: 2026 });
    expect(report.meetings.map((m) => [m.topic, m.expected, m.present, m.leave])).toEqual([["十月主题党日", 3, 2, 1]]);
    const alice = report.dues.rows.find((r) => r.name === "李红")!;
    expect(alice.months.filter((m) => m.paidFen !== null).map((m) => m.month)).toEqual(["2026-10", "2026-11"]);
    expect(alice.months[0]!.dueFen).toBe(4000);
    expect(report.dues.paidFen).toBe(8000);
    expect(report.tasks).toEqual([expect.objectContaining({ title: "报送总结", state: "done", reply: "已报送" })]);
  });
  it("writes the same facts into a workbook", async () => {
    const { fileName, bytes } = await t.services.reports.workbook(actors.secretary, { year: 2026 });
    expect(fileName).toBe("东村党支部-2026年工作手册.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["基本情况", "组织生活", "党费台账", "通知任务"]);
    const meetings = wb.getWorksheet("组织生活")!;
    expect(meetings.rowCount).toBe(2);
    expect(meetings.getRow(2).getCell(3).value).toBe("十月主题党日");
    expect(meetings.getRow(2).getCell(5).value).toBe(2);
    const dues = wb.getWorksheet("党费台账")!;
    const total = dues.getRow(dues.rowCount - 1);
    expect(total.getCell(14).value).toBe(80);
    expect(wb.getWorksheet("通知任务")!.getRow(2).getCell(4).value).toBe("已完成");
  });
  it("is for the branch's officers and committees only", async () => {
    expect((await errorOf(t.services.reports.year(actors.member, { year: 2026 }))).code).toBe("FORBIDDEN");
    expect((await errorOf(t.services.reports.year(actors.secretary, { orgId: region.branchB, year: 2026 }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await t.services.reports.year(actors.county, { orgId: region.branchA, year: 2026 })).meetings).toHaveLength(
      1,
    );
  });
});
