// Partnerships (联建): a committee links two organisations it covers, or proposes a link to one
// outside its subtree which that side's committee accepts. Each side sees its partners and the
// joint activities they held together.
import { z } from "zod";
import { AppError, LINK_TYPES, can, canAnywhere, canonicalPair, validLinkDates } from "@dangjian/core";
import { authorize, authorizeAnywhere, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { orgOrOwnBranch } from "../ledger/common.ts";
import { optionalOrgInput } from "../inputs.ts";
import { audit } from "../audit.ts";

export const createLinkInput = z.object({
  fromOrgId: z.uuid(),
  toOrgId: z.uuid(),
  type: z.enum(LINK_TYPES),
  startsOn: z.date(),
  endsOn: z.date().nullable().optional(),
  agreement: z.string().trim().max(10000).optional(),
});
export type CreateLinkInput = z.input<typeof createLinkInput>;

export async function createLink(deps: ServiceDeps, actor: Actor, input: CreateLinkInput) {
  const pair = canonicalPair(input.fromOrgId, input.toOrgId);
  if (!pair) throw new AppError("BAD_INPUT", "partnerships.selfLoop");
  await authorize(deps, actor, "link.manage", input.fromOrgId);
  const to = await deps.db.org.findUnique({ where: { id: input.toOrgId }, select: { id: true, ancestorIds: true } });
  if (!to) throw new AppError("NOT_FOUND", "error.orgNotFound");
  const endsOn = input.endsOn ?? null;
  if (!validLinkDates(input.startsOn, endsOn)) throw new AppError("BAD_INPUT", "partnerships.endBeforeStart");
  const coversBoth = can(actor.grants, "link.manage", to);
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const existing = await tx.orgLink.findUnique({ where: { orgAId_orgBId: pair } });
    if (existing && (existing.status === "ACTIVE" || existing.status === "PROPOSED")) {
      throw new AppError("CONFLICT", "partnerships.duplicate", {
        status: existing.status === "ACTIVE" ? "生效中" : "待确认",
      });
    }
    const data = {
      type: input.type,
      status: coversBoth ? ("ACTIVE" as const) : ("PROPOSED" as const),
      startsOn: input.startsOn,
      endsOn,
      agreement: input.agreement?.trim() || null,
      proposedByOrgId: input.fromOrgId,
      proposedById: actor.accountId,
      decidedById: coversBoth ? actor.accountId : null,
      decidedAt: coversBoth ? now : null,
    };
    const link = existing
      ? await tx.orgLink.update({ where: { id: existing.id }, data })
      : await tx.orgLink.create({ data: { ...pair, ...data } });
    await audit(tx, actor, {
      action: "link.create",
      entityType: "OrgLink",
      entityId: link.id,
      orgId: input.fromOrgId,
      data: { status: link.status },
    });
    return { id: link.id, status: link.status };
  });
}

/** The other side's committee accepts or rejects a proposal. */
export const decideLinkInput = z.object({ linkId: z.uuid(), accept: z.boolean() });

export async function decideLink(deps: ServiceDeps, actor: Actor, input: z.input<typeof decideLinkInput>) {
  const link = await deps.db.orgLink.findUnique({ where: { id: input.linkId } });
  if (!link) throw new AppError("NOT_FOUND", "partnerships.notFound");
  const otherSide = link.proposedByOrgId === link.orgAId ? link.orgBId : link.orgAId;
  try {
    await authorize(deps, actor, "link.manage", otherSide);
  } catch (error) {
    if (error instanceof AppError && error.code === "FORBIDDEN")
      throw new AppError("FORBIDDEN", "partnerships.notYourSide");
    throw error;
  }
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.orgLink.updateMany({
      where: { id: link.id, status: "PROPOSED" },
      data: { status: input.accept ? "ACTIVE" : "REJECTED", decidedById: actor.accountId, decidedAt: now },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "partnerships.notProposed");
    await audit(tx, actor, {
      action: input.accept ? "link.accept" : "link.reject",
      entityType: "OrgLink",
      entityId: link.id,
      orgId: otherSide,
    });
    return { id: link.id, status: input.accept ? ("ACTIVE" as const) : ("REJECTED" as const) };
  });
}

/** Organisations by name, also outside the actor's subtree (to propose a link), flagged as such. */
export const searchOrgsInput = z.object({ q: z.string().trim().max(50) });

export async function searchOrgs(deps: ServiceDeps, actor: Actor, input: z.input<typeof searchOrgsInput>) {
  authorizeAnywhere(actor, "link.manage");
  const q = input.q.trim();
  if (q.length < 2) return [];
  const orgs = await deps.db.org.findMany({
    where: { active: true, kind: { not: "PARTY_GROUP" }, name: { contains: q } },
    select: { id: true, name: true, kind: true, ancestorIds: true, parent: { select: { name: true } } },
    orderBy: { name: "asc" },
    take: 20,
  });
  return orgs.map((o) => ({
    id: o.id,
    name: o.name,
    kind: o.kind,
    parentName: o.parent?.name ?? null,
    covered: can(actor.grants, "link.manage", o),
  }));
}

/** An organisation's partners and the joint activities held with each. */
export const partnersOfInput = optionalOrgInput;

export async function partnersOf(deps: ServiceDeps, actor: Actor, input: z.input<typeof partnersOfInput>) {
  const orgId = orgOrOwnBranch(actor, input.orgId);
  const org = await authorize(deps, actor, "org.view", orgId);
  const links = await deps.db.orgLink.findMany({
    where: { OR: [{ orgAId: orgId }, { orgBId: orgId }], status: { in: ["ACTIVE", "PROPOSED", "ENDED"] } },
    include: { orgA: { select: { id: true, name: true } }, orgB: { select: { id: true, name: true } } },
    orderBy: { startsOn: "desc" },
  });
  const partnerIds = links.map((l) => (l.orgAId === orgId ? l.orgBId : l.orgAId));
  const joint = partnerIds.length
    ? await deps.db.meeting.findMany({
        where: {
          type: "JOINT_ACTIVITY",
          status: { not: "CANCELLED" },
          orgs: { some: { orgId } },
          AND: [{ orgs: { some: { orgId: { in: partnerIds } } } }],
        },
        select: {
          id: true,
          topic: true,
          status: true,
          plannedStart: true,
          heldStart: true,
          orgs: { select: { orgId: true, confirmedAt: true } },
        },
        orderBy: { plannedStart: "desc" },
        take: 100,
      })
    : [];
  return {
    org: { id: org.id, name: org.name },
    links: links.map((l) => {
      const partner = l.orgAId === orgId ? l.orgB : l.orgA;
      return {
        id: l.id,
        partner,
        type: l.type,
        status: l.status,
        startsOn: l.startsOn,
        endsOn: l.endsOn,
        agreement: l.agreement,
        history: joint
          .filter((m) => m.orgs.some((o) => o.orgId === partner.id))
          .map((m) => ({
            meetingId: m.id,
            topic: m.topic,
            status: m.status,
            when: m.heldStart ?? m.plannedStart,
            partnerConfirmed: m.orgs.some((o) => o.orgId === partner.id && o.confirmedAt !== null),
          })),
      };
    }),
  };
}

/** For a committee: proposals waiting for its decision, and links it proposed that are pending. */
export async function committeeLinks(deps: ServiceDeps, actor: Actor) {
  authorizeAnywhere(actor, "link.manage");
  const committeeIds = actor.grants.filter((g) => canAnywhere([g], "link.manage")).map((g) => g.orgId);
  const inSubtree = (field: "orgA" | "orgB") => ({
    [field]: { OR: [{ id: { in: committeeIds } }, { ancestorIds: { hasSome: committeeIds } }] },
  });
  const links = await deps.db.orgLink.findMany({
    where: { OR: [inSubtree("orgA"), inSubtree("orgB")] },
    include: {
      orgA: { select: { id: true, name: true, ancestorIds: true } },
      orgB: { select: { id: true, name: true, ancestorIds: true } },
    },
    orderBy: [{ status: "asc" }, { startsOn: "desc" }],
    take: 200,
  });
  return links.map((l) => {
    const otherSide = l.proposedByOrgId === l.orgAId ? l.orgB : l.orgA;
    return {
      id: l.id,
      orgA: { id: l.orgA.id, name: l.orgA.name },
      orgB: { id: l.orgB.id, name: l.orgB.name },
      type: l.type,
      status: l.status,
      startsOn: l.startsOn,
      endsOn: l.endsOn,
      agreement: l.agreement,
      awaitingMe: l.status === "PROPOSED" && can(actor.grants, "link.manage", otherSide),
    };
  });
}
