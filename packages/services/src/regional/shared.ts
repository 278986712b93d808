// Helpers of the regional use cases: the region an organisation belongs to, which organisations
// an actor may act for, who may see a need or a project, and the partnership a project runs on.
import { AppError, can, monthKey, type MessageKey, type Permission } from "@dangjian/core";
import { chinaWallClock } from "@dangjian/core/time";
import type { DbTx } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { publish } from "../outbox/outbox.ts";

export interface PartyOrg {
  id: string;
  name: string;
  ancestorIds: string[];
  level: string;
  regionId: string;
}

/** The region of an organisation: its city committee (市委) — or the root of its tree where there is none. */
export async function regionOf(db: DbTx, org: { id: string; ancestorIds: string[]; level: string }): Promise<string> {
  if (org.level === "CITY") return org.id;
  const city = await db.org.findFirst({ where: { id: { in: org.ancestorIds }, level: "CITY" }, select: { id: true } });
  return city?.id ?? org.ancestorIds[0] ?? org.id;
}

/**
 * An organisation the actor acts for (posts, claims, orders): the actor must hold `permission` on
 * it, and it must be a branch-level organisation (the network's nodes). A refusal names it.
 */
export async function actingOrg(
  deps: ServiceDeps,
  actor: Actor,
  permission: Permission,
  orgId: string,
  refusal: MessageKey = "regional.error.notYourUnit",
): Promise<PartyOrg> {
  const org = await deps.db.org.findUnique({
    where: { id: orgId },
    select: { id: true, name: true, ancestorIds: true, level: true, active: true },
  });
  if (!org) throw new AppError("NOT_FOUND", "error.orgNotFound");
  if (!can(actor.grants, permission, org)) throw new AppError("FORBIDDEN", refusal, { org: org.name });
  if (org.level !== "BRANCH" || !org.active) throw new AppError("BAD_INPUT", "regional.error.notBranch");
  return {
    id: org.id,
    name: org.name,
    ancestorIds: org.ancestorIds,
    level: org.level,
    regionId: await regionOf(deps.db, org),
  };
}

/** Organisation ids in whose region (or subtree) the actor browses: every grant's chain with `regional.browse`. */
export function browseScope(actor: Actor): { chainIds: string[]; grantOrgIds: string[] } {
  const grants = actor.grants.filter((g) =>
    can([g], "regional.browse", { id: g.orgId, ancestorIds: g.orgAncestorIds }),
  );
  return {
    chainIds: [...new Set(grants.flatMap((g) => [...g.orgAncestorIds, g.orgId]))],
    grantOrgIds: [...new Set(grants.map((g) => g.orgId))],
  };
}

/** Prisma filter: needs/resources the actor may browse (their region, or below a grant of theirs). */
export function browseWhere(actor: Actor) {
  const { chainIds, grantOrgIds } = browseScope(actor);
  return {
    OR: [
      { regionId: { in: chainIds } },
      { org: { OR: [{ id: { in: grantOrgIds } }, { ancestorIds: { hasSome: grantOrgIds } }] } },
    ],
  };
}

export function mayBrowse(
  actor: Actor,
  item: { regionId: string; org: { id: string; ancestorIds: string[] } },
): boolean {
  const { chainIds } = browseScope(actor);
  return (
    chainIds.includes(item.regionId) ||
    can(actor.grants, "regional.browse", item.org) ||
    can(actor.grants, "branch.overview", item.org)
  );
}

/** Branch-level organisations the actor may act for with `permission` (a committee: those of its subtree). */
export async function actingOrgs(
  deps: ServiceDeps,
  actor: Actor,
  permission: Permission,
): Promise<Array<{ id: string; name: string }>> {
  const grantOrgIds = [
    ...new Set(
      actor.grants
        .filter((g) => can([g], permission, { id: g.orgId, ancestorIds: g.orgAncestorIds }))
        .map((g) => g.orgId),
    ),
  ];
  if (grantOrgIds.length === 0) return [];
  return deps.db.org.findMany({
    where: {
      active: true,
      level: "BRANCH",
      OR: [{ id: { in: grantOrgIds } }, { ancestorIds: { hasSome: grantOrgIds } }],
    },
    select: { id: true, name: true },
    orderBy: [{ path: "asc" }],
    take: 300,
  });
}

/** Authorises `permission` on the first of `orgIds` the actor holds it on, or throws `refusal`. */
export async function authorizeAny(
  deps: ServiceDeps,
  actor: Actor,
  permission: Permission,
  orgIds: string[],
  refusal: MessageKey,
): Promise<string> {
  for (const orgId of orgIds) {
    try {
      await authorize(deps, actor, permission, orgId);
      return orgId;
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "FORBIDDEN") throw error;
    }
  }
  throw new AppError("FORBIDDEN", refusal);
}

/**
 * The partnership a project's joint activities run on. Both sides agreed to work together (one
 * posted, the other claimed; or one ordered, the other accepted), so the link is made active
 * (结对共建) if it is not already; an existing link keeps its type and history (ADR 0901).
 */
export async function ensureProjectLink(
  tx: DbTx,
  deps: ServiceDeps,
  actor: Actor,
  holderOrgId: string,
  providerOrgId: string,
  agreement: string,
): Promise<void> {
  const [orgAId, orgBId] = holderOrgId < providerOrgId ? [holderOrgId, providerOrgId] : [providerOrgId, holderOrgId];
  const now = deps.now();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  await tx.$executeRawUnsafe(
    `INSERT INTO "OrgLink" (id, "orgAId", "orgBId", type, status, "startsOn", agreement, "proposedByOrgId", "proposedById", "decidedById", "decidedAt", "createdAt", "updatedAt")
     VALUES ($1::uuid, $2::uuid, $3::uuid, 'PAIRING', 'ACTIVE', $4::date, $5, $6::uuid, $7::uuid, $7::uuid, $8, $8, $8)
     ON CONFLICT ("orgAId", "orgBId") DO NOTHING`,
    crypto.randomUUID(),
    orgAId,
    orgBId,
    today,
    agreement.slice(0, 2000),
    holderOrgId,
    actor.accountId,
    now,
  );
  await tx.orgLink.updateMany({
    where: { orgAId, orgBId, status: { not: "ACTIVE" } },
    data: { status: "ACTIVE", startsOn: today, endsOn: null, decidedById: actor.accountId, decidedAt: now },
  });
}

/** Announces a change that can move the open-needs rule (R1) of the organisations' areas. */
export async function touchRegional(tx: DbTx, deps: ServiceDeps, orgIds: string[]): Promise<void> {
  const month = monthKey(deps.now());
  await publish(tx, "facts.touch", { keys: [...new Set(orgIds)].map((orgId) => ({ orgId, month })) });
}

/** The China day (UTC+8) of an instant, as a UTC midnight: the "today" of a form. */
export function chinaToday(now: Date): Date {
  const d = chinaWallClock(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
