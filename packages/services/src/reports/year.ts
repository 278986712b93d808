// The branch's year, generated from the facts already recorded (meetings and attendance, dues
// months, task receipts): a printable handbook and an Excel workbook. Nothing is typed in again.
import ExcelJS from "exceljs";
import { z } from "zod";
import { monthKey, t, taskTargetState, type MessageKey, type MonthKey } from "@dangjian/core";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { membersOf, orgOrOwnBranch } from "../ledger/common.ts";
import { declarationFor } from "../dues/dues.ts";
import { audit } from "../audit.ts";

export const yearReportInput = z.object({ orgId: z.uuid().optional(), year: z.number().int().min(2000).max(2100) });
export type YearReportInput = z.input<typeof yearReportInput>;

export async function yearReport(deps: ServiceDeps, actor: Actor, input: YearReportInput) {
  const orgId = orgOrOwnBranch(actor, input.orgId);
  const org = await authorize(deps, actor, "member.list", orgId);
  const from = new Date(Date.UTC(input.year, 0, 1));
  const to = new Date(Date.UTC(input.year + 1, 0, 1));
  const months: MonthKey[] = Array.from({ length: 12 }, (_, i) => `${input.year}-${String(i + 1).padStart(2, "0")}`);

  const [meetings, members, duesMonths, targets] = await Promise.all([
    deps.db.meeting.findMany({
      where: {
        status: "HELD",
        heldStart: { gte: from, lt: to },
        OR: [{ orgId }, { orgs: { some: { orgId, confirmedAt: { not: null } } } }],
      },
      orderBy: { heldStart: "asc" },
      select: {
        id: true,
        type: true,
        topic: true,
        place: true,
        heldStart: true,
        orgId: true,
        attendances: { where: { expected: true }, select: { status: true, member: { select: { branchId: true } } } },
      },
    }),
    deps.db.member.findMany({
      where: membersOf(orgId),
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        status: true,
        incomeDeclarations: {
          select: { effectiveFrom: true, category: true, monthlyIncomeFen: true, monthlyDuesFen: true },
        },
      },
    }),
    deps.db.duesMonth.findMany({
      where: { orgId, month: { gte: from, lt: to } },
      select: { memberId: true, month: true, amountFen: true, member: { select: { name: true } } },
    }),
    deps.db.taskTarget.findMany({
      where: { orgId, task: { createdAt: { gte: from, lt: to } } },
      orderBy: { task: { createdAt: "asc" } },
      select: {
        readAt: true,
        doneAt: true,
        reply: true,
        task: {
          select: { kind: true, title: true, createdAt: true, deadline: true, senderOrg: { select: { name: true } } },
        },
      },
    }),
  ]);

  const meetingRows = meetings.map((m) => {
    // a partner counts its own members at a joint activity; the host counts everyone expected
    const rows = m.orgId === orgId ? m.attendances : m.attendances.filter((a) => a.member.branchId === orgId);
    const expected = rows.length;
    const present = rows.filter((a) => a.status === "PRESENT").length;
    return {
      id: m.id,
      type: m.type,
      topic: m.topic,
      place: m.place,
      heldAt: m.heldStart!,
      expected,
      present,
      leave: rows.filter((a) => a.status === "LEAVE").length,
    };
  });

  // dues: every member of the branch now, plus anyone whose dues this branch received this year
  const paid = new Map<string, Map<MonthKey, number>>();
  const names = new Map<string, string>();
  for (const d of duesMonths) {
    const row = paid.get(d.memberId) ?? new Map<MonthKey, number>();
    row.set(monthKey(d.month), d.amountFen);
    paid.set(d.memberId, row);
    names.set(d.memberId, d.member.name);
  }
  const dueOf = new Map(members.map((m) => [m.id, m.incomeDeclarations]));
  for (const m of members) names.set(m.id, m.name);
  const duesRows = [...names.entries()]
    .sort(([, a], [, b]) => a.localeCompare(b, "zh-CN"))
    .map(([memberId, name]) => {
      const declarations = dueOf.get(memberId) ?? [];
      return {
        memberId,
        name,
        months: months.map((month) => ({
          month,
          paidFen: paid.get(memberId)?.get(month) ?? null,
          dueFen: declarationFor(declarations as never, month)?.monthlyDuesFen ?? null,
        })),
      };
    });
  const monthTotals = months.map((month, i) => ({
    month,
    dueFen: duesRows.reduce((s, r) => s + (r.months[i]!.dueFen ?? 0), 0),
    paidFen: duesRows.reduce((s, r) => s + (r.months[i]!.paidFen ?? 0), 0),
  }));

  const byType = new Map<string, number>();
  for (const m of meetingRows) byType.set(m.type, (byType.get(m.type) ?? 0) + 1);
  return {
    org: { id: org.id, name: org.name },
    year: input.year,
    generatedAt: deps.now(),
    memberCount: members.length,
    probationaryCount: members.filter((m) => m.status === "PROBATIONARY").length,
    meetingsByType: [...byType.entries()].map(([type, count]) => ({ type, count })),
    meetings: meetingRows,
    dues: {
      months,
      rows: duesRows,
      monthTotals,
      paidFen: monthTotals.reduce((s, m) => s + m.paidFen, 0),
      dueFen: monthTotals.reduce((s, m) => s + m.dueFen, 0),
    },
    tasks: targets.map((x) => ({
      kind: x.task.kind,
      title: x.task.title,
      from: x.task.senderOrg.name,
      receivedAt: x.task.createdAt,
      deadline: x.task.deadline,
      state: taskTargetState(x),
      doneAt: x.doneAt,
      reply: x.reply,
    })),
  };
}

export type YearReport = Awaited<ReturnType<typeof yearReport>>;

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
const day = (d: Date) => d.toISOString().slice(0, 10);

export async function yearWorkbook(
  deps: ServiceDeps,
  actor: Actor,
  input: YearReportInput,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const report = await yearReport(deps, actor, input);
  const wb = new ExcelJS.Workbook();
  wb.creator = "党建云平台";
  wb.created = report.generatedAt;

  const summary = wb.addWorksheet(t("reports.sheetSummary"));
  summary.columns = [{ width: 24 }, { width: 40 }];
  summary.addRows([
    [t("reports.handbookHeading", { org: report.org.name, year: report.year })],
    [t("reports.memberCount"), report.memberCount],
    [t("memberStatus.PROBATIONARY"), report.probationaryCount],
    ...report.meetingsByType.map((m) => [t(`meetingType.${m.type}` as MessageKey), m.count]),
    [t("reports.duesTotal"), yuan(report.dues.paidFen)],
    [t("reports.generatedAt", { at: report.generatedAt.toISOString() })],
  ]);
  summary.getRow(1).font = { bold: true, size: 14 };

  const meetings = wb.addWorksheet(t("reports.sheetMeetings"));
  meetings.columns = [
    { header: t("reports.meetingDate"), key: "date", width: 12 },
    { header: t("reports.meetingType"), key: "type", width: 14 },
    { header: t("reports.meetingTopic"), key: "topic", width: 36 },
    { header: t("reports.expected"), key: "expected", width: 8 },
    { header: t("reports.present"), key: "present", width: 8 },
    { header: t("reports.leave"), key: "leave", width: 8 },
    { header: t("reports.attendanceRate"), key: "rate", width: 10, style: { numFmt: "0%" } },
  ];
  for (const m of report.meetings) {
    meetings.addRow({
      date: day(m.heldAt),
      type: t(`meetingType.${m.type}` as MessageKey),
      topic: m.topic,
      expected: m.expected,
      present: m.present,
      leave: m.leave,
      rate: m.expected ? m.present / m.expected : null,
    });
  }

  const dues = wb.addWorksheet(t("reports.sheetDues"));
  dues.columns = [
    { header: t("reports.member"), key: "name", width: 12 },
    ...report.dues.months.map((m) => ({
      header: `${Number(m.slice(5))}月`,
      key: m,
      width: 9,
      style: { numFmt: "0.00" },
    })),
    { header: t("reports.duesTotal"), key: "total", width: 10, style: { numFmt: "0.00" } },
  ];
  for (const r of report.dues.rows) {
    dues.addRow({
      name: r.name,
      ...Object.fromEntries(r.months.map((m) => [m.month, yuan(m.paidFen)])),
      total: yuan(r.months.reduce((s, m) => s + (m.paidFen ?? 0), 0)),
    });
  }
  dues.addRow({
    name: t("reports.duesMonthPaid"),
    ...Object.fromEntries(report.dues.monthTotals.map((m) => [m.month, yuan(m.paidFen)])),
    total: yuan(report.dues.paidFen),
  }).font = { bold: true };
  dues.addRow({
    name: t("reports.duesMonthDue"),
    ...Object.fromEntries(report.dues.monthTotals.map((m) => [m.month, yuan(m.dueFen)])),
    total: yuan(report.dues.dueFen),
  }).font = { bold: true };

  const tasks = wb.addWorksheet(t("reports.sheetTasks"));
  tasks.columns = [
    { header: t("reports.taskReceived"), key: "received", width: 12 },
    { header: t("tasks.from"), key: "from", width: 22 },
    { header: t("reports.taskTitle"), key: "title", width: 36 },
    { header: t("reports.taskState"), key: "state", width: 10 },
    { header: t("tasks.reply"), key: "reply", width: 36 },
  ];
  for (const x of report.tasks)
    tasks.addRow({
      received: day(x.receivedAt),
      from: x.from,
      title: x.title,
      state: t(`taskState.${x.state}` as MessageKey),
      reply: x.reply ?? "",
    });
  for (const sheet of [meetings, dues, tasks]) sheet.getRow(1).font = { bold: true };

  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  // every bulk export is audited (who, which organisation, which year; ADR 0752)
  await audit(deps.db, actor, {
    action: "reports.exportXlsx",
    entityType: "Org",
    entityId: report.org.id,
    orgId: report.org.id,
    at: deps.now(),
    data: { year: report.year },
  });
  return { fileName: `${report.org.name}-${report.year}年工作手册.xlsx`, bytes };
}
