// 项目清单: a claimed need (接单) or an ordered and accepted resource (点单 → 接单) becomes a
// project between the holder (served) and the provider. Its joint activities are planned through
// the meeting use case (Meeting.projectId), so every held one feeds the partnership's tie strength;
// it closes only with a held activity, and the holder evaluates it. One transaction per use case.
import { z } from "zod";
import { AppError, can, closeProblem, PROJECT_RATINGS, t } from "@dangjian/core";
import type { DbTx } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { confirmParticipationInTx, planMeetingInTx } from "../orglife/meetings.ts";
import { indexInTx } from "../search/documents.ts";
import { actingOrg, authorizeAny, ensureProjectLink, touchRegional } from "./shared.ts";
import { text } from "../inputs.ts";
import { audit } from "../audit.ts";

export const claimNeedInput = z.object({ needId: z.uuid(), orgId: z.uuid(), plan: text(4000).optional() });

/** Claim a need for `orgId` (接单). Atomic: of two committees claiming at once, one wins; the other is told who did. */
export async function claimNeed(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof claimNeedInput>,
): Promise<{ projectId: string }> {
  const org = await actingOrg(deps, actor, "regional.manage", input.orgId);
  const need = await deps.db.need.findUnique({
    where: { id: input.needId },
    select: { id: true, orgId: true, regionId: true, title: true, category: true, org: { select: { name: true } } },
  });
  if (!need) throw new AppError("NOT_FOUND", "regional.error.needNotFound");
  if (need.regionId !== org.regionId)
    throw new AppError("FORBIDDEN", "regional.error.outsideRegion", {
      org: org.name,
      region: await regionName(deps.db, need.regionId),
    });
  if (need.orgId === org.id) throw new AppError("BAD_INPUT", "regional.error.ownNeed");
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    // the row lock of this UPDATE serialises concurrent claims; the loser re-reads OPEN = false
    const taken = await tx.need.updateMany({ where: { id: need.id, status: "OPEN" }, data: { status: "CLAIMED" } });
    if (taken.count === 0) throw await whyNotOpen(tx, need.id);
    const project = await tx.project.create({
      data: {
        regionId: need.regionId,
        title: t("regional.projectFromNeed", { title: need.title }),
        category: need.category,
        holderOrgId: need.orgId,
        providerOrgId: org.id,
        needId: need.id,
        plan: input.plan?.trim() ?? "",
        status: "ACTIVE",
        createdById: actor.accountId,
        createdAt: now,
        acceptedAt: now,
        acceptedById: actor.accountId,
      },
      select: { id: true },
    });
    await ensureProjectLink(tx, deps, actor, need.orgId, org.id, need.title);
    await audit(tx, actor, {
      action: "need.claim",
      entityType: "Need",
      entityId: need.id,
      orgId: org.id,
      data: { projectId: project.id },
    });
    await indexInTx(tx, [{ type: "need", id: need.id }]);
    await touchRegional(tx, deps, [need.orgId, org.id]);
    return { projectId: project.id };
  });
}

async function whyNotOpen(tx: DbTx, needId: string): Promise<AppError> {
  const need = await tx.need.findUniqueOrThrow({
    where: { id: needId },
    select: { status: true, project: { select: { providerOrg: { select: { name: true } } } } },
  });
  if (need.project)
    return new AppError("CONFLICT", "regional.error.alreadyClaimed", { org: need.project.providerOrg.name });
  return new AppError("CONFLICT", "regional.error.needNotOpen", { status: t(`regional.needStatus.${need.status}`) });
}

async function regionName(db: DbTx, regionId: string): Promise<string> {
  return (await db.org.findUnique({ where: { id: regionId }, select: { name: true } }))?.name ?? "";
}

/** Order a resource for `orgId` (点单): a request the resource's unit accepts or declines. */
export const orderResourceInput = z.object({ resourceId: z.uuid(), orgId: z.uuid(), plan: text(4000).optional() });

export async function orderResource(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof orderResourceInput>,
): Promise<{ projectId: string }> {
  const org = await actingOrg(deps, actor, "regional.manage", input.orgId);
  const resource = await deps.db.resource.findUnique({
    where: { id: input.resourceId },
    select: { id: true, orgId: true, regionId: true, title: true, category: true, active: true },
  });
  if (!resource) throw new AppError("NOT_FOUND", "regional.error.resourceNotFound");
  if (resource.regionId !== org.regionId)
    throw new AppError("FORBIDDEN", "regional.error.outsideRegion", {
      org: org.name,
      region: await regionName(deps.db, resource.regionId),
    });
  if (resource.orgId === org.id) throw new AppError("BAD_INPUT", "regional.error.ownResource");
  if (!resource.active) throw new AppError("CONFLICT", "regional.error.resourceInactive");
  return deps.db.$transaction(async (tx) => {
    // one pending order per (resource, orderer): serialise the check and the insert
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `resource-order:${resource.id}:${org.id}`);
    const pending = await tx.project.findFirst({
      where: { resourceId: resource.id, holderOrgId: org.id, status: "REQUESTED" },
      select: { id: true },
    });
    if (pending) throw new AppError("CONFLICT", "regional.error.orderPending");
    const project = await tx.project.create({
      data: {
        regionId: resource.regionId,
        title: t("regional.projectFromResource", { title: resource.title }),
        category: resource.category,
        holderOrgId: org.id,
        providerOrgId: resource.orgId,
        resourceId: resource.id,
        plan: input.plan?.trim() ?? "",
        status: "REQUESTED",
        createdById: actor.accountId,
        createdAt: deps.now(),
      },
      select: { id: true },
    });
    await audit(tx, actor, {
      action: "resource.order",
      entityType: "Resource",
      entityId: resource.id,
      orgId: org.id,
      data: { projectId: project.id },
    });
    return { projectId: project.id };
  });
}

/** The resource's unit accepts (接单) or declines an order. */
export const decideOrderInput = z.object({ projectId: z.uuid(), accept: z.boolean() });

export async function decideOrder(deps: ServiceDeps, actor: Actor, input: z.input<typeof decideOrderInput>) {
  const project = await deps.db.project.findUnique({
    where: { id: input.projectId },
    select: { id: true, providerOrgId: true, holderOrgId: true, title: true },
  });
  if (!project) throw new AppError("NOT_FOUND", "regional.error.projectNotFound");
  await authorizeAny(deps, actor, "regional.manage", [project.providerOrgId], "regional.error.notProvider");
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.project.updateMany({
      where: { id: project.id, status: "REQUESTED" },
      data: input.accept
        ? { status: "ACTIVE", acceptedAt: now, acceptedById: actor.accountId }
        : { status: "DECLINED", closedAt: now, closedById: actor.accountId },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "regional.error.notRequested");
    if (input.accept)
      await ensureProjectLink(tx, deps, actor, project.holderOrgId, project.providerOrgId, project.title);
    await audit(tx, actor, {
      action: input.accept ? "project.accept" : "project.decline",
      entityType: "Project",
      entityId: project.id,
      orgId: project.providerOrgId,
    });
    return { projectId: project.id, status: input.accept ? ("ACTIVE" as const) : ("DECLINED" as const) };
  });
}

async function loadProject(db: DbTx, projectId: string) {
  const project = await db.project.findUnique({
    where: { id: projectId },
    include: {
      holderOrg: { select: { id: true, name: true, ancestorIds: true } },
      providerOrg: { select: { id: true, name: true, ancestorIds: true } },
      need: { select: { id: true, title: true, description: true, place: true, people: true, wantedFrom: true } },
      resource: { select: { id: true, title: true } },
      meetings: {
        select: { id: true, topic: true, status: true, plannedStart: true, heldStart: true, place: true, orgId: true },
        orderBy: { plannedStart: "asc" },
      },
    },
  });
  if (!project) throw new AppError("NOT_FOUND", "regional.error.projectNotFound");
  return project;
}

/** A project: both sides' officers and members see it; committees above either side too. */
export const projectInput = z.object({ projectId: z.uuid() });

export async function getProject(deps: ServiceDeps, actor: Actor, input: z.input<typeof projectInput>) {
  const p = await loadProject(deps.db, input.projectId);
  const parties = [p.holderOrg, p.providerOrg];
  const sees = parties.some((o) => can(actor.grants, "branch.overview", o) || can(actor.grants, "regional.browse", o));
  if (!sees) throw new AppError("FORBIDDEN", "error.orgForbidden");
  const manageHolder = can(actor.grants, "regional.manage", p.holderOrg);
  const manageProvider = can(actor.grants, "regional.manage", p.providerOrg);
  const hostable = parties
    .filter((o) => can(actor.grants, "meeting.manage", o))
    .map((o) => ({ id: o.id, name: o.name }));
  return {
    id: p.id,
    title: p.title,
    category: p.category,
    status: p.status,
    plan: p.plan,
    result: p.result,
    rating: p.rating,
    ratingComment: p.ratingComment,
    createdAt: p.createdAt,
    closedAt: p.closedAt,
    holder: { id: p.holderOrg.id, name: p.holderOrg.name },
    provider: { id: p.providerOrg.id, name: p.providerOrg.name },
    need: p.need,
    resource: p.resource,
    activities: p.meetings.map((m) => ({
      id: m.id,
      topic: m.topic,
      status: m.status,
      when: m.heldStart ?? m.plannedStart,
      place: m.place,
      hostId: m.orgId,
    })),
    can: {
      decide: p.status === "REQUESTED" && manageProvider,
      plan: p.status === "ACTIVE" && hostable.length > 0,
      close: p.status === "ACTIVE" && (manageHolder || manageProvider),
      evaluate: p.status === "CLOSED" && p.rating === null && manageHolder,
    },
    hostable,
  };
}

/** Projects of the organisations the actor sees (theirs, or their subtree's), newest first. */
export async function listProjects(deps: ServiceDeps, actor: Actor) {
  const grantOrgIds = [
    ...new Set(
      actor.grants
        .filter((g) => can([g], "branch.overview", { id: g.orgId, ancestorIds: g.orgAncestorIds }))
        .map((g) => g.orgId),
    ),
  ];
  const inScope = { OR: [{ id: { in: grantOrgIds } }, { ancestorIds: { hasSome: grantOrgIds } }] };
  const rows = await deps.db.project.findMany({
    where: { OR: [{ holderOrg: inScope }, { providerOrg: inScope }] },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      title: true,
      status: true,
      category: true,
      rating: true,
      createdAt: true,
      holderOrg: { select: { id: true, name: true } },
      providerOrg: { select: { id: true, name: true } },
      _count: { select: { meetings: { where: { status: "HELD" } } } },
    },
  });
  return rows.map(({ _count, ...r }) => ({ ...r, heldActivities: _count.meetings }));
}

export const planActivityInput = z.object({
  projectId: z.uuid(),
  hostOrgId: z.uuid(),
  topic: text(200).min(1),
  plannedStart: z.date(),
  plannedEnd: z.date(),
  place: text(200).optional(),
});
export type PlanActivityInput = z.input<typeof planActivityInput>;

/**
 * A joint activity of the project, planned through the meeting use case: the host (either side)
 * invites the other, whose participation is confirmed at once — both sides agreed to the project —
 * so the members of both are expected and check in, and the held activity counts for their tie.
 */
export async function planActivity(
  deps: ServiceDeps,
  actor: Actor,
  input: PlanActivityInput,
): Promise<{ meetingId: string }> {
  const project = await deps.db.project.findUnique({
    where: { id: input.projectId },
    select: { id: true, holderOrgId: true, providerOrgId: true },
  });
  if (!project) throw new AppError("NOT_FOUND", "regional.error.projectNotFound");
  if (input.hostOrgId !== project.holderOrgId && input.hostOrgId !== project.providerOrgId)
    throw new AppError("BAD_INPUT", "regional.error.hostNotParty");
  await authorize(deps, actor, "meeting.manage", input.hostOrgId);
  const partnerId = input.hostOrgId === project.holderOrgId ? project.providerOrgId : project.holderOrgId;
  return deps.db.$transaction(async (tx) => {
    const [row] = await tx.$queryRawUnsafe<Array<{ status: string }>>(
      `SELECT status::text FROM "Project" WHERE id = $1::uuid FOR UPDATE`,
      project.id,
    );
    if (row?.status !== "ACTIVE") throw new AppError("CONFLICT", "regional.error.projectNotActive");
    const meeting = await planMeetingInTx(tx, deps, actor, {
      orgId: input.hostOrgId,
      type: "JOINT_ACTIVITY",
      topic: input.topic,
      plannedStart: input.plannedStart,
      plannedEnd: input.plannedEnd,
      place: input.place,
      partnerOrgIds: [partnerId],
      projectId: project.id,
    });
    await confirmParticipationInTx(tx, deps, actor, { meetingId: meeting.id, orgId: partnerId });
    return { meetingId: meeting.id };
  });
}

/** Closes an active project with its result; only once at least one joint activity was held. */
export const closeProjectInput = z.object({ projectId: z.uuid(), result: text(4000) });

export async function closeProject(deps: ServiceDeps, actor: Actor, input: z.input<typeof closeProjectInput>) {
  const project = await deps.db.project.findUnique({
    where: { id: input.projectId },
    select: { id: true, holderOrgId: true, providerOrgId: true, needId: true },
  });
  if (!project) throw new AppError("NOT_FOUND", "regional.error.projectNotFound");
  const actingFor = await authorizeAny(
    deps,
    actor,
    "regional.manage",
    [project.holderOrgId, project.providerOrgId],
    "regional.error.notParty",
  );
  const result = input.result.trim();
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const [row] = await tx.$queryRawUnsafe<Array<{ status: string }>>(
      `SELECT status::text FROM "Project" WHERE id = $1::uuid FOR UPDATE`,
      project.id,
    );
    const held = await tx.meeting.count({ where: { projectId: project.id, status: "HELD" } });
    const problem = closeProblem({ status: row!.status, heldActivities: held });
    if (problem)
      throw new AppError(problem === "regional.error.closeNeedsHeldActivity" ? "BAD_INPUT" : "CONFLICT", problem);
    if (!result) throw new AppError("BAD_INPUT", "regional.error.resultRequired");
    await tx.project.update({
      where: { id: project.id },
      data: { status: "CLOSED", result, closedAt: now, closedById: actor.accountId },
    });
    if (project.needId) {
      await tx.need.update({ where: { id: project.needId }, data: { status: "DONE" } });
      await indexInTx(tx, [{ type: "need", id: project.needId }]);
    }
    await audit(tx, actor, {
      action: "project.close",
      entityType: "Project",
      entityId: project.id,
      orgId: actingFor,
    });
    await touchRegional(tx, deps, [project.holderOrgId, project.providerOrgId]);
    return { projectId: project.id, status: "CLOSED" as const };
  });
}

/** The holder's evaluation of a closed project (满意 / 基本满意 / 不满意, and a comment); once. */
export const evaluateProjectInput = z.object({
  projectId: z.uuid(),
  rating: z.enum(PROJECT_RATINGS),
  comment: text(1000).optional(),
});

export async function evaluateProject(deps: ServiceDeps, actor: Actor, input: z.input<typeof evaluateProjectInput>) {
  const project = await deps.db.project.findUnique({
    where: { id: input.projectId },
    select: { id: true, holderOrgId: true, status: true },
  });
  if (!project) throw new AppError("NOT_FOUND", "regional.error.projectNotFound");
  await authorizeAny(deps, actor, "regional.manage", [project.holderOrgId], "regional.error.notHolder");
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.project.updateMany({
      where: { id: project.id, status: "CLOSED", rating: null },
      data: { rating: input.rating, ratingComment: input.comment?.trim() || null },
    });
    if (updated.count === 0) {
      const now = await tx.project.findUniqueOrThrow({ where: { id: project.id }, select: { status: true } });
      throw new AppError(
        "CONFLICT",
        now.status === "CLOSED" ? "regional.error.alreadyRated" : "regional.error.notClosed",
      );
    }
    await audit(tx, actor, {
      action: "project.evaluate",
      entityType: "Project",
      entityId: project.id,
      orgId: project.holderOrgId,
      data: { rating: input.rating },
    });
    return { projectId: project.id, rating: input.rating };
  });
}
