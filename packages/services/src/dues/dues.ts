// Dues use cases: declarations, the monthly ledger, payments with receipts, arrears.
import {
  addMonths,
  AppError,
  can,
  checkDeclaredIncome,
  checkPaymentMonths,
  consecutiveUnpaidMonths,
  COMMITTEE_ROLES,
  monthKey,
  monthlyDuesFen,
  monthStart,
  payableWindow,
  receiptNumber,
  receiptSequenceOf,
  type DuesCategory,
  type MessageKey,
  type MonthKey,
} from "@dangjian/core";
import type { DbTx, PaymentMethod } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { publish } from "../outbox/outbox.ts";
import { authorizeMember, isUniqueViolation, membersOf, orgOrOwnBranch, retryOnUnique } from "../ledger/common.ts";

interface Declaration {
  effectiveFrom: Date;
  category: DuesCategory;
  monthlyIncomeFen: number | null;
  monthlyDuesFen: number;
}

/** The declaration in force in a month: the latest one effective on or before it. */
export function declarationFor(declarations: readonly Declaration[], month: MonthKey): Declaration | null {
  let found: Declaration | null = null;
  for (const d of declarations) if (monthKey(d.effectiveFrom) <= month && (!found || d.effectiveFrom > found.effectiveFrom)) found = d;
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

export interface DeclareInput {
  memberId: string;
  category: DuesCategory;
  monthlyIncomeFen?: number | null | undefined;
  farmerFen?: number | null | undefined;
  effectiveFrom: MonthKey;
}

const INCOME_KEYS: Record<NonNullable<ReturnType<typeof checkDeclaredIncome>>, MessageKey> = {
  incomeRequired: "dues.errorIncomeRequired",
  incomeNegative: "dues.errorIncomeNegative",
  incomeNotWhole: "dues.errorIncomeNotWhole",
  incomeAbsurd: "dues.errorIncomeAbsurd",
  farmerAmount: "dues.errorFarmerAmount",
};

export async function declareIncome(deps: ServiceDeps, actor: Actor, input: DeclareInput) {
  const member = await authorizeMember(deps, actor, "dues.manage", input.memberId);
  const income = input.category === "SALARIED" || input.category === "RETIRED" ? (input.monthlyIncomeFen ?? null) : null;
  const refusal = checkDeclaredIncome(input.category, input.monthlyIncomeFen ?? null, input.farmerFen);
  if (refusal) throw new AppError("BAD_INPUT", INCOME_KEYS[refusal]);
  const amount = monthlyDuesFen(input.category, income, input.farmerFen ?? undefined);
  const effectiveFrom = monthStart(input.effectiveFrom);
  return deps.db.$transaction(async (tx) => {
    const declaration = await tx.duesDeclaration.upsert({
      where: { memberId_effectiveFrom: { memberId: member.id, effectiveFrom } },
      create: { memberId: member.id, effectiveFrom, category: input.category, monthlyIncomeFen: income, monthlyDuesFen: amount, declaredById: actor.accountId },
      update: { category: input.category, monthlyIncomeFen: income, monthlyDuesFen: amount, declaredById: actor.accountId },
    });
    // the amount due changes from that month on: recompute those facts (up to two months ahead)
    const last = addMonths(monthKey(deps.now()), 2);
    const keys: Array<{ orgId: string; month: MonthKey }> = [];
    for (let m = input.effectiveFrom; m <= last && keys.length < 24; m = addMonths(m, 1)) keys.push({ orgId: member.branchId, month: m });
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

export async function monthLedger(deps: ServiceDeps, actor: Actor, input: { orgId?: string | undefined; month?: MonthKey | undefined }) {
  const orgId = orgOrOwnBranch(actor, input.orgId);
  const org = await authorize(deps, actor, "dues.view", orgId);
  const current = monthKey(deps.now());
  const month = input.month ?? current;
  const window = payableWindow(current);
  const members = await deps.db.member.findMany({
    where: membersOf(orgId),
    select: { id: true, name: true, memberNo: true, joinedOn: true, incomeDeclarations: { select: { effectiveFrom: true, category: true, monthlyIncomeFen: true, monthlyDuesFen: true } } },
    orderBy: [{ name: "asc" }],
  });
  const ids = members.map((m) => m.id);
  const from = addMonths(current, -13) < window.oldest ? addMonths(current, -13) : window.oldest;
  const rows = await deps.db.duesMonth.findMany({
    where: { memberId: { in: ids }, month: { gte: monthStart(from < month ? from : month) } },
    select: { memberId: true, month: true, amountFen: true, payment: { select: { id: true, receiptNo: true, amountFen: true } } },
  });
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
      paid: paidThis ? { paymentId: paidThis.payment.id, receiptNo: paidThis.payment.receiptNo, amountFen: paidThis.payment.amountFen } : null,
      unpaidMonths: firstDue && start <= lastDue ? consecutiveUnpaidMonths(paidSet, lastDue, start) : 0,
      paidMonths: [...paidSet].filter((k) => k >= window.oldest && k <= window.latest).sort(),
    };
  });
  const totalDueFen = ledger.reduce((s, r) => s + (r.monthlyDuesFen ?? 0), 0);
  const paidRows = ledger.filter((r) => r.paid);
  const totalPaidFen = rows.filter((r) => monthKey(r.month) === month).reduce((s, r) => s + r.amountFen, 0);
  const themeDays = await deps.db.meeting.findMany({
    where: { orgId, type: "THEME_DAY", status: { not: "CANCELLED" }, plannedStart: { gte: monthStart(addMonths(current, -1)), lt: monthStart(addMonths(current, 1)) } },
    select: { id: true, topic: true, plannedStart: true },
    orderBy: { plannedStart: "desc" },
  });
  return {
    org: { id: org.id, name: org.name },
    month,
    current,
    window,
    rows: ledger,
    totals: { dueFen: totalDueFen, paidFen: totalPaidFen, members: ledger.length, membersPaid: paidRows.length },
    canManage: can(actor.grants, "dues.manage", org),
    themeDays,
  };
}

// ───────────── payments ─────────────

export interface RecordPaymentInput {
  memberId: string;
  months: string[];
  method: PaymentMethod;
  reference?: string | null | undefined;
  meetingId?: string | null | undefined;
  idempotencyKey: string;
}

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

export async function recordPayment(deps: ServiceDeps, actor: Actor, input: RecordPaymentInput): Promise<PaymentResult> {
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
    const meeting = await deps.db.meeting.findUnique({ where: { id: input.meetingId }, select: { orgId: true, type: true } });
    if (!meeting || meeting.orgId !== member.branchId || meeting.type !== "THEME_DAY") throw new AppError("BAD_INPUT", "dues.errorMeetingNotHere");
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
        if (already) throw new AppError("CONFLICT", "dues.errorMonthPaid", { month: fmtMonth(monthKey(already.month)), receiptNo: already.payment.receiptNo });
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
            months: { create: lines.map((l) => ({ memberId: member.id, month: monthStart(l.month), amountFen: l.amountFen, orgId: member.branchId })) },
          },
        });
        await publish(tx, "facts.touch", { keys: checked.months.map((month) => ({ orgId: member.branchId, month })) });
        await tx.auditLog.create({
          data: { accountId: actor.accountId, action: "dues.recordPayment", entityType: "DuesPayment", entityId: payment.id, orgId: member.branchId, data: { months: checked.months, amountFen, method: input.method } },
        });
        return { paymentId: payment.id, receiptNo, amountFen, months: checked.months, replayed: false };
      }),
    );
  } catch (error) {
    // a concurrent retry of the same submission won the race: answer as a replay
    const again = await findReplay(deps.db, input);
    if (again) return again;
    if (isUniqueViolation(error)) {
      const paid = await deps.db.duesMonth.findFirst({ where: { memberId: member.id, month: { in: checked.months.map(monthStart) } }, select: { month: true, payment: { select: { receiptNo: true } } } });
      if (paid) throw new AppError("CONFLICT", "dues.errorMonthPaid", { month: fmtMonth(monthKey(paid.month)), receiptNo: paid.payment.receiptNo });
    }
    throw error;
  }
}

async function findReplay(db: DbTx, input: RecordPaymentInput): Promise<PaymentResult | null> {
  const existing = await db.duesPayment.findUnique({ where: { idempotencyKey: input.idempotencyKey }, include: { months: { select: { month: true } } } });
  if (!existing) return null;
  const months = existing.months.map((m) => monthKey(m.month)).sort();
  const same = existing.memberId === input.memberId && existing.method === input.method && [...new Set(input.months)].sort().join() === months.join();
  if (!same) throw new AppError("CONFLICT", "dues.errorIdempotencyMismatch");
  return { paymentId: existing.id, receiptNo: existing.receiptNo, amountFen: existing.amountFen, months, replayed: true };
}

async function nextReceiptSequence(tx: DbTx, paidMonth: MonthKey): Promise<number> {
  const prefix = `DF${paidMonth.replace("-", "")}`;
  const last = await tx.duesPayment.findFirst({ where: { receiptNo: { startsWith: prefix } }, orderBy: { receiptNo: "desc" }, select: { receiptNo: true } });
  return (last ? (receiptSequenceOf(last.receiptNo) ?? 0) : 0) + 1;
}

export async function receipt(deps: ServiceDeps, actor: Actor, input: { paymentId: string }) {
  const payment = await deps.db.duesPayment.findUnique({
    where: { id: input.paymentId },
    include: { member: { select: { id: true, name: true, memberNo: true } }, org: { select: { id: true, name: true, ancestorIds: true } }, months: { select: { month: true, amountFen: true }, orderBy: { month: "asc" } } },
  });
  if (!payment) throw new AppError("NOT_FOUND", "error.notFound");
  // the member sees their own receipts; otherwise the branch's dues viewers
  if (payment.memberId !== actor.memberId) await authorize(deps, actor, "dues.view", payment.orgId);
  const recordedBy = payment.recordedById ? await deps.db.account.findUnique({ where: { id: payment.recordedById }, select: { displayName: true } }) : null;
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

async function memberArrears(deps: ServiceDeps, where: ReturnType<typeof membersOf>) {
  const lastDue = addMonths(monthKey(deps.now()), -1);
  const lookback = addMonths(lastDue, -(LOOKBACK - 1));
  const members = await deps.db.member.findMany({
    where,
    select: { id: true, name: true, branchId: true, joinedOn: true, incomeDeclarations: { select: { effectiveFrom: true, category: true, monthlyIncomeFen: true, monthlyDuesFen: true } } },
  });
  const paidRows = await deps.db.duesMonth.findMany({ where: { memberId: { in: members.map((m) => m.id) }, month: { gte: monthStart(lookback) } }, select: { memberId: true, month: true } });
  const paid = new Map<string, Set<MonthKey>>();
  for (const r of paidRows) paid.set(r.memberId, (paid.get(r.memberId) ?? new Set()).add(monthKey(r.month)));
  return members
    .map((m) => {
      const firstDue = firstDueMonth(m.joinedOn, m.incomeDeclarations as Declaration[]);
      if (!firstDue) return null;
      const start = firstDue > lookback ? firstDue : lookback;
      if (start > lastDue) return null;
      const unpaidMonths = consecutiveUnpaidMonths(paid.get(m.id) ?? new Set(), lastDue, start);
      return unpaidMonths > 0 ? { memberId: m.id, name: m.name, branchId: m.branchId, unpaidMonths, since: addMonths(lastDue, -(unpaidMonths - 1)) } : null;
    })
    .filter((x): x is NonNullable<typeof x> => x !== null)
    .sort((a, b) => b.unpaidMonths - a.unpaidMonths || a.name.localeCompare(b.name, "zh-CN"));
}

/**
 * Arrears of an organisation. A branch: its members (names only for secretaries and committee
 * members). A committee: one line per branch below it, with names for committee staff.
 */
export async function arrears(deps: ServiceDeps, actor: Actor, input: { orgId?: string | undefined }) {
  const orgId = input.orgId ?? actor.grants.find((g) => COMMITTEE_ROLES.has(g.role))?.orgId ?? actor.branchId;
  if (!orgId) throw new AppError("FORBIDDEN", "member.notAMember");
  const org = await authorize(deps, actor, "branch.overview", orgId);
  const full = await deps.db.org.findUniqueOrThrow({ where: { id: orgId }, select: { kind: true } });
  const list = await memberArrears(deps, membersOf(orgId));
  const mayName = can(actor.grants, "dues.view", org);
  const branches = new Map<string, { orgId: string; members: number; longest: number; sixPlus: number }>();
  for (const a of list) {
    const b = branches.get(a.branchId) ?? { orgId: a.branchId, members: 0, longest: 0, sixPlus: 0 };
    b.members += 1;
    b.longest = Math.max(b.longest, a.unpaidMonths);
    if (a.unpaidMonths >= 6) b.sixPlus += 1;
    branches.set(a.branchId, b);
  }
  const names = await deps.db.org.findMany({ where: { id: { in: [...branches.keys()] } }, select: { id: true, name: true } });
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return {
    org: { id: org.id, name: org.name, isCommittee: full.kind === "COMMITTEE" },
    count: list.length,
    sixPlus: list.filter((a) => a.unpaidMonths >= 6).length,
    members: mayName ? list.map((a) => ({ ...a, branchName: nameOf.get(a.branchId) ?? "" })) : [],
    branches: mayName ? [...branches.values()].map((b) => ({ ...b, name: nameOf.get(b.orgId) ?? "" })).sort((a, b) => b.members - a.members) : [],
  };
}

// ───────────── the member's own dues ─────────────

export async function myDues(deps: ServiceDeps, actor: Actor) {
  if (!actor.memberId) throw new AppError("FORBIDDEN", "member.notAMember");
  const member = await deps.db.member.findUniqueOrThrow({
    where: { id: actor.memberId },
    select: { id: true, joinedOn: true, incomeDeclarations: { select: { effectiveFrom: true, category: true, monthlyIncomeFen: true, monthlyDuesFen: true } } },
  });
  const declarations = member.incomeDeclarations as Declaration[];
  const current = monthKey(deps.now());
  const firstDue = firstDueMonth(member.joinedOn, declarations);
  const declaration = declarationFor(declarations, current);
  const lastDue = addMonths(current, -1);
  const lookback = addMonths(lastDue, -(LOOKBACK - 1));
  const paidRows = await deps.db.duesMonth.findMany({ where: { memberId: member.id }, select: { month: true }, orderBy: { month: "desc" }, take: 36 });
  const paid = new Set(paidRows.map((r) => monthKey(r.month)));
  const owed: MonthKey[] = [];
  if (firstDue) for (let m = firstDue > lookback ? firstDue : lookback; m <= lastDue; m = addMonths(m, 1)) if (!paid.has(m)) owed.push(m);
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
