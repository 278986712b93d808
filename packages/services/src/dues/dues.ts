// Dues use cases: declarations, the monthly ledger, payments with receipts, arrears.
import { z } from "zod";
import {
  addMonths,
  AppError,
  can,
  checkDeclaredIncome,
  checkPaymentMonths,
  consecutiveUnpaidMonths,
  committeeGrant,
  monthKey,
  monthlyDuesFen,
  monthStart,
  payableWindow,
  receiptNumber,
  receiptSequenceOf,
  PAGE_SIZE_MAX,
  pageInfo,
  pageWindow,
  DUES_CATEGORIES,
  type DuesCategory,
  type MessageKey,
  type MonthKey,
} from "@dangjian/core";
import { Prisma, type DbTx } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { publish } from "../outbox/outbox.ts";
import { authorizeMember, isUniqueViolation, membersOf, orgOrOwnBranch, retryOnUnique } from "../ledger/common.ts";
import { childCounts } from "../members/members.ts";
import { monthKeyField, pageFields } from "../inputs.ts";
import { audit } from "../audit.ts";

interface Declaration {
  effectiveFrom: Date;
  category: DuesCategory;
  monthlyIncomeFen: number | null;
  monthlyDuesFen: number;
}

/** The declaration in force in a month: the latest one effective on or before it. */
export function declarationFor(declarations: readonly Declaration[], month: MonthKey): Declaration | null {
  let found: Declaration | null = null;
  for (const d of declarations)
    if (monthKey(d.effectiveFrom) <= month && (!found || d.effectiveFrom > found.effectiveFrom)) found = d;
  return found;
}

/** First month dues are owed: joining, or the first declaration if later. */
function firstDueMonth(joinedOn: Date, declarations: readonly Declaration[]): MonthKey | null {
  if (declarations.length === 0) return null;
  const firstDeclared = declarations.map((d) => monthKey(d.effectiveFrom)).sort()[0]!;
  const joined = monthKey(joinedOn);
  return joined > firstDeclared ? joined : firstDeclared;
}

const fmtMonth = (m: MonthKey) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`;

// ───────────── declarations ─────────────

export const declareInput = z.object({
  memberId: z.uuid(),
  category: z.enum(DUES_CATEGORIES),
  // bounds are checked below so that negative or absurd incomes get their own message
  monthlyIncomeFen: z.number().nullable().optional(),
  farmerFen: z.number().int().nullable().optional(),
  effectiveFrom: monthKeyField,
});
export type DeclareInput = z.input<typeof declareInput>;

const INCOME_KEYS: Record<NonNullable<ReturnType<typeof checkDeclaredIncome>>, MessageKey> = {
  incomeRequired: "dues.errorIncomeRequired",
  incomeNegative: "dues.errorIncomeNegative",
  incomeNotWhole: "dues.errorIncomeNotWhole",
  incomeAbsurd: "dues.errorIncomeAbsurd",
  farmerAmount: "dues.errorFarmerAmount",
};

export async function declareIncome(deps: ServiceDeps, actor: Actor, input: DeclareInput) {
  const member = await authorizeMember(deps, actor, "dues.manage", input.memberId);
  const income =
    input.category === "SALARIED" || input.category === "RETIRED" ? (input.monthlyIncomeFen ?? null) : null;
  const refusal = checkDeclaredIncome(input.category, input.monthlyIncomeFen ?? null, input.farmerFen);
  if (refusal) throw new AppError("BAD_INPUT", INCOME_KEYS[refusal]);
  const amount = monthlyDuesFen(input.category, income, input.farmerFen ?? undefined);
  const effectiveFrom = monthStart(input.effectiveFrom);
  return deps.db.$transaction(async (tx) => {
    const declaration = await tx.duesDeclaration.upsert({
      where: { memberId_effectiveFrom: { memberId: member.id, effectiveFrom } },
      create: {
        memberId: member.id,
        effectiveFrom,
        category: input.category,
        monthlyIncomeFen: income,
        monthlyDuesFen: amount,
        declaredById: actor.accountId,
      },
      update: {
        category: input.category,
        monthlyIncomeFen: income,
        monthlyDuesFen: amount,
        declaredById: actor.accountId,
      },
    });
    // the amount due changes from that month on: recompute those facts (up to two months ahead)
    const last = addMonths(monthKey(deps.now()), 2);
    const keys: Array<{ orgId: string; month: MonthKey }> = [];
    for (let m = input.effectiveFrom; m <= last && keys.length < 24; m = addMonths(m, 1))
      keys.push({ orgId: member.branchId, month: m });
    if (keys.length > 0) await publish(tx, "facts.touch", { keys });
    return { id: declaration.id, monthlyDuesFen: amount };
  });
}

// ───────────── ledger ─────────────

export interface LedgerRow {
  memberId: string;
  name: string;
  memberNo: string;
  category: DuesCategory | null;
  monthlyDuesFen: number | null;
  paid: { paymentId: string; receiptNo: string; amountFen: number } | null;
  unpaidMonths: number;
  paidMonths: MonthKey[];
}

/** Members of an organisation's subtree, as SQL (the same set as `membersOf`). */
const inSubtree = (orgId: string) =>
  Prisma.sql`m.active AND m."branchId" IN (SELECT id FROM "Org" WHERE id = ${orgId}::uuid OR "ancestorIds" @> ARRAY[${orgId}::uuid])`;

/** The month's totals over the whole subtree, computed in the database (never by loading every member). */
async function ledgerTotals(deps: ServiceDeps, orgId: string, month: MonthKey) {
  const [row] = await deps.db.$queryRaw<
    Array<{ members: number; dueFen: number; paidFen: number; membersPaid: number }>
  >`
    SELECT
      (SELECT count(*)::int FROM "Member" m WHERE ${inSubtree(orgId)}) AS members,
      (SELECT coalesce(sum(d."monthlyDuesFen"), 0)::int FROM "Member" m
         JOIN LATERAL (SELECT "monthlyDuesFen" FROM "DuesDeclaration" WHERE "memberId" = m.id AND "effectiveFrom" < ${`${addMonths(month, 1)}-01`}::date
                       ORDER BY "effectiveFrom" DESC LIMIT 1) d ON true
       WHERE ${inSubtree(orgId)}) AS "dueFen",
      (SELECT coalesce(sum(p."amountFen"), 0)::int FROM "DuesMonth" p JOIN "Member" m ON m.id = p."memberId" WHERE p.month = ${`${month}-01`}::date AND ${inSubtree(orgId)}) AS "paidFen",
      (SELECT count(DISTINCT p."memberId")::int FROM "DuesMonth" p JOIN "Member" m ON m.id = p."memberId" WHERE p.month = ${`${month}-01`}::date AND ${inSubtree(orgId)}) AS "membersPaid"`;
  return { dueFen: row!.dueFen, paidFen: row!.paidFen, members: row!.members, membersPaid: row!.membersPaid };
}

/**
 * The month's dues ledger, a page of members at a time (issue 13 defect 4); totals cover the whole
 * organisation. A committee gets its totals and the organisations below it with member counts
 * (drill down), not rows. `memberId` asks for one member's row (the payment and declaration pages).
 */
export const monthLedgerInput = z.object({
  orgId: z.uuid().optional(),
  month: monthKeyField.optional(),
  memberId: z.uuid().optional(),
  ...pageFields,
});

export async function monthLedger(deps: ServiceDeps, actor: Actor, input: z.input<typeof monthLedgerInput>) {
  const orgId = orgOrOwnBranch(actor, input.orgId);
  const org = await authorize(deps, actor, "dues.view", orgId);
  const { kind } = await deps.db.org.findUniqueOrThrow({ where: { id: orgId }, select: { kind: true } });
  const isCommittee = kind === "COMMITTEE";
  const window = pageWindow(input);
  const current = monthKey(deps.now());
  const month = input.month ?? current;
  const payable = payableWindow(current);
  const listRows = !isCommittee || Boolean(input.memberId);
  const members = listRows
    ? await deps.db.member.findMany({
        where: input.memberId ? { ...membersOf(orgId), id: input.memberId } : membersOf(orgId),
        select: {
          id: true,
          name: true,
          memberNo: true,
          joinedOn: true,
          incomeDeclarations: {
            select: { effectiveFrom: true, category: true, monthlyIncomeFen: true, monthlyDuesFen: true },
          },
        },
        orderBy: [{ name: "asc" }, { id: "asc" }],
        skip: input.memberId ? 0 : window.skip,
        take: window.take,
      })
    : [];
  const ids = members.map((m) => m.id);
  const from = addMonths(current, -13) < payable.oldest ? addMonths(current, -13) : payable.oldest;
  const rows = ids.length
    ? await deps.db.duesMonth.findMany({
        where: { memberId: { in: ids }, month: { gte: monthStart(from < month ? from : month) } },
        select: {
          memberId: true,
          month: true,
          amountFen: true,
          payment: { select: { id: true, receiptNo: true, amountFen: true } },
        },
      })
    : [];
  const byMember = new Map<string, typeof rows>();
  for (const r of rows) byMember.set(r.memberId, [...(byMember.get(r.memberId) ?? []), r]);
  const lastDue = addMonths(current, -1);
  const ledger: LedgerRow[] = members.map((m) => {
    const declaration = declarationFor(m.incomeDeclarations as Declaration[], month);
    const mine = byMember.get(m.id) ?? [];
    const paidThis = mine.find((r) => monthKey(r.month) === month);
    const paidSet = new Set(mine.map((r) => monthKey(r.month)));
    const firstDue = firstDueMonth(m.joinedOn, m.incomeDeclarations as Declaration[]);
    const lookback = addMonths(lastDue, -11);
    const start = firstDue && firstDue > lookback ? firstDue : lookback;
    return {
      memberId: m.id,
      name: m.name,
      memberNo: m.memberNo,
      category: declaration?.category ?? null,
      monthlyDuesFen: declaration?.monthlyDuesFen ?? null,
      paid: paidThis
        ? {
            paymentId: paidThis.payment.id,
            receiptNo: paidThis.payment.receiptNo,
            amountFen: paidThis.payment.amountFen,
          }
        : null,
      unpaidMonths: firstDue && start <= lastDue ? consecutiveUnpaidMonths(paidSet, lastDue, start) : 0,
      paidMonths: [...paidSet].filter((k) => k >= payable.oldest && k <= payable.latest).sort(),
    };
  });
  const [totals, below, themeDays] = await Promise.all([
    ledgerTotals(deps, orgId, month),
    isCommittee && !input.memberId ? childCounts(deps, orgId, window) : Promise.resolve(null),
    deps.db.meeting.findMany({
      where: {
        orgId,
        type: "THEME_DAY",
        status: { not: "CANCELLED" },
        plannedStart: { gte: monthStart(addMonths(current, -1)), lt: monthStart(addMonths(current, 1)) },
      },
      select: { id: true, topic: true, plannedStart: true },
      orderBy: { plannedStart: "desc" },
      take: 20,
    }),
  ]);
  return {
    org: { id: org.id, name: org.name, isCommittee },
    month,
    current,
    window: payable,
    rows: ledger,
    page: pageInfo(window, listRows && !input.memberId ? totals.members : ledger.length),
    totals,
    children: below?.children ?? [],
    childPage: below?.childPage ?? null,
    canManage: can(actor.grants, "dues.manage", org),
    themeDays,
  };
}

// ───────────── payments ─────────────

export const recordPaymentInput = z.object({
  memberId: z.uuid(),
  months: z.array(z.string().max(7)).max(12),
  method: z.enum(["ON_SITE", "TRANSFER"]),
  reference: z.string().max(100).nullable().optional(),
  meetingId: z.uuid().nullable().optional(),
  idempotencyKey: z.uuid(),
});
export type RecordPaymentInput = z.input<typeof recordPaymentInput>;

export interface PaymentResult {
  paymentId: string;
  receiptNo: string;
  amountFen: number;
  months: MonthKey[];
  replayed: boolean;
}

const MONTH_KEYS = {
  notAMonth: "dues.errorMonthFormat",
  duplicate: "dues.errorMonthDuplicate",
  tooOld: "dues.errorMonthTooOld",
  tooFarAhead: "dues.errorMonthTooFarAhead",
  beforeFirstDue: "dues.errorMonthBeforeFirstDue",
  empty: "dues.errorNoMonths",
} as const satisfies Record<string, MessageKey>;

export async function recordPayment(
  deps: ServiceDeps,
  actor: Actor,
  input: RecordPaymentInput,
): Promise<PaymentResult> {
  const member = await authorizeMember(deps, actor, "dues.manage", input.memberId);
  const replay = await findReplay(deps.db, input);
  if (replay) return replay;

  const reference = input.reference?.trim() || null;
  if (input.method === "TRANSFER" && !reference) throw new AppError("BAD_INPUT", "dues.errorReferenceRequired");
  const declarations = (await deps.db.duesDeclaration.findMany({ where: { memberId: member.id } })) as Declaration[];
  const firstDue = firstDueMonth(member.joinedOn, declarations);
  if (!firstDue) throw new AppError("BAD_INPUT", "dues.errorNotDeclared", { name: member.name });
  const now = deps.now();
  const checked = checkPaymentMonths(input.months, monthKey(now), firstDue);
  if (!checked.ok) {
    const r = checked.refusal;
    const params: Record<string, string> = {};
    if ("month" in r) params.month = r.reason === "notAMonth" ? r.month : fmtMonth(r.month);
    if (r.reason === "tooOld") params.oldest = fmtMonth(r.oldest);
    if (r.reason === "tooFarAhead") params.latest = fmtMonth(r.latest);
    if (r.reason === "beforeFirstDue") params.firstDue = fmtMonth(r.firstDue);
    throw new AppError("BAD_INPUT", MONTH_KEYS[r.reason], params);
  }
  if (input.meetingId) {
    const meeting = await deps.db.meeting.findUnique({
      where: { id: input.meetingId },
      select: { orgId: true, type: true },
    });
    if (!meeting || meeting.orgId !== member.branchId || meeting.type !== "THEME_DAY")
      throw new AppError("BAD_INPUT", "dues.errorMeetingNotHere");
  }
  const lines = checked.months.map((m) => ({ month: m, amountFen: declarationFor(declarations, m)!.monthlyDuesFen }));
  const amountFen = lines.reduce((s, l) => s + l.amountFen, 0);
  const paidMonth = monthKey(now);

  try {
    return await retryOnUnique("receiptNo", 5, () =>
      deps.db.$transaction(async (tx) => {
        const already = await tx.duesMonth.findFirst({
          where: { memberId: member.id, month: { in: checked.months.map(monthStart) } },
          select: { month: true, payment: { select: { receiptNo: true } } },
          orderBy: { month: "asc" },
        });
        if (already)
          throw new AppError("CONFLICT", "dues.errorMonthPaid", {
            month: fmtMonth(monthKey(already.month)),
            receiptNo: already.payment.receiptNo,
          });
        const receiptNo = receiptNumber(paidMonth, await nextReceiptSequence(tx, paidMonth));
        const payment = await tx.duesPayment.create({
          data: {
            memberId: member.id,
            orgId: member.branchId,
            amountFen,
            paidAt: now,
            method: input.method,
            reference,
            meetingId: input.meetingId ?? null,
            receiptNo,
            idempotencyKey: input.idempotencyKey,
            recordedById: actor.accountId,
            months: {
              create: lines.map((l) => ({
                memberId: member.id,
                month: monthStart(l.month),
                amountFen: l.amountFen,
                orgId: member.branchId,
              })),
            },
          },
        });
        await publish(tx, "facts.touch", { keys: checked.months.map((month) => ({ orgId: member.branchId, month })) });
        await audit(tx, actor, {
          action: "dues.recordPayment",
          entityType: "DuesPayment",
          entityId: payment.id,
          orgId: member.branchId,
          data: { months: checked.months, amountFen, method: input.method },
        });
        return { paymentId: payment.id, receiptNo, amountFen, months: checked.months, replayed: false };
      }),
    );
  } catch (error) {
    // a concurrent retry of the same submission won the race: answer as a replay
    const again = await findReplay(deps.db, input);
    if (again) return again;
    if (isUniqueViolation(error)) {
      const paid = await deps.db.duesMonth.findFirst({
        where: { memberId: member.id, month: { in: checked.months.map(monthStart) } },
        select: { month: true, payment: { select: { receiptNo: true } } },
      });
      if (paid)
        throw new AppError("CONFLICT", "dues.errorMonthPaid", {
          month: fmtMonth(monthKey(paid.month)),
          receiptNo: paid.payment.receiptNo,
        });
    }
    throw error;
  }
}

async function findReplay(db: DbTx, input: RecordPaymentInput): Promise<PaymentResult | null> {
  const existing = await db.duesPayment.findUnique({
    where: { idempotencyKey: input.idempotencyKey },
    include: { months: { select: { month: true } } },
  });
  if (!existing) return null;
  const months = existing.months.map((m) => monthKey(m.month)).sort();
  const same =
    existing.memberId === input.memberId &&
    existing.method === input.method &&
    [...new Set(input.months)].sort().join() === months.join();
  if (!same) throw new AppError("CONFLICT", "dues.errorIdempotencyMismatch");
  return {
    paymentId: existing.id,
    receiptNo: existing.receiptNo,
    amountFen: existing.amountFen,
    months,
    replayed: true,
  };
}

async function nextReceiptSequence(tx: DbTx, paidMonth: MonthKey): Promise<number> {
  const prefix = `DF${paidMonth.replace("-", "")}`;
  const last = await tx.duesPayment.findFirst({
    where: { receiptNo: { startsWith: prefix } },
    orderBy: { receiptNo: "desc" },
    select: { receiptNo: true },
  });
  return (last ? (receiptSequenceOf(last.receiptNo) ?? 0) : 0) + 1;
}

export const receiptInput = z.object({ paymentId: z.uuid() });

export async function receipt(deps: ServiceDeps, actor: Actor, input: z.input<typeof receiptInput>) {
  const payment = await deps.db.duesPayment.findUnique({
    where: { id: input.paymentId },
    include: {
      member: { select: { id: true, name: true, memberNo: true } },
      org: { select: { id: true, name: true, ancestorIds: true } },
      months: { select: { month: true, amountFen: true }, orderBy: { month: "asc" } },
    },
  });
  if (!payment) throw new AppError("NOT_FOUND", "error.notFound");
  // the member sees their own receipts; otherwise the branch's dues viewers
  if (payment.memberId !== actor.memberId) await authorize(deps, actor, "dues.view", payment.orgId);
  const recordedBy = payment.recordedById
    ? await deps.db.account.findUnique({ where: { id: payment.recordedById }, select: { displayName: true } })
    : null;
  return {
    id: payment.id,
    receiptNo: payment.receiptNo,
    member: payment.member,
    orgName: payment.org.name,
    amountFen: payment.amountFen,
    paidAt: payment.paidAt,
    method: payment.method,
    reference: payment.reference,
    months: payment.months.map((m) => ({ month: monthKey(m.month), amountFen: m.amountFen })),
    recordedBy: recordedBy?.displayName ?? null,
  };
}

// ───────────── arrears ─────────────

/** Months looked back for arrears: longer gaps show as "12+" (6 is the constitution's line). */
const LOOKBACK = 12;

/**
 * Members of a subtree with unpaid completed months, as SQL (issue 13 defect 4: computed in the
 * database, never by loading the subtree). Owed from the latest of: the lookback start, joining,
 * the first declaration (when `requireDeclaration`, members without one owe nothing yet; else
 * they owe from joining), and the month after the last paid one up to the last completed month.
 */
export function arrearsSql(orgId: string, now: Date, requireDeclaration: boolean): Prisma.Sql {
  const lastDue = addMonths(monthKey(now), -1);
  // month starts as 'YYYY-MM-01' text: no time zone can move them
  const lookback = `${addMonths(lastDue, -(LOOKBACK - 1))}-01`;
  const last = `${lastDue}-01`;
  return Prisma.sql`
    WITH scope AS (
      SELECT m.id, m.name, m."branchId", date_trunc('month', m."joinedOn")::date AS joined,
        (SELECT date_trunc('month', min(d."effectiveFrom"))::date FROM "DuesDeclaration" d WHERE d."memberId" = m.id) AS declared,
        (SELECT max(p.month) FROM "DuesMonth" p WHERE p."memberId" = m.id AND p.month >= ${lookback}::date AND p.month <= ${last}::date) AS last_paid
      FROM "Member" m WHERE ${inSubtree(orgId)}
    ), owed AS (
      SELECT id, name, "branchId",
        GREATEST(${lookback}::date, joined, COALESCE(declared, ${lookback}::date), COALESCE((last_paid + interval '1 month')::date, ${lookback}::date)) AS start
      FROM scope WHERE ${!requireDeclaration} OR declared IS NOT NULL
    ), arrears AS (
      SELECT id, name, "branchId", start,
        ((date_part('year', ${last}::date) - date_part('year', start)) * 12 + date_part('month', ${last}::date) - date_part('month', start) + 1)::int AS unpaid
      FROM owed WHERE start <= ${last}::date
    )`;
}

/**
 * Arrears of an organisation (issue 13 defect 4: counted in the database, paged). A branch or
 * general branch: a page of its members in arrears (names only for those who may see dues). A
 * committee: a page of branches with counts (names of people only after drilling down).
 */
export const arrearsInput = z.object({ orgId: z.uuid().optional(), ...pageFields });

export async function arrears(deps: ServiceDeps, actor: Actor, input: z.input<typeof arrearsInput>) {
  const orgId = input.orgId ?? committeeGrant(actor.grants)?.orgId ?? actor.branchId;
  if (!orgId) throw new AppError("FORBIDDEN", "member.notAMember");
  const org = await authorize(deps, actor, "branch.overview", orgId);
  const full = await deps.db.org.findUniqueOrThrow({ where: { id: orgId }, select: { kind: true } });
  const isCommittee = full.kind === "COMMITTEE";
  const window = pageWindow(input);
  const mayName = can(actor.grants, "dues.view", org);
  const cte = arrearsSql(orgId, deps.now(), true);
  const [totals] = await deps.db.$queryRaw<Array<{ count: number; sixPlus: number; branches: number }>>`
    ${cte} SELECT count(*)::int AS count, (count(*) FILTER (WHERE unpaid >= 6))::int AS "sixPlus", count(DISTINCT "branchId")::int AS branches FROM arrears`;
  const branches = mayName
    ? await deps.db.$queryRaw<
        Array<{ orgId: string; name: string; members: number; longest: number; sixPlus: number }>
      >`
        ${cte} SELECT a."branchId" AS "orgId", o.name, count(*)::int AS members, max(a.unpaid)::int AS longest, (count(*) FILTER (WHERE a.unpaid >= 6))::int AS "sixPlus"
        FROM arrears a JOIN "Org" o ON o.id = a."branchId" GROUP BY a."branchId", o.name ORDER BY members DESC, o.name, a."branchId"
        LIMIT ${isCommittee ? window.take : PAGE_SIZE_MAX} OFFSET ${isCommittee ? window.skip : 0}`
    : [];
  const members =
    mayName && !isCommittee
      ? await deps.db.$queryRaw<
          Array<{ memberId: string; name: string; branchId: string; unpaid: number; since: string; branchName: string }>
        >`
          ${cte} SELECT a.id AS "memberId", a.name, a."branchId", a.unpaid, to_char(a.start, 'YYYY-MM') AS since, o.name AS "branchName"
          FROM arrears a JOIN "Org" o ON o.id = a."branchId" ORDER BY a.unpaid DESC, a.name, a.id LIMIT ${window.take} OFFSET ${window.skip}`
      : [];
  return {
    org: { id: org.id, name: org.name, isCommittee },
    count: totals!.count,
    sixPlus: totals!.sixPlus,
    page: pageInfo(window, isCommittee ? totals!.branches : totals!.count),
    members: members.map((m) => ({
      memberId: m.memberId,
      name: m.name,
      branchId: m.branchId,
      unpaidMonths: m.unpaid,
      since: m.since as MonthKey,
      branchName: m.branchName,
    })),
    branches,
  };
}

// ───────────── the member's own dues ─────────────

export async function myDues(deps: ServiceDeps, actor: Actor) {
  if (!actor.memberId) throw new AppError("FORBIDDEN", "member.notAMember");
  const member = await deps.db.member.findUniqueOrThrow({
    where: { id: actor.memberId },
    select: {
      id: true,
      joinedOn: true,
      incomeDeclarations: {
        select: { effectiveFrom: true, category: true, monthlyIncomeFen: true, monthlyDuesFen: true },
      },
    },
  });
  const declarations = member.incomeDeclarations as Declaration[];
  const current = monthKey(deps.now());
  const firstDue = firstDueMonth(member.joinedOn, declarations);
  const declaration = declarationFor(declarations, current);
  const lastDue = addMonths(current, -1);
  const lookback = addMonths(lastDue, -(LOOKBACK - 1));
  const paidRows = await deps.db.duesMonth.findMany({
    where: { memberId: member.id },
    select: { month: true },
    orderBy: { month: "desc" },
    take: 36,
  });
  const paid = new Set(paidRows.map((r) => monthKey(r.month)));
  const owed: MonthKey[] = [];
  if (firstDue)
    for (let m = firstDue > lookback ? firstDue : lookback; m <= lastDue; m = addMonths(m, 1))
      if (!paid.has(m)) owed.push(m);
  return {
    declared: declaration !== null,
    category: declaration?.category ?? null,
    monthlyDuesFen: declaration?.monthlyDuesFen ?? null,
    owedMonths: owed,
    consecutiveUnpaid: firstDue ? consecutiveUnpaidMonths(paid, lastDue, firstDue > lookback ? firstDue : lookback) : 0,
    lastPaidMonth: paidRows[0] ? monthKey(paidRows[0].month) : null,
    currentPaid: paid.has(current),
  };
}
