// Planning meetings of every type: the expected list derives itself, a theme day carries the
// region's required actions, a joint activity invites partner organisations who confirm.
import { z } from "zod";
import {
  canReadLeaveReason,
  canReadMeetingRecord,
  AppError,
  checkInWindow,
  expectedList,
  expectedSource,
  isQuorate,
  isRecordLocked,
  lockTime,
  meetingCodeFromBytes,
  quorumNeeded,
  MEETING_TYPES,
} from "@dangjian/core";
import type { DbTx } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { orgOrOwnBranch } from "../ledger/common.ts";
import { signedDownloadUrl } from "../files/uploads.ts";
import { refreshJointActivityTies } from "../network/ties.ts";
import { effectiveRules, effectiveThemeActions } from "./rules.ts";
import { authorizeMeeting, loadMeetingScope, randomBytes, touchMeetingFacts } from "./shared.ts";
import { can, chinaWallClock, RESTRICTED_RECORD_TYPES } from "@dangjian/core";
import { isMobileGuest } from "../regional/mobile.ts";
import { text, type optionalOrgInput } from "../inputs.ts";
import { audit } from "../audit.ts";

export const planMeetingInput = z.object({
  orgId: z.uuid(),
  type: z.enum(MEETING_TYPES),
  topic: text(200).min(1),
  plannedStart: z.date(),
  plannedEnd: z.date(),
  place: text(200).optional(),
  agenda: text(4000).optional(),
  hostMemberId: z.uuid().optional(),
  /** a group meeting: the party group (its members are expected) */
  groupId: z.uuid().optional(),
  /** a joint activity: the partner organisations invited */
  partnerOrgIds: z.array(z.uuid()).max(20).optional(),
  /** a heart-to-heart talk: the members talked with (of the branch) */
  memberIds: z.array(z.uuid()).max(50).optional(),
  /** a theme day: free optional actions besides the required ones */
  optionalActions: z.array(text(100)).max(20).optional(),
  idempotencyKey: z.string().min(8).max(100).optional(),
});
export type PlanMeetingInput = z.input<typeof planMeetingInput>;

const MAX_MEETING_MS = 12 * 3_600_000;

async function candidates(tx: DbTx, where: object) {
  return tx.member.findMany({
    where: { ...where, active: true },
    select: { id: true, name: true, status: true, active: true },
  });
}

/** The plan's shape, checked before anything is read or written. */
function checkPlanInput(input: PlanMeetingInput): string[] {
  if (input.type === "GROUP_MEETING" && !input.groupId) throw new AppError("BAD_INPUT", "orglife.groupRequired");
  if (input.plannedEnd <= input.plannedStart) throw new AppError("BAD_INPUT", "orglife.endBeforeStart");
  if (input.plannedEnd.getTime() - input.plannedStart.getTime() > MAX_MEETING_MS)
    throw new AppError("BAD_INPUT", "orglife.tooLong");
  const partnerIds = [...new Set(input.partnerOrgIds ?? [])];
  if (input.type !== "JOINT_ACTIVITY" && partnerIds.length > 0)
    throw new AppError("BAD_INPUT", "orglife.partnersOnlyForJoint");
  if (input.type === "JOINT_ACTIVITY" && partnerIds.length === 0)
    throw new AppError("BAD_INPUT", "orglife.jointNeedsPartner");
  if (partnerIds.includes(input.orgId)) throw new AppError("BAD_INPUT", "orglife.partnerSelf");
  if (input.type === "TALK" && !input.memberIds?.length) throw new AppError("BAD_INPUT", "orglife.talkNeedsMember");
  return partnerIds;
}

export async function planMeeting(deps: ServiceDeps, actor: Actor, input: PlanMeetingInput): Promise<{ id: string }> {
  if (input.type === "GROUP_MEETING" && !input.groupId) throw new AppError("BAD_INPUT", "orglife.groupRequired");
  await authorize(deps, actor, "meeting.manage", input.orgId);
  checkPlanInput(input);

  if (input.idempotencyKey) {
    const done = await deps.db.meeting.findUnique({
      where: { idempotencyKey: input.idempotencyKey },
      select: { id: true, orgId: true, createdById: true },
    });
    // a replay answers only the same caller for the same organisation; anyone else's key is a
    // conflict and reveals nothing (defect 12: it returned another organisation's meeting id)
    if (done && done.orgId === input.orgId && done.createdById === actor.accountId) return { id: done.id };
    if (done) throw new AppError("CONFLICT", "error.conflict");
  }

  return deps.db.$transaction((tx) => planMeetingInTx(tx, deps, actor, input));
}

/**
 * The planning itself, inside the caller's transaction (the regional project use case plans its
 * joint activities through it). The caller has authorised `meeting.manage` on `input.orgId`.
 */
export async function planMeetingInTx(
  tx: DbTx,
  deps: ServiceDeps,
  actor: Actor,
  input: PlanMeetingInput & { projectId?: string | undefined },
): Promise<{ id: string }> {
  const partnerIds = checkPlanInput(input);
  const hostOrgId = input.type === "GROUP_MEETING" ? input.groupId : input.orgId;
  {
    if (input.type === "GROUP_MEETING") {
      const group = await tx.org.findUnique({ where: { id: input.groupId! }, select: { parentId: true, kind: true } });
      if (!group || group.kind !== "PARTY_GROUP" || group.parentId !== input.orgId)
        throw new AppError("BAD_INPUT", "orglife.groupNotInBranch");
    }
    // Serialise planning per organisation so two clashing requests cannot both pass the check.
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `meeting-plan:${hostOrgId}`);
    const clash = await tx.meeting.findFirst({
      where: {
        orgId: hostOrgId!,
        status: { not: "CANCELLED" },
        plannedStart: { lt: input.plannedEnd },
        plannedEnd: { gt: input.plannedStart },
      },
      select: { topic: true, plannedStart: true },
    });
    if (clash)
      throw new AppError("CONFLICT", "orglife.meetingClash", {
        topic: clash.topic,
        when: formatChinaTime(clash.plannedStart),
      });

    for (const partnerId of partnerIds) {
      const [a, b] = input.orgId < partnerId ? [input.orgId, partnerId] : [partnerId, input.orgId];
      const link = await tx.orgLink.findUnique({
        where: { orgAId_orgBId: { orgAId: a, orgBId: b } },
        select: { status: true },
      });
      if (!link || link.status !== "ACTIVE") throw new AppError("BAD_INPUT", "orglife.partnerNotLinked");
    }

    const source = expectedSource(input.type);
    const people =
      source === "group"
        ? await candidates(tx, { partyGroupId: input.groupId })
        : source === "chosen"
          ? await candidates(tx, { id: { in: input.memberIds ?? [] }, branchId: input.orgId })
          : source === "committee"
            ? await candidates(tx, {
                committeeRoles: {
                  some: {
                    orgId: input.orgId,
                    post: { not: "GROUP_LEADER" },
                    OR: [{ endsOn: null }, { endsOn: { gte: input.plannedStart } }],
                  },
                },
              })
            : await candidates(tx, { branchId: input.orgId });
    const expected = expectedList(people);
    if (source === "chosen" && expected.length !== new Set(input.memberIds).size)
      throw new AppError("BAD_INPUT", "orglife.talkNeedsMember");

    if (input.hostMemberId) {
      const host = await tx.member.findUnique({ where: { id: input.hostMemberId }, select: { branchId: true } });
      if (!host || host.branchId !== input.orgId) throw new AppError("BAD_INPUT", "orglife.hostNotMember");
    }

    const meeting = await tx.meeting.create({
      data: {
        orgId: hostOrgId!,
        type: input.type,
        topic: input.topic,
        agenda: input.agenda ?? null,
        place: input.place ?? null,
        hostMemberId: input.hostMemberId ?? null,
        plannedStart: input.plannedStart,
        plannedEnd: input.plannedEnd,
        checkInSecret: meetingCodeFromBytes(randomBytes(8)),
        idempotencyKey: input.idempotencyKey ?? null,
        createdById: actor.accountId,
        projectId: input.projectId ?? null,
        orgs: {
          create: [
            { orgId: hostOrgId!, isHost: true, confirmedAt: deps.now(), confirmedById: actor.accountId },
            ...partnerIds.map((orgId) => ({ orgId, isHost: false })),
          ],
        },
      },
      select: { id: true },
    });
    if (expected.length > 0) {
      await tx.attendance.createMany({
        data: expected.map((m) => ({
          meetingId: meeting.id,
          memberId: m.memberId,
          expected: true,
          probationary: m.probationary,
          status: "ABSENT" as const,
        })),
      });
    }
    if (input.type === "THEME_DAY") {
      const catalogue = await effectiveThemeActions(tx, input.orgId);
      const required = catalogue.actions.filter((a) => a.required);
      const optional = (input.optionalActions ?? []).map((s) => s.trim()).filter(Boolean);
      await tx.meetingAction.createMany({
        data: [
          ...required.map((a, i) => ({
            meetingId: meeting.id,
            code: a.code,
            title: a.title,
            required: true,
            sortOrder: i + 1,
          })),
          ...optional.map((title, i) => ({
            meetingId: meeting.id,
            code: catalogue.actions.find((a) => a.title === title)?.code ?? null,
            title,
            required: false,
            sortOrder: required.length + i + 1,
          })),
        ],
      });
    }
    await touchMeetingFacts(tx, meeting.id);
    return meeting;
  }
}

export const confirmParticipationInput = z.object({ meetingId: z.uuid(), orgId: z.uuid() });

/** A joint activity's partner confirms: its members join the expected list and the meeting counts for it. */
export async function confirmParticipation(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof confirmParticipationInput>,
) {
  await authorize(deps, actor, "meeting.manage", input.orgId);
  return deps.db.$transaction((tx) => confirmParticipationInTx(tx, deps, actor, input));
}

/** Confirming inside the caller's transaction; the caller has authorised `meeting.manage` on `input.orgId`. */
export async function confirmParticipationInTx(
  tx: DbTx,
  deps: ServiceDeps,
  actor: Actor,
  input: { meetingId: string; orgId: string },
) {
  {
    const row = await tx.meetingOrg.findUnique({
      where: { meetingId_orgId: { meetingId: input.meetingId, orgId: input.orgId } },
      include: { meeting: { select: { status: true } } },
    });
    if (!row) throw new AppError("FORBIDDEN", "orglife.notInvited");
    if (row.meeting.status === "CANCELLED") throw new AppError("CONFLICT", "orglife.meetingCancelled");
    if (row.confirmedAt) throw new AppError("CONFLICT", "orglife.alreadyConfirmed");
    await tx.meetingOrg.update({
      where: { meetingId_orgId: { meetingId: input.meetingId, orgId: input.orgId } },
      data: { confirmedAt: deps.now(), confirmedById: actor.accountId },
    });
    const people = expectedList(await candidates(tx, { branchId: input.orgId }));
    await tx.attendance.createMany({
      data: people.map((m) => ({
        meetingId: input.meetingId,
        memberId: m.memberId,
        expected: true,
        probationary: m.probationary,
        status: "ABSENT" as const,
      })),
      skipDuplicates: true,
    });
    // confirming after the activity was held makes it count for this partnership now
    await refreshJointActivityTies(tx, input.meetingId);
    await touchMeetingFacts(tx, input.meetingId);
    return { confirmed: true };
  }
}

function formatChinaTime(date: Date): string {
  const d = chinaWallClock(date);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}
export { formatChinaTime };

/** An attendance amendment's before/after without the leave reason (for readers who may not see it). */
function withoutLeaveReason(value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value) && "leaveReason" in value)
    return { ...value, leaveReason: null };
  return value;
}

/** One meeting, named. */
export const meetingInput = z.object({ meetingId: z.uuid() });

/**
 * Everything the meeting page shows; the check-in code only to those who may manage it; the
 * record of committee meetings and talks and others' leave reasons only to those core allows.
 */
export async function getMeeting(deps: ServiceDeps, actor: Actor, input: z.input<typeof meetingInput>) {
  const scope = await loadMeetingScope(deps.db, input.meetingId);
  const isExpected = actor.memberId
    ? (await deps.db.attendance.count({ where: { meetingId: scope.id, memberId: actor.memberId } })) > 0
    : false;
  // a 流动党员 received by the host sees its (non-restricted) activities, to check in there
  const isGuest =
    !isExpected &&
    actor.memberId !== null &&
    !RESTRICTED_RECORD_TYPES.has(scope.type) &&
    (await isMobileGuest(deps.db, actor.memberId, scope.orgId));
  if (!isExpected && !isGuest) await authorizeMeeting(deps, actor, scope, "branch.overview");
  const meeting = await deps.db.meeting.findUniqueOrThrow({
    where: { id: scope.id },
    include: {
      org: { select: { id: true, name: true, ancestorIds: true, parentId: true } },
      host: { select: { name: true } },
      orgs: { include: { org: { select: { id: true, name: true, ancestorIds: true } } }, orderBy: { isHost: "desc" } },
      actions: { orderBy: { sortOrder: "asc" } },
      attendances: {
        include: {
          member: { select: { name: true, branchId: true, branch: { select: { id: true, ancestorIds: true } } } },
        },
      },
      amendments: { orderBy: { at: "asc" } },
    },
  });
  const manageable =
    meeting.orgs
      .filter((o) => o.confirmedAt !== null || o.isHost)
      .some((o) => can(actor.grants, "meeting.manage", o.org)) || can(actor.grants, "meeting.manage", meeting.org);
  // meetings imported or seeded without a code get one the first time a manager opens them
  if (manageable && !meeting.checkInSecret && meeting.status !== "CANCELLED") {
    await deps.db.meeting.updateMany({
      where: { id: meeting.id, checkInSecret: null },
      data: { checkInSecret: meetingCodeFromBytes(randomBytes(8)) },
    });
    meeting.checkInSecret = (
      await deps.db.meeting.findUniqueOrThrow({ where: { id: meeting.id }, select: { checkInSecret: true } })
    ).checkInSecret;
  }
  const confirmable = meeting.orgs
    .filter((o) => !o.isHost && o.confirmedAt === null && can(actor.grants, "meeting.manage", o.org))
    .map((o) => o.orgId);
  const accounts = await deps.db.account.findMany({
    where: { id: { in: meeting.amendments.map((a) => a.byAccountId) } },
    select: { id: true, displayName: true },
  });
  const attachments = await deps.db.attachment.findMany({
    where: { ownerType: "MEETING", ownerId: meeting.id },
    orderBy: { createdAt: "asc" },
  });
  const rules = await effectiveRules(
    deps.db,
    meeting.org.parentId && meeting.type === "GROUP_MEETING" ? meeting.org.parentId : meeting.orgId,
  );
  const quorumRatio = rules.find((r) => r.meetingType === meeting.type)?.quorumRatio ?? null;
  const expected = meeting.attendances.filter((a) => a.expected);
  const present = expected.filter((a) => a.status === "PRESENT").length;
  const now = deps.now();
  const window = checkInWindow(meeting);
  const storage = deps.storage;
  // what this reader may see of the record (core/auth/permissions.ts)
  const reader = { grants: actor.grants, memberId: actor.memberId };
  const recordVisible = canReadMeetingRecord(reader, {
    type: meeting.type,
    host: meeting.org,
    participantIds: meeting.attendances.map((a) => a.memberId),
  });
  const reasonVisible = (a: (typeof meeting.attendances)[number]) =>
    canReadLeaveReason(reader, { memberId: a.memberId, orgs: [meeting.org, a.member.branch] });
  const reasonsOfOthers = can(actor.grants, "attendance.leaveReason", meeting.org);
  const visibleAttachments = recordVisible ? attachments : [];
  return {
    id: meeting.id,
    type: meeting.type,
    status: meeting.status,
    topic: meeting.topic,
    agenda: recordVisible ? meeting.agenda : null,
    place: meeting.place,
    hostName: meeting.host?.name ?? null,
    plannedStart: meeting.plannedStart,
    plannedEnd: meeting.plannedEnd,
    heldStart: meeting.heldStart,
    heldEnd: meeting.heldEnd,
    minutes: recordVisible ? meeting.minutes : null,
    outcomes: recordVisible ? (meeting.outcomes as Record<string, number>) : {},
    /** a committee meeting or talk this reader is neither on the committee of nor took part in */
    recordHidden: !recordVisible,
    org: { id: meeting.org.id, name: meeting.org.name },
    orgs: meeting.orgs.map((o) => ({ orgId: o.orgId, name: o.org.name, isHost: o.isHost, confirmedAt: o.confirmedAt })),
    actions: meeting.actions.map((a) => ({
      id: a.id,
      code: a.code,
      title: a.title,
      required: a.required,
      done: a.done,
    })),
    attendance: (recordVisible ? meeting.attendances : [])
      .map((a) => ({
        memberId: a.memberId,
        name: a.member.name,
        probationary: a.probationary,
        status: a.status,
        leaveReason: reasonVisible(a) ? a.leaveReason : null,
        capturedBy: a.capturedBy,
        checkedInAt: a.checkedInAt,
        expected: a.expected,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, "zh-CN")),
    counts: {
      expected: expected.length,
      present,
      leave: expected.filter((a) => a.status === "LEAVE").length,
      absent: expected.filter((a) => a.status === "ABSENT").length,
    },
    quorum:
      quorumRatio === null
        ? null
        : {
            ratio: quorumRatio,
            ok: isQuorate(present, expected.length, quorumRatio),
            need: Math.max(0, quorumNeeded(expected.length, quorumRatio) - present),
          },
    lockAt: lockTime(meeting),
    locked: isRecordLocked(meeting, now),
    checkIn: { opens: window.opens, closes: window.closes, code: manageable ? meeting.checkInSecret : null },
    myAttendance: (() => {
      const a = actor.memberId ? meeting.attendances.find((x) => x.memberId === actor.memberId) : undefined;
      return a
        ? {
            memberId: a.memberId,
            status: a.status,
            leaveReason: a.leaveReason,
            capturedBy: a.capturedBy,
            checkedInAt: a.checkedInAt,
            expected: a.expected,
            probationary: a.probationary,
          }
        : null;
    })(),
    amendments: (recordVisible ? meeting.amendments : []).map((a) => ({
      field: a.field,
      before: reasonsOfOthers ? a.before : withoutLeaveReason(a.before),
      after: reasonsOfOthers ? a.after : withoutLeaveReason(a.after),
      reason: a.reason,
      at: a.at,
      by: accounts.find((x) => x.id === a.byAccountId)?.displayName ?? "",
    })),
    attachments: await Promise.all(
      visibleAttachments.map(async (a) => ({
        id: a.id,
        fileName: a.fileName,
        contentType: a.contentType,
        sizeBytes: Number(a.sizeBytes),
        url: storage ? await signedDownloadUrl(storage, a) : null,
      })),
    ),
    manageable,
    confirmable,
  };
}

/** A branch's meetings (its own, its party groups', and joint activities it takes part in). */
export async function listMeetings(deps: ServiceDeps, actor: Actor, input: z.input<typeof optionalOrgInput>) {
  const orgId = orgOrOwnBranch(actor, input.orgId);
  await authorize(deps, actor, "branch.overview", orgId);
  const now = deps.now();
  const where = {
    OR: [{ orgId }, { org: { parentId: orgId, kind: "PARTY_GROUP" as const } }, { orgs: { some: { orgId } } }],
  };
  const select = {
    id: true,
    type: true,
    status: true,
    topic: true,
    plannedStart: true,
    plannedEnd: true,
    place: true,
    orgs: { select: { orgId: true, isHost: true, confirmedAt: true, org: { select: { name: true } } } },
  } as const;
  const [upcoming, recent] = await Promise.all([
    deps.db.meeting.findMany({
      where: { ...where, status: "PLANNED", plannedEnd: { gte: new Date(now.getTime() - 86_400_000) } },
      orderBy: { plannedStart: "asc" },
      take: 20,
      select,
    }),
    deps.db.meeting.findMany({ where: { ...where, status: "HELD" }, orderBy: { heldStart: "desc" }, take: 10, select }),
  ]);
  const map = (m: (typeof upcoming)[number]) => ({
    id: m.id,
    type: m.type,
    status: m.status,
    topic: m.topic,
    plannedStart: m.plannedStart,
    place: m.place,
    awaitingMyConfirmation: m.orgs.some((o) => o.orgId === orgId && !o.isHost && o.confirmedAt === null),
    partners: m.orgs.filter((o) => !o.isHost).map((o) => ({ name: o.org.name, confirmed: o.confirmedAt !== null })),
  });
  return { orgId, upcoming: upcoming.map(map), recent: recent.map(map) };
}

/** What the plan form offers: party groups, members (as hosts), active partners, the theme day catalogue. */
export async function planOptions(deps: ServiceDeps, actor: Actor, input: z.input<typeof optionalOrgInput>) {
  const orgId = orgOrOwnBranch(actor, input.orgId);
  await authorize(deps, actor, "meeting.manage", orgId);
  const [org, groups, members, links, theme] = await Promise.all([
    deps.db.org.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, name: true } }),
    deps.db.org.findMany({
      where: { parentId: orgId, kind: "PARTY_GROUP", active: true },
      select: { id: true, name: true },
      orderBy: { sortOrder: "asc" },
    }),
    deps.db.member.findMany({
      where: { branchId: orgId, active: true },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    deps.db.orgLink.findMany({
      where: { status: "ACTIVE", OR: [{ orgAId: orgId }, { orgBId: orgId }] },
      select: { orgA: { select: { id: true, name: true } }, orgB: { select: { id: true, name: true } } },
    }),
    effectiveThemeActions(deps.db, orgId),
  ]);
  return {
    org,
    groups,
    members,
    partners: links.map((l) => (l.orgA.id === orgId ? l.orgB : l.orgA)),
    themeActions: theme.actions,
  };
}

/** A planned meeting that will not take place; its time is free again. Held meetings stay as records. */
export const cancelMeetingInput = z.object({ meetingId: z.uuid(), reason: text(500) });

export async function cancelMeeting(deps: ServiceDeps, actor: Actor, input: z.input<typeof cancelMeetingInput>) {
  const scope = await loadMeetingScope(deps.db, input.meetingId);
  await authorize(deps, actor, "meeting.manage", scope.orgId);
  const reason = input.reason.trim();
  if (!reason) throw new AppError("BAD_INPUT", "orglife.cancelReasonRequired");
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.meeting.updateMany({
      where: { id: scope.id, status: "PLANNED" },
      data: { status: "CANCELLED" },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "orglife.cancelNotPlanned");
    await audit(tx, actor, {
      action: "meeting.cancel",
      entityType: "Meeting",
      entityId: scope.id,
      orgId: scope.orgId,
      data: { reason },
    });
    await touchMeetingFacts(tx, scope.id);
    return { meetingId: scope.id, status: "CANCELLED" as const };
  });
}
