// 双报到: an in-service member reports to the community where they live. The member registers
// themself; the community's officers see who reported and record their service (hours, what was
// done); the home branch sees, for its yearly review, only where and how much — never what; the
// committees see counts by community and by employer. One transaction per use case.
import { z } from "zod";
import { AppError, can, t } from "@dangjian/core";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { chinaToday, regionOf } from "./shared.ts";
import { text, type orgInput } from "../inputs.ts";
import { audit } from "../audit.ts";

const yearStart = (now: Date) => new Date(Date.UTC(chinaToday(now).getUTCFullYear(), 0, 1));

/** Communities of the member's region they may report to (社区党组织 at branch level), nearest township first. */
export async function communities(deps: ServiceDeps, actor: Actor) {
  if (!actor.memberId || !actor.branchId) throw new AppError("FORBIDDEN", "member.notAMember");
  const branch = await deps.db.org.findUniqueOrThrow({
    where: { id: actor.branchId },
    select: { id: true, ancestorIds: true, level: true },
  });
  const regionId = await regionOf(deps.db, branch);
  const rows = await deps.db.org.findMany({
    where: {
      active: true,
      level: "BRANCH",
      sector: "COMMUNITY",
      id: { not: branch.id },
      OR: [{ ancestorIds: { has: regionId } }, { id: regionId }],
    },
    select: { id: true, name: true, parent: { select: { name: true } } },
    orderBy: { path: "asc" },
    take: 300,
  });
  return rows.map((r) => ({ id: r.id, name: r.name, parentName: r.parent?.name ?? null }));
}

/** The member reports to a community; reporting to another ends the earlier report (history stays). */
export const reportToCommunityInput = z.object({ communityOrgId: z.uuid() });

export async function reportToCommunity(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof reportToCommunityInput>,
) {
  if (!actor.memberId || !actor.branchId) throw new AppError("FORBIDDEN", "member.notAMember");
  const memberId = actor.memberId;
  const [member, community] = await Promise.all([
    deps.db.member.findUnique({
      where: { id: memberId },
      select: { active: true, branchId: true, branch: { select: { id: true, ancestorIds: true, level: true } } },
    }),
    deps.db.org.findUnique({
      where: { id: input.communityOrgId },
      select: { id: true, name: true, ancestorIds: true, level: true, sector: true, active: true },
    }),
  ]);
  if (!member?.active) throw new AppError("FORBIDDEN", "member.notAMember");
  if (!community) throw new AppError("NOT_FOUND", "error.orgNotFound");
  if (community.level !== "BRANCH" || community.sector !== "COMMUNITY" || !community.active)
    throw new AppError("BAD_INPUT", "regional.error.notCommunity", { org: community.name });
  if (community.id === member.branchId) throw new AppError("BAD_INPUT", "regional.error.ownCommunity");
  const [regionA, regionB] = await Promise.all([regionOf(deps.db, member.branch), regionOf(deps.db, community)]);
  if (regionA !== regionB)
    throw new AppError("BAD_INPUT", "regional.error.communityOutsideRegion", { org: community.name });
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    // one active report per member: serialise this member's reports
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `community-report:${memberId}`);
    const current = await tx.communityReport.findFirst({
      where: { memberId, status: "ACTIVE" },
      select: { id: true, communityOrgId: true },
    });
    if (current?.communityOrgId === community.id)
      throw new AppError("CONFLICT", "regional.error.alreadyReported", { org: community.name });
    if (current)
      await tx.communityReport.update({ where: { id: current.id }, data: { status: "ENDED", endedAt: now } });
    const report = await tx.communityReport.create({
      data: { memberId, communityOrgId: community.id, homeBranchId: member.branchId, reportedAt: now },
      select: { id: true },
    });
    await audit(tx, actor, {
      action: "community.report",
      entityType: "CommunityReport",
      entityId: report.id,
      orgId: community.id,
    });
    return { reportId: report.id, endedPrevious: current !== null };
  });
}

/** The member's own report and their service records (they see their own details). */
export async function myReport(deps: ServiceDeps, actor: Actor) {
  if (!actor.memberId) throw new AppError("FORBIDDEN", "member.notAMember");
  const reports = await deps.db.communityReport.findMany({
    where: { memberId: actor.memberId },
    orderBy: { reportedAt: "desc" },
    take: 10,
    select: {
      id: true,
      status: true,
      reportedAt: true,
      endedAt: true,
      community: { select: { id: true, name: true } },
      services: {
        orderBy: { servedOn: "desc" },
        take: 50,
        select: { id: true, servedOn: true, hours: true, description: true },
      },
    },
  });
  return {
    current: reports.find((r) => r.status === "ACTIVE") ?? null,
    past: reports.filter((r) => r.status !== "ACTIVE"),
  };
}

/** The community's list: who reported, from which unit, since when, hours this year. */
export async function communityRoster(deps: ServiceDeps, actor: Actor, input: z.input<typeof orgInput>) {
  const org = await authorize(deps, actor, "regional.browse", input.orgId);
  const since = yearStart(deps.now());
  const rows = await deps.db.communityReport.findMany({
    where: { communityOrgId: org.id, status: "ACTIVE" },
    orderBy: { reportedAt: "asc" },
    select: {
      id: true,
      reportedAt: true,
      member: { select: { id: true, name: true } },
      homeBranch: { select: { id: true, name: true } },
      services: { where: { servedOn: { gte: since } }, select: { hours: true } },
    },
  });
  return {
    org: { id: org.id, name: org.name },
    canRecord: can(actor.grants, "regional.manage", org),
    members: rows.map((r) => ({
      reportId: r.id,
      memberId: r.member.id,
      name: r.member.name,
      homeBranch: r.homeBranch.name,
      reportedAt: r.reportedAt,
      servicesThisYear: r.services.length,
      hoursThisYear: Math.round(r.services.reduce((a, s) => a + s.hours, 0) * 10) / 10,
    })),
  };
}

/** The community records a reported member's service. */
export const recordServiceInput = z.object({
  reportId: z.uuid(),
  servedOn: z.date(),
  hours: z.number().min(0).max(24),
  description: text(1000),
});

export async function recordService(deps: ServiceDeps, actor: Actor, input: z.input<typeof recordServiceInput>) {
  const report = await deps.db.communityReport.findUnique({
    where: { id: input.reportId },
    select: { id: true, memberId: true, communityOrgId: true, status: true, reportedAt: true },
  });
  if (!report) throw new AppError("NOT_FOUND", "regional.error.reportNotFound");
  await authorize(deps, actor, "regional.manage", report.communityOrgId);
  const description = input.description.trim();
  if (report.status !== "ACTIVE") throw new AppError("CONFLICT", "regional.error.reportEnded");
  if (!description) throw new AppError("BAD_INPUT", "regional.error.serviceDescriptionRequired");
  if (!(input.hours >= 0.5 && input.hours <= 12) || Math.round(input.hours * 2) !== input.hours * 2)
    throw new AppError("BAD_INPUT", "regional.error.serviceHours");
  const today = chinaToday(deps.now());
  const reportedDay = chinaToday(report.reportedAt);
  if (input.servedOn.getTime() > today.getTime() || input.servedOn.getTime() < reportedDay.getTime())
    throw new AppError("BAD_INPUT", "regional.error.serviceDate");
  return deps.db.$transaction(async (tx) => {
    const row = await tx.communityService.create({
      data: {
        reportId: report.id,
        memberId: report.memberId,
        communityOrgId: report.communityOrgId,
        servedOn: input.servedOn,
        hours: input.hours,
        description,
        recordedById: actor.accountId,
        createdAt: deps.now(),
      },
      select: { id: true },
    });
    await audit(tx, actor, {
      action: "community.service",
      entityType: "CommunityService",
      entityId: row.id,
      orgId: report.communityOrgId,
    });
    return row;
  });
}

/** For the home branch's yearly review: where each member reported and how much they served — no details. */
export async function homeSummary(deps: ServiceDeps, actor: Actor, input: z.input<typeof orgInput>) {
  const org = await authorize(deps, actor, "member.list", input.orgId);
  const since = yearStart(deps.now());
  const rows = await deps.db.communityReport.findMany({
    where: { homeBranchId: org.id, OR: [{ status: "ACTIVE" }, { endedAt: { gte: since } }] },
    orderBy: [{ member: { name: "asc" } }, { reportedAt: "asc" }],
    select: {
      status: true,
      reportedAt: true,
      member: { select: { id: true, name: true } },
      community: { select: { name: true } },
      services: { where: { servedOn: { gte: since } }, select: { hours: true } },
    },
  });
  return {
    org: { id: org.id, name: org.name },
    year: since.getUTCFullYear(),
    members: rows.map((r) => ({
      memberId: r.member.id,
      name: r.member.name,
      community: r.community.name,
      active: r.status === "ACTIVE",
      reportedAt: r.reportedAt,
      services: r.services.length,
      hours: Math.round(r.services.reduce((a, s) => a + s.hours, 0) * 10) / 10,
    })),
  };
}

/** Committee dashboards: reported members and hours this year by community and by employer (home branch), in the subtree. */
export async function dualCounts(deps: ServiceDeps, actor: Actor, input: z.input<typeof orgInput>) {
  const org = await authorize(deps, actor, "warning.view", input.orgId);
  const since = yearStart(deps.now());
  const count = (side: "communityOrgId" | "homeBranchId") =>
    deps.db.$queryRawUnsafe<Array<{ id: string; name: string; members: number; hours: number }>>(
      `SELECT o.id, o.name, count(DISTINCT r."memberId")::int AS members, coalesce(sum(s.hours), 0)::float8 AS hours
       FROM "CommunityReport" r JOIN "Org" o ON o.id = r."${side}"
       LEFT JOIN "CommunityService" s ON s."reportId" = r.id AND s."servedOn" >= $2::date
       WHERE r.status = 'ACTIVE' AND (o.id = $1::uuid OR o."ancestorIds" @> ARRAY[$1::uuid])
       GROUP BY o.id, o.name ORDER BY members DESC, o.name LIMIT 20`,
      org.id,
      since,
    );
  const [byCommunity, byEmployer] = await Promise.all([count("communityOrgId"), count("homeBranchId")]);
  const round = (rows: typeof byCommunity) => rows.map((r) => ({ ...r, hours: Math.round(r.hours * 10) / 10 }));
  return {
    orgId: org.id,
    year: since.getUTCFullYear(),
    byCommunity: round(byCommunity),
    byEmployer: round(byEmployer),
    label: t("regional.dual.title"),
  };
}
