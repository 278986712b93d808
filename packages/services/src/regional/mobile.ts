// 流动党员: a member working away. The home branch registers them as outgoing (where they go,
// which organisation of the region receives them) and keeps membership and dues; the receiving
// organisation accepts them and invites them to its activities, where they check in like its own
// members; their attendance there counts for them at home. A monthly contact — their own check-in
// from the phone, or a secretary's note — keeps them in touch: it is activity for the existing
// lost-contact rule (O5), so three months without any fires it as for every member. Returning home
// closes the registration; the history stays.
import { z } from "zod";
import { AppError, can, monthKey } from "@dangjian/core";
import { CHINA_OFFSET_MS } from "@dangjian/core/time";
import type { DbTx } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { publish } from "../outbox/outbox.ts";
import { authorizeAny, chinaToday, regionOf } from "./shared.ts";
import { text, type orgInput } from "../inputs.ts";
import { audit } from "../audit.ts";

const OPEN = ["AWAY", "ACCEPTED"] as const;

export const registerOutgoingInput = z.object({
  memberId: z.uuid(),
  receivingOrgId: z.uuid(),
  destination: text(200),
  leftOn: z.date(),
});

export async function registerOutgoing(deps: ServiceDeps, actor: Actor, input: z.input<typeof registerOutgoingInput>) {
  const member = await deps.db.member.findUnique({
    where: { id: input.memberId },
    select: {
      id: true,
      name: true,
      active: true,
      branchId: true,
      branch: { select: { id: true, ancestorIds: true, level: true } },
    },
  });
  if (!member?.active) throw new AppError("NOT_FOUND", "regional.error.memberNotFound");
  await authorize(deps, actor, "member.manage", member.branchId);
  const receiving = await deps.db.org.findUnique({
    where: { id: input.receivingOrgId },
    select: { id: true, name: true, ancestorIds: true, level: true, active: true },
  });
  if (!receiving) throw new AppError("NOT_FOUND", "error.orgNotFound");
  if (receiving.level !== "BRANCH" || !receiving.active) throw new AppError("BAD_INPUT", "regional.error.notBranch");
  if (receiving.id === member.branchId) throw new AppError("BAD_INPUT", "regional.error.receivingIsHome");
  const [home, there] = await Promise.all([regionOf(deps.db, member.branch), regionOf(deps.db, receiving)]);
  if (home !== there) throw new AppError("BAD_INPUT", "regional.error.receivingOutsideRegion", { org: receiving.name });
  const destination = input.destination.trim();
  if (!destination) throw new AppError("BAD_INPUT", "regional.error.destinationRequired");
  const today = chinaToday(deps.now());
  if (Number.isNaN(input.leftOn.getTime()) || input.leftOn.getTime() > today.getTime() + 60 * 86_400_000)
    throw new AppError("BAD_INPUT", "regional.error.leftOnRange");
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `mobile:${member.id}`);
    const open = await tx.mobileRegistration.findFirst({
      where: { memberId: member.id, status: { in: [...OPEN] } },
      select: { destination: true },
    });
    if (open)
      throw new AppError("CONFLICT", "regional.error.alreadyAway", {
        name: member.name,
        destination: open.destination,
      });
    const row = await tx.mobileRegistration.create({
      data: {
        memberId: member.id,
        homeBranchId: member.branchId,
        receivingOrgId: receiving.id,
        destination,
        leftOn: input.leftOn,
        createdById: actor.accountId,
        createdAt: deps.now(),
      },
      select: { id: true },
    });
    await audit(tx, actor, {
      action: "mobile.register",
      entityType: "MobileRegistration",
      entityId: row.id,
      orgId: member.branchId,
    });
    return { registrationId: row.id };
  });
}

/** The receiving organisation accepts the member (it must lie in the member's region). */
/** One mobile member's registration, named. */
export const registrationInput = z.object({ registrationId: z.uuid() });

export async function acceptMobile(deps: ServiceDeps, actor: Actor, input: z.input<typeof registrationInput>) {
  const reg = await deps.db.mobileRegistration.findUnique({
    where: { id: input.registrationId },
    select: {
      id: true,
      receivingOrgId: true,
      homeBranch: { select: { id: true, ancestorIds: true, level: true } },
      receivingOrg: { select: { id: true, name: true, ancestorIds: true, level: true } },
    },
  });
  if (!reg) throw new AppError("NOT_FOUND", "regional.error.registrationNotFound");
  await authorizeAny(deps, actor, "member.manage", [reg.receivingOrgId], "regional.error.notReceiving");
  const [home, there] = await Promise.all([regionOf(deps.db, reg.homeBranch), regionOf(deps.db, reg.receivingOrg)]);
  if (home !== there)
    throw new AppError("BAD_INPUT", "regional.error.receivingOutsideRegion", { org: reg.receivingOrg.name });
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.mobileRegistration.updateMany({
      where: { id: reg.id, status: "AWAY" },
      data: { status: "ACCEPTED", acceptedAt: now, acceptedById: actor.accountId },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "regional.error.notAwaiting");
    await audit(tx, actor, {
      action: "mobile.accept",
      entityType: "MobileRegistration",
      entityId: reg.id,
      orgId: reg.receivingOrgId,
    });
    return { registrationId: reg.id, status: "ACCEPTED" as const };
  });
}

/** A contact keeps the member in touch: it is activity for the lost-contact rule, re-judged at home at once. */
async function recordContact(
  tx: DbTx,
  deps: ServiceDeps,
  actor: Actor,
  reg: { id: string; memberId: string; homeBranchId: string },
  kind: "CHECK_IN" | "NOTE",
  note: string | null,
) {
  const at = deps.now();
  const row = await tx.mobileContact.create({
    data: { registrationId: reg.id, memberId: reg.memberId, kind, at, note, recordedById: actor.accountId },
    select: { id: true, at: true },
  });
  await tx.$executeRawUnsafe(
    `INSERT INTO "MemberActivity" ("memberId", "lastContactAt") VALUES ($1::uuid, $2)
     ON CONFLICT ("memberId") DO UPDATE SET "lastContactAt" = greatest("MemberActivity"."lastContactAt", EXCLUDED."lastContactAt")`,
    reg.memberId,
    at,
  );
  await publish(tx, "facts.touch", { keys: [{ orgId: reg.homeBranchId, month: monthKey(at) }] });
  return row;
}

/** The member's own check-in from the phone; once a day is enough (a second tap answers the first). */
export async function mobileCheckIn(deps: ServiceDeps, actor: Actor) {
  if (!actor.memberId) throw new AppError("FORBIDDEN", "member.notAMember");
  const memberId = actor.memberId;
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `mobile:${memberId}`);
    const reg = await tx.mobileRegistration.findFirst({
      where: { memberId, status: { in: [...OPEN] } },
      select: { id: true, memberId: true, homeBranchId: true },
    });
    if (!reg) throw new AppError("FORBIDDEN", "regional.error.notAway");
    const today = chinaToday(deps.now());
    const since = new Date(today.getTime() - CHINA_OFFSET_MS); // China midnight
    const done = await tx.mobileContact.findFirst({
      where: { registrationId: reg.id, kind: "CHECK_IN", at: { gte: since } },
      select: { id: true, at: true },
    });
    if (done) return { contactId: done.id, at: done.at, repeated: true };
    const row = await recordContact(tx, deps, actor, reg, "CHECK_IN", null);
    return { contactId: row.id, at: row.at, repeated: false };
  });
}

/** A secretary (home or receiving side) notes a contact with the member. */
export const mobileNoteInput = registrationInput.extend({ note: text(1000) });

export async function mobileNote(deps: ServiceDeps, actor: Actor, input: z.input<typeof mobileNoteInput>) {
  const reg = await deps.db.mobileRegistration.findUnique({
    where: { id: input.registrationId },
    select: { id: true, memberId: true, homeBranchId: true, receivingOrgId: true, status: true },
  });
  if (!reg) throw new AppError("NOT_FOUND", "regional.error.registrationNotFound");
  await authorizeAny(
    deps,
    actor,
    "member.manage",
    [reg.homeBranchId, reg.receivingOrgId],
    "regional.error.notMobileParty",
  );
  const note = input.note.trim();
  if (!note) throw new AppError("BAD_INPUT", "regional.error.noteRequired");
  if (reg.status === "RETURNED") throw new AppError("CONFLICT", "regional.error.alreadyReturned");
  return deps.db.$transaction(async (tx) => {
    const row = await recordContact(tx, deps, actor, reg, "NOTE", note);
    return { contactId: row.id };
  });
}

/** Home again: the home branch closes the registration; its history stays. */
export const mobileReturnInput = registrationInput.extend({ returnedOn: z.date() });

export async function mobileReturn(deps: ServiceDeps, actor: Actor, input: z.input<typeof mobileReturnInput>) {
  const reg = await deps.db.mobileRegistration.findUnique({
    where: { id: input.registrationId },
    select: { id: true, homeBranchId: true, leftOn: true },
  });
  if (!reg) throw new AppError("NOT_FOUND", "regional.error.registrationNotFound");
  await authorizeAny(deps, actor, "member.manage", [reg.homeBranchId], "regional.error.notHome");
  const today = chinaToday(deps.now());
  if (
    Number.isNaN(input.returnedOn.getTime()) ||
    input.returnedOn.getTime() > today.getTime() ||
    input.returnedOn.getTime() < reg.leftOn.getTime()
  )
    throw new AppError("BAD_INPUT", "regional.error.returnedOnRange");
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.mobileRegistration.updateMany({
      where: { id: reg.id, status: { in: [...OPEN] } },
      data: { status: "RETURNED", returnedOn: input.returnedOn, returnedById: actor.accountId },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "regional.error.alreadyReturned");
    await audit(tx, actor, {
      action: "mobile.return",
      entityType: "MobileRegistration",
      entityId: reg.id,
      orgId: reg.homeBranchId,
    });
    return { registrationId: reg.id, status: "RETURNED" as const };
  });
}

const DAY_MS = 86_400_000;

/**
 * One organisation's mobile members, both ways: its own members away (with their last contact and
 * their attendance at the receiving organisation's activities) and those it receives.
 */
export async function mobileView(deps: ServiceDeps, actor: Actor, input: z.input<typeof orgInput>) {
  const org = await authorize(deps, actor, "member.list", input.orgId);
  const now = deps.now();
  const select = {
    id: true,
    status: true,
    destination: true,
    leftOn: true,
    acceptedAt: true,
    returnedOn: true,
    createdAt: true,
    member: { select: { id: true, name: true } },
    homeBranch: { select: { id: true, name: true } },
    receivingOrg: { select: { id: true, name: true } },
    contacts: { orderBy: { at: "desc" as const }, take: 3, select: { kind: true, at: true, note: true } },
  };
  const [outgoing, incoming, members, orgs] = await Promise.all([
    deps.db.mobileRegistration.findMany({
      where: { homeBranchId: org.id },
      orderBy: [{ status: "asc" }, { createdAt: "desc" }],
      take: 200,
      select,
    }),
    deps.db.mobileRegistration.findMany({
      where: { receivingOrgId: org.id, status: { in: [...OPEN] } },
      orderBy: { createdAt: "desc" },
      take: 200,
      select,
    }),
    can(actor.grants, "member.manage", org)
      ? deps.db.member.findMany({
          where: { branchId: org.id, active: true },
          select: { id: true, name: true },
          orderBy: { name: "asc" },
        })
      : Promise.resolve([]),
    can(actor.grants, "member.manage", org)
      ? deps.db.org.findMany({
          where: { active: true, level: "BRANCH", id: { not: org.id } },
          select: { id: true, name: true, setup: true },
          orderBy: [{ setup: "asc" }, { path: "asc" }],
          take: 300,
        })
      : Promise.resolve([]),
  ]);
  // attendance at the receiving organisation's activities since leaving: counts for them at home.
  // `leftOn` is a calendar day in China; its first instant is 00:00 China time (16:00 UTC the day
  // before), so an activity in the small hours of the day he left counts too
  const attended = outgoing.length
    ? await deps.db.attendance.findMany({
        where: {
          status: "PRESENT",
          OR: outgoing.map((r) => ({
            memberId: r.member.id,
            meeting: {
              orgId: r.receivingOrg.id,
              plannedStart: { gte: new Date(r.leftOn.getTime() - CHINA_OFFSET_MS) },
            },
          })),
        },
        select: {
          memberId: true,
          checkedInAt: true,
          meeting: { select: { id: true, topic: true, orgId: true, heldStart: true, plannedStart: true } },
        },
        orderBy: { checkedInAt: "desc" },
        take: 500,
      })
    : [];
  const shape = (r: (typeof outgoing)[number]) => {
    const last = r.contacts[0]?.at ?? null;
    return {
      id: r.id,
      status: r.status,
      destination: r.destination,
      leftOn: r.leftOn,
      returnedOn: r.returnedOn,
      member: r.member,
      homeBranch: r.homeBranch,
      receivingOrg: r.receivingOrg,
      lastContactAt: last,
      daysSinceContact: Math.floor((now.getTime() - (last ?? r.createdAt).getTime()) / DAY_MS),
      contacts: r.contacts,
      attended: attended
        .filter((a) => a.memberId === r.member.id && a.meeting.orgId === r.receivingOrg.id)
        .slice(0, 10)
        .map((a) => ({
          meetingId: a.meeting.id,
          topic: a.meeting.topic,
          at: a.checkedInAt ?? a.meeting.heldStart ?? a.meeting.plannedStart,
        })),
    };
  };
  return {
    org: { id: org.id, name: org.name },
    canManage: can(actor.grants, "member.manage", org),
    outgoing: outgoing.map(shape),
    incoming: incoming.map(shape),
    members,
    orgs: orgs.map((o) => ({ id: o.id, name: o.name, mobileBranch: o.setup === "MOBILE_MEMBERS" })),
  };
}

/** The member's own page: the open registration, recent contacts, the receiving side's coming activities. */
export async function myMobile(deps: ServiceDeps, actor: Actor) {
  if (!actor.memberId) throw new AppError("FORBIDDEN", "member.notAMember");
  const reg = await deps.db.mobileRegistration.findFirst({
    where: { memberId: actor.memberId, status: { in: [...OPEN] } },
    select: {
      id: true,
      status: true,
      destination: true,
      leftOn: true,
      receivingOrg: { select: { id: true, name: true } },
      contacts: { orderBy: { at: "desc" }, take: 6, select: { kind: true, at: true } },
    },
  });
  if (!reg) return null;
  const now = deps.now();
  const activities =
    reg.status === "ACCEPTED"
      ? await deps.db.meeting.findMany({
          where: {
            orgId: reg.receivingOrg.id,
            status: "PLANNED",
            type: { notIn: ["COMMITTEE_MEETING", "TALK"] },
            plannedEnd: { gte: new Date(now.getTime() - 2 * 3_600_000) },
            plannedStart: { lte: new Date(now.getTime() + 45 * DAY_MS) },
          },
          orderBy: { plannedStart: "asc" },
          take: 10,
          select: { id: true, topic: true, type: true, plannedStart: true, place: true },
        })
      : [];
  const today = chinaToday(now);
  return {
    ...reg,
    checkedInToday: reg.contacts.some(
      (c) => c.kind === "CHECK_IN" && c.at.getTime() >= today.getTime() - CHINA_OFFSET_MS,
    ),
    activities,
  };
}

/** Whether a member may check in at a meeting as a guest: an accepted mobile member of its host. */
export async function isMobileGuest(db: DbTx, memberId: string, hostOrgId: string): Promise<boolean> {
  return (
    (await db.mobileRegistration.count({ where: { memberId, receivingOrgId: hostOrgId, status: "ACCEPTED" } })) > 0
  );
}
