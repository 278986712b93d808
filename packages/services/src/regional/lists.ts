// 需求清单 and 资源清单: posting, browsing and matching. A need is posted by a branch for
// itself; a resource by a unit for itself (never on someone else's behalf). Both are found by
// every officer of the region (the search documents carry the region's token, ADR 0902).
import { z } from "zod";
import {
  AppError,
  needProblem,
  rankResources,
  resourceProblem,
  RESOURCE_KINDS,
  SERVICE_CATEGORIES,
} from "@dangjian/core";
import type { DbTx } from "@dangjian/db";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { indexInTx } from "../search/documents.ts";
import { actingOrg, actingOrgs, browseWhere, chinaToday, mayBrowse } from "./shared.ts";
import { text } from "../inputs.ts";
import { audit } from "../audit.ts";

export const postNeedInput = z.object({
  orgId: z.uuid(),
  title: text(100),
  description: text(4000),
  category: z.enum(SERVICE_CATEGORIES),
  place: text(200),
  // a missing date is answered below with its own message, not zod's
  wantedFrom: z.date().nullable(),
  wantedUntil: z.date().nullable().optional(),
  people: z.number().int().min(0).max(100_000).nullable(),
});
export type PostNeedInput = z.input<typeof postNeedInput>;

export async function postNeed(deps: ServiceDeps, actor: Actor, input: PostNeedInput): Promise<{ id: string }> {
  const org = await actingOrg(deps, actor, "regional.manage", input.orgId);
  const problem = needProblem(
    {
      title: input.title,
      description: input.description,
      place: input.place,
      wantedFrom: input.wantedFrom,
      wantedUntil: input.wantedUntil ?? null,
      people: input.people,
    },
    chinaToday(deps.now()),
  );
  if (problem) throw new AppError("BAD_INPUT", problem);
  return deps.db.$transaction(async (tx) => {
    const need = await tx.need.create({
      data: {
        orgId: org.id,
        regionId: org.regionId,
        title: input.title.trim(),
        description: input.description.trim(),
        category: input.category,
        place: input.place.trim(),
        wantedFrom: input.wantedFrom!,
        wantedUntil: input.wantedUntil ?? null,
        people: input.people!,
        createdById: actor.accountId,
        createdAt: deps.now(),
      },
      select: { id: true },
    });
    await audit(tx, actor, { action: "need.post", entityType: "Need", entityId: need.id, orgId: org.id });
    await indexInTx(tx, [{ type: "need", id: need.id }]);
    return need;
  });
}

export const postResourceInput = z.object({
  orgId: z.uuid(),
  title: text(100),
  description: text(4000),
  category: z.enum(SERVICE_CATEGORIES),
  kind: z.enum(RESOURCE_KINDS),
  limits: text(500).optional(),
  capacity: z.number().int().min(0).max(1_000_000).nullable().optional(),
});
export type PostResourceInput = z.input<typeof postResourceInput>;

export async function postResource(deps: ServiceDeps, actor: Actor, input: PostResourceInput): Promise<{ id: string }> {
  const org = await actingOrg(deps, actor, "regional.manage", input.orgId);
  const problem = resourceProblem({
    title: input.title,
    description: input.description,
    capacity: input.capacity ?? null,
  });
  if (problem) throw new AppError("BAD_INPUT", problem);
  return deps.db.$transaction(async (tx) => {
    const resource = await tx.resource.create({
      data: {
        orgId: org.id,
        regionId: org.regionId,
        title: input.title.trim(),
        description: input.description.trim(),
        category: input.category,
        kind: input.kind,
        limits: input.limits?.trim() || null,
        capacity: input.capacity ?? null,
        createdById: actor.accountId,
        createdAt: deps.now(),
      },
      select: { id: true },
    });
    await audit(tx, actor, {
      action: "resource.post",
      entityType: "Resource",
      entityId: resource.id,
      orgId: org.id,
    });
    await indexInTx(tx, [{ type: "resource", id: resource.id }]);
    return resource;
  });
}

const orgSelect = { id: true, name: true, ancestorIds: true } as const;

/** The region's open needs and active resources (newest first), optionally of one category. */
export const browseInput = z.object({ category: z.enum(SERVICE_CATEGORIES).optional() });

export async function browse(deps: ServiceDeps, actor: Actor, input: z.input<typeof browseInput>) {
  const where = browseWhere(actor);
  const category = input.category ? { category: input.category } : {};
  const now = deps.now();
  const [needs, resources, orgs] = await Promise.all([
    deps.db.need.findMany({
      where: { ...where, ...category, status: "OPEN" },
      orderBy: { createdAt: "desc" },
      take: 100,
      select: {
        id: true,
        title: true,
        category: true,
        place: true,
        wantedFrom: true,
        wantedUntil: true,
        people: true,
        createdAt: true,
        org: { select: { id: true, name: true } },
      },
    }),
    deps.db.resource.findMany({
      where: { ...where, ...category, active: true },
      orderBy: { createdAt: "desc" },
      take: 100,
      select: {
        id: true,
        title: true,
        category: true,
        kind: true,
        limits: true,
        capacity: true,
        createdAt: true,
        org: { select: { id: true, name: true } },
      },
    }),
    actingOrgs(deps, actor, "regional.manage"),
  ]);
  return {
    needs: needs.map((n) => ({ ...n, waitedDays: Math.floor((now.getTime() - n.createdAt.getTime()) / 86_400_000) })),
    resources,
    /** organisations the actor may post for */
    postAs: orgs,
  };
}

async function loadNeed(db: DbTx, needId: string) {
  const need = await db.need.findUnique({
    where: { id: needId },
    include: {
      org: { select: { ...orgSelect, level: true } },
      project: { select: { id: true, status: true, providerOrg: { select: { name: true } } } },
    },
  });
  if (!need) throw new AppError("NOT_FOUND", "regional.error.needNotFound");
  return need;
}

/** One need, what the actor may do with it, and (for its holder's officers) matching suggestions. */
export const needInput = z.object({ needId: z.uuid() });

export async function getNeed(deps: ServiceDeps, actor: Actor, input: z.input<typeof needInput>) {
  const need = await loadNeed(deps.db, input.needId);
  if (!mayBrowse(actor, need)) throw new AppError("FORBIDDEN", "error.orgForbidden");
  const claimAs =
    need.status === "OPEN" ? (await actingOrgs(deps, actor, "regional.manage")).filter((o) => o.id !== need.orgId) : [];
  return {
    id: need.id,
    title: need.title,
    description: need.description,
    category: need.category,
    place: need.place,
    wantedFrom: need.wantedFrom,
    wantedUntil: need.wantedUntil,
    people: need.people,
    status: need.status,
    createdAt: need.createdAt,
    waitedDays: Math.floor((deps.now().getTime() - need.createdAt.getTime()) / 86_400_000),
    org: { id: need.org.id, name: need.org.name },
    project: need.project
      ? { id: need.project.id, status: need.project.status, providerName: need.project.providerOrg.name }
      : null,
    claimAs,
    suggestions: await suggestionsFor(deps, need),
  };
}

/** One resource and the organisations the actor may order it for. */
export const resourceInput = z.object({ resourceId: z.uuid() });

export async function getResource(deps: ServiceDeps, actor: Actor, input: z.input<typeof resourceInput>) {
  const resource = await deps.db.resource.findUnique({
    where: { id: input.resourceId },
    include: { org: { select: orgSelect } },
  });
  if (!resource) throw new AppError("NOT_FOUND", "regional.error.resourceNotFound");
  if (!mayBrowse(actor, resource)) throw new AppError("FORBIDDEN", "error.orgForbidden");
  const orderAs = resource.active
    ? (await actingOrgs(deps, actor, "regional.manage")).filter((o) => o.id !== resource.orgId)
    : [];
  return {
    id: resource.id,
    title: resource.title,
    description: resource.description,
    category: resource.category,
    kind: resource.kind,
    limits: resource.limits,
    capacity: resource.capacity,
    active: resource.active,
    createdAt: resource.createdAt,
    org: { id: resource.org.id, name: resource.org.name },
    orderAs,
  };
}

/**
 * Matching for a need: resources of the same category in the region, the holder's township first,
 * then its county, organisations that already held joint activities with the holder before the
 * others; and the holder's past partners (whatever they offer).
 */
async function suggestionsFor(deps: ServiceDeps, need: Awaited<ReturnType<typeof loadNeed>>) {
  const levels = await deps.db.org.findMany({
    where: { id: { in: need.org.ancestorIds }, level: { in: ["COUNTY", "TOWNSHIP"] } },
    select: { id: true, level: true },
  });
  const countyId = levels.find((l) => l.level === "COUNTY")?.id ?? null;
  const townshipId = levels.find((l) => l.level === "TOWNSHIP")?.id ?? null;
  const resources = await deps.db.resource.findMany({
    where: { regionId: need.regionId, active: true, category: need.category, orgId: { not: need.orgId } },
    select: {
      id: true,
      title: true,
      kind: true,
      limits: true,
      org: { select: { id: true, name: true, ancestorIds: true } },
    },
    take: 200,
  });
  // held joint activities between the holder and each organisation (either side hosting)
  const past = await deps.db.$queryRawUnsafe<Array<{ orgId: string; name: string; n: number }>>(
    `SELECT other.id AS "orgId", other.name, count(DISTINCT m.id)::int AS n
     FROM "Meeting" m JOIN "MeetingOrg" mine ON mine."meetingId" = m.id AND mine."orgId" = $1::uuid
     JOIN "MeetingOrg" p ON p."meetingId" = m.id AND p."orgId" <> $1::uuid
     JOIN "Org" other ON other.id = p."orgId"
     WHERE m.type = 'JOINT_ACTIVITY' AND m.status = 'HELD'
     GROUP BY other.id, other.name ORDER BY n DESC, other.name LIMIT 10`,
    need.orgId,
  );
  const pastBy = new Map(past.map((p) => [p.orgId, p.n]));
  const ranked = rankResources(
    { orgId: need.orgId, category: need.category, countyId, townshipId },
    resources.map((r) => ({
      id: r.id,
      orgId: r.org.id,
      category: need.category,
      countyId: r.org.ancestorIds.find((id) => id === countyId) ?? (countyId ? "other" : null),
      townshipId: r.org.ancestorIds.find((id) => id === townshipId) ?? (townshipId ? "other" : null),
      pastTogether: pastBy.get(r.org.id) ?? 0,
      title: r.title,
      kind: r.kind,
      limits: r.limits,
      orgName: r.org.name,
    })),
  );
  return {
    resources: ranked.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      limits: r.limits,
      orgId: r.orgId,
      orgName: r.orgName,
      reasons: r.reasons,
    })),
    partners: past.map((p) => ({ orgId: p.orgId, name: p.name, activities: p.n })),
  };
}
