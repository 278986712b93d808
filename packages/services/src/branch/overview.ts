import type { z } from "zod";
import { can, type MonthKey } from "@dangjian/core";
import type { MeetingType, MemberCategory, MemberStatus, OrgKind, OrgSector } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { orgOrOwnBranch } from "../ledger/common.ts";
import { optionalOrgInput } from "../inputs.ts";
import { arrearsSql } from "../dues/dues.ts";

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

/** Members in arrears named on the overview; the dues pages list the rest, a page at a time. */
const OVERVIEW_ARREARS_SHOWN = 20;

export const branchOverviewInput = optionalOrgInput;

export async function branchOverview(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof branchOverviewInput>,
): Promise<BranchOverview> {
  const orgId = orgOrOwnBranch(actor, input.orgId);
  const ref = await authorize(deps, actor, "branch.overview", orgId);
  const org = await deps.db.org.findUniqueOrThrow({
    where: { id: orgId },
    select: { id: true, name: true, kind: true, sector: true, parent: { select: { name: true } } },
  });
  // A general branch's (or committee's) figures include everything below it; counted in the
  // database, and at most OVERVIEW_ARREARS_SHOWN names (issue 13 defect 4).
  const memberWhere = { active: true, branch: { OR: [{ id: orgId }, { ancestorIds: { has: orgId } }] } };
  const cte = arrearsSql(orgId, deps.now(), false);
  const mayName = can(actor.grants, "dues.view", ref);
  const [byCategory, byStatus, nextMeeting, counted, named] = await Promise.all([
    deps.db.member.groupBy({
      by: ["category"],
      where: memberWhere,
      _count: { _all: true },
      orderBy: { category: "asc" },
    }),
    deps.db.member.groupBy({ by: ["status"], where: memberWhere, _count: { _all: true }, orderBy: { status: "asc" } }),
    deps.db.meeting.findFirst({
      where: { status: "PLANNED", plannedStart: { gte: deps.now() }, OR: [{ orgId }, { orgs: { some: { orgId } } }] },
      orderBy: { plannedStart: "asc" },
      select: { id: true, type: true, topic: true, plannedStart: true, place: true },
    }),
    deps.db.$queryRaw<Array<{ n: number }>>`${cte} SELECT count(*)::int AS n FROM arrears`,
    mayName
      ? deps.db.$queryRaw<Array<{ memberId: string; name: string; unpaidMonths: number; since: string }>>`
          ${cte} SELECT id AS "memberId", name, unpaid AS "unpaidMonths", to_char(start, 'YYYY-MM') AS since
          FROM arrears ORDER BY unpaid DESC, name, id LIMIT ${OVERVIEW_ARREARS_SHOWN}`
      : Promise.resolve([]),
  ]);
  const memberCount = byCategory.reduce((sum, c) => sum + c._count._all, 0);

  return {
    org: { id: org.id, name: org.name, kind: org.kind, sector: org.sector, parentName: org.parent?.name ?? null },
    memberCount,
    membersByCategory: byCategory.map((c) => ({ category: c.category, count: c._count._all })),
    membersByStatus: byStatus.map((s) => ({ status: s.status, count: s._count._all })),
    nextMeeting,
    arrearsCount: counted[0]!.n,
    arrears: named.map((a) => ({ ...a, since: a.since as MonthKey })),
  };
}
