import { addMonths, AppError, can, consecutiveUnpaidMonths, monthKey, monthStart, type MonthKey } from "@dangjian/core";
import type { MeetingType, MemberCategory, MemberStatus, OrgKind, OrgSector } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";

export interface BranchOverview {
  org: { id: string; name: string; kind: OrgKind; sector: OrgSector; parentName: string | null };
  memberCount: number;
  membersByCategory: Array<{ category: MemberCategory; count: number }>;
  membersByStatus: Array<{ status: MemberStatus; count: number }>;
  nextMeeting: { id: string; type: MeetingType; topic: string; plannedStart: Date; place: string | null } | null;
  /** members with unpaid completed months; names only for those who may see dues (secretary, committee) */
  arrearsCount: number;
  arrears: Array<{ memberId: string; name: string; unpaidMonths: number; since: MonthKey }>;
}

/** Months of dues looked at for arrears; longer gaps are flagged anyway (≥ 6 is the constitution's line). */
const ARREARS_LOOKBACK_MONTHS = 12;

export async function branchOverview(deps: ServiceDeps, actor: Actor, input: { orgId?: string | undefined }): Promise<BranchOverview> {
  const orgId = input.orgId ?? actor.branchId;
  if (!orgId) throw new AppError("FORBIDDEN", "member.notAMember");
  const ref = await authorize(deps, actor, "branch.overview", orgId);
  const org = await deps.db.org.findUniqueOrThrow({
    where: { id: orgId },
    select: { id: true, name: true, kind: true, sector: true, parent: { select: { name: true } } },
  });
  // A general branch's figures include its sub-branches.
  const memberWhere = { active: true, branch: { OR: [{ id: orgId }, { ancestorIds: { has: orgId } }] } };
  const [byCategory, byStatus, nextMeeting, members] = await Promise.all([
    deps.db.member.groupBy({ by: ["category"], where: memberWhere, _count: { _all: true }, orderBy: { category: "asc" } }),
    deps.db.member.groupBy({ by: ["status"], where: memberWhere, _count: { _all: true }, orderBy: { status: "asc" } }),
    deps.db.meeting.findFirst({
      where: { status: "PLANNED", plannedStart: { gte: deps.now() }, OR: [{ orgId }, { orgs: { some: { orgId } } }] },
      orderBy: { plannedStart: "asc" },
      select: { id: true, type: true, topic: true, plannedStart: true, place: true },
    }),
    deps.db.member.findMany({
      where: memberWhere,
      select: { id: true, name: true, joinedOn: true, incomeDeclarations: { select: { effectiveFrom: true }, orderBy: { effectiveFrom: "asc" }, take: 1 } },
    }),
  ]);

  // Dues for a month fall due during that month: arrears count completed months only.
  const lastDue = addMonths(monthKey(deps.now()), -1);
  const lookbackStart = addMonths(lastDue, -(ARREARS_LOOKBACK_MONTHS - 1));
  const paidRows = await deps.db.duesMonth.findMany({
    where: { memberId: { in: members.map((m) => m.id) }, month: { gte: monthStart(lookbackStart) } },
    select: { memberId: true, month: true },
  });
  const paid = new Map<string, Set<MonthKey>>();
  for (const row of paidRows) {
    const set = paid.get(row.memberId) ?? new Set<MonthKey>();
    set.add(monthKey(row.month));
    paid.set(row.memberId, set);
  }
  const arrears = members
    .map((m) => {
      const firstOwed = [lookbackStart, monthKey(m.joinedOn), m.incomeDeclarations[0] ? monthKey(m.incomeDeclarations[0].effectiveFrom) : lookbackStart].sort().at(-1)!;
      if (firstOwed > lastDue) return null;
      const unpaidMonths = consecutiveUnpaidMonths(paid.get(m.id) ?? new Set(), lastDue, firstOwed);
      return unpaidMonths > 0 ? { memberId: m.id, name: m.name, unpaidMonths, since: addMonths(lastDue, -(unpaidMonths - 1)) } : null;
    })
    .filter((x): x is NonNullable<typeof x> => x !== null)
    .sort((a, b) => b.unpaidMonths - a.unpaidMonths || a.name.localeCompare(b.name, "zh-CN"));

  return {
    org: { id: org.id, name: org.name, kind: org.kind, sector: org.sector, parentName: org.parent?.name ?? null },
    memberCount: members.length,
    membersByCategory: byCategory.map((c) => ({ category: c.category, count: c._count._all })),
    membersByStatus: byStatus.map((s) => ({ status: s.status, count: s._count._all })),
    nextMeeting,
    arrearsCount: arrears.length,
    arrears: can(actor.grants, "dues.view", ref) ? arrears : [],
  };
}
