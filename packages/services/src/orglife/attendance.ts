// Attendance captured once: the member checks in with their own session (meeting code from the
// QR today, a scanned e-party card later: same use case, another proof), or the secretary marks
// leave (reason required) or presence on someone's behalf (recorded as PROXY).
import { z } from "zod";
import {
  AppError,
  RESTRICTED_RECORD_TYPES,
  CARD_SCAN_MAX_QUEUE_MS,
  checkInWindow,
  checkInState,
  codesEqual,
  isRecordLocked,
  normaliseMeetingCode,
  type CheckInProof,
  type MessageKey,
} from "@dangjian/core";
import type { DbTx, Prisma } from "@dangjian/db";
import { verifyCardText } from "../card/verify.ts";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { formatChinaTime } from "./meetings.ts";
import { authorizeMeeting, loadMeetingScope, touchMeetingFacts } from "./shared.ts";
import { isMobileGuest } from "../regional/mobile.ts";
import { text } from "../inputs.ts";

/** Meeting code today; an e-party-card token when the card's scanner lands. */
const checkInProof = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("meetingCode"), code: z.string().trim().min(1).max(20) }),
  // a scanned e-party card; `scannedAt` when the scan was queued on a phone without network
  z.object({ kind: z.literal("cardToken"), token: z.string().min(1).max(4000), scannedAt: z.date().optional() }),
]) satisfies z.ZodType<CheckInProof>;

export const checkInInput = z.object({ meetingId: z.uuid(), proof: checkInProof });

export async function checkIn(deps: ServiceDeps, actor: Actor, input: z.input<typeof checkInInput>) {
  if (input.proof.kind === "cardToken")
    return checkInByCard(deps, actor, {
      meetingId: input.meetingId,
      token: input.proof.token,
      scannedAt: input.proof.scannedAt,
    });
  if (!actor.memberId) throw new AppError("FORBIDDEN", "member.notAMember");
  const memberId = actor.memberId;
  const code = normaliseMeetingCode(input.proof.code);
  return recordCheckIn(
    deps,
    actor,
    { meetingId: input.meetingId, memberId, at: deps.now(), method: "SELF_QR" },
    (meeting) => {
      if (!meeting.checkInSecret || !codesEqual(code, meeting.checkInSecret))
        throw new AppError("BAD_INPUT", "orglife.checkInWrongCode");
    },
  );
}

/**
 * Check-in by e-party card: the secretary of the meeting's host or of a confirmed partner scans
 * the member's card; the card (verified at the scan time) names the member. A member of another
 * organisation is accepted only when their organisation takes part. A repeated scan (a queue
 * sent twice) answers with the first check-in instead of an error.
 */
async function checkInByCard(
  deps: ServiceDeps,
  actor: Actor,
  input: { meetingId: string; token: string; scannedAt?: Date | undefined },
) {
  const now = deps.now();
  const at = input.scannedAt ?? now;
  if (at.getTime() > now.getTime() + 60_000 || now.getTime() - at.getTime() > CARD_SCAN_MAX_QUEUE_MS)
    throw new AppError("BAD_INPUT", "card.scanTooOld");
  const scope = await loadMeetingScope(deps.db, input.meetingId);
  const confirmed = await deps.db.meetingOrg.findMany({
    where: { meetingId: scope.id, OR: [{ confirmedAt: { not: null } }, { isHost: true }] },
    select: { orgId: true },
  });
  await authorizeMeeting(
    deps,
    actor,
    { ...scope, orgIds: [scope.orgId, ...confirmed.map((o) => o.orgId)] },
    "meeting.manage",
  );
  const verified = await verifyCardText(deps, input.token, at.getTime());
  if (!verified.memberId) throw new AppError("BAD_INPUT", `card.reason.${verified.result.reason}` as MessageKey);
  const memberId = verified.memberId;
  const taking = new Set([scope.orgId, ...confirmed.map((o) => o.orgId)]);
  return recordCheckIn(
    deps,
    actor,
    { meetingId: scope.id, memberId, at, method: "CARD_SCAN", repeatIsOk: true },
    async (_meeting, tx) => {
      const member = await tx.member.findUniqueOrThrow({
        where: { id: memberId },
        select: { branchId: true, partyGroupId: true },
      });
      if (!taking.has(member.branchId) && !(member.partyGroupId && taking.has(member.partyGroupId)))
        throw new AppError("FORBIDDEN", "card.scanNotParticipating");
    },
    verified.result.ok ? verified.result.claims.name : undefined,
  );
}

interface CheckInFact {
  meetingId: string;
  memberId: string;
  at: Date;
  method: "SELF_QR" | "CARD_SCAN";
  repeatIsOk?: boolean;
}

/** Everything after the proof: window, expected list, second check-in, row lock, outbox. */
async function recordCheckIn(
  deps: ServiceDeps,
  actor: Actor,
  fact: CheckInFact,
  checkProof: (meeting: { checkInSecret: string | null }, tx: DbTx) => void | Promise<void>,
  name?: string,
) {
  return deps.db.$transaction(async (tx) => {
    const meeting = await tx.meeting.findUnique({
      where: { id: fact.meetingId },
      select: {
        id: true,
        orgId: true,
        type: true,
        status: true,
        plannedStart: true,
        plannedEnd: true,
        checkInSecret: true,
      },
    });
    if (!meeting) throw new AppError("NOT_FOUND", "orglife.meetingNotFound");
    if (meeting.status === "CANCELLED") throw new AppError("CONFLICT", "orglife.meetingCancelled");
    await checkProof(meeting, tx);
    const state = checkInState(meeting, fact.at);
    if (state === "early")
      throw new AppError("BAD_INPUT", "orglife.checkInEarly", { opens: formatChinaTime(checkInWindow(meeting).opens) });
    if (state === "closed")
      throw new AppError("BAD_INPUT", "orglife.checkInClosed", {
        closes: formatChinaTime(checkInWindow(meeting).closes),
      });
    // Lock the row: two taps at once must not both succeed.
    let rows = await tx.$queryRawUnsafe<Array<{ id: string; status: string; checkedInAt: Date | null }>>(
      `SELECT id, status, "checkedInAt" FROM "Attendance" WHERE "meetingId" = $1::uuid AND "memberId" = $2::uuid FOR UPDATE`,
      meeting.id,
      fact.memberId,
    );
    // a member of a taking-part organisation not on the expected list (joined after planning), or
    // a 流动党员 the host organisation received (their attendance there counts for them at home)
    if (
      !rows[0] &&
      (fact.method === "CARD_SCAN" ||
        (!RESTRICTED_RECORD_TYPES.has(meeting.type) && (await isMobileGuest(tx, fact.memberId, meeting.orgId))))
    ) {
      await tx.attendance.createMany({
        data: [{ meetingId: meeting.id, memberId: fact.memberId, expected: false, status: "ABSENT" }],
        skipDuplicates: true,
      });
      rows = await tx.$queryRawUnsafe(
        `SELECT id, status, "checkedInAt" FROM "Attendance" WHERE "meetingId" = $1::uuid AND "memberId" = $2::uuid FOR UPDATE`,
        meeting.id,
        fact.memberId,
      );
    }
    const row = rows[0];
    if (!row) throw new AppError("FORBIDDEN", "orglife.checkInNotExpected");
    if (row.status === "PRESENT") {
      if (fact.repeatIsOk)
        return {
          meetingId: meeting.id,
          checkedInAt: row.checkedInAt ?? fact.at,
          memberName: name ?? null,
          repeated: true,
        };
      throw new AppError("CONFLICT", "orglife.checkInTwice", { at: formatChinaTime(row.checkedInAt ?? fact.at) });
    }
    await tx.attendance.update({
      where: { id: row.id },
      data: {
        status: "PRESENT",
        capturedBy: fact.method,
        capturedById: actor.accountId,
        checkedInAt: fact.at,
        leaveReason: null,
      },
    });
    await touchMeetingFacts(tx, meeting.id);
    return { meetingId: meeting.id, checkedInAt: fact.at, memberName: name ?? null, repeated: false };
  });
}

export const markAttendanceInput = z.object({
  meetingId: z.uuid(),
  memberId: z.uuid(),
  status: z.enum(["PRESENT", "LEAVE", "ABSENT"]),
  leaveReason: text(200).optional(),
  amendReason: text(500).optional(),
});

export async function markAttendance(deps: ServiceDeps, actor: Actor, input: z.input<typeof markAttendanceInput>) {
  const scope = await loadMeetingScope(deps.db, input.meetingId);
  await authorizeMeeting(deps, actor, scope, "meeting.manage");
  const leaveReason = input.leaveReason?.trim() ?? "";
  if (input.status === "LEAVE" && !leaveReason) throw new AppError("BAD_INPUT", "orglife.leaveReasonRequired");
  const locked = isRecordLocked(scope, deps.now());
  const amendReason = input.amendReason?.trim() ?? "";
  if (locked && !amendReason) throw new AppError("BAD_INPUT", "orglife.amendReasonRequired");
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const row = await tx.attendance.findUnique({
      where: { meetingId_memberId: { meetingId: scope.id, memberId: input.memberId } },
      include: { member: { select: { name: true } } },
    });
    if (!row) throw new AppError("BAD_INPUT", "orglife.attendeeNotExpected");
    const data: Prisma.AttendanceUpdateInput =
      input.status === "PRESENT"
        ? { status: "PRESENT", capturedBy: "PROXY", capturedById: actor.accountId, checkedInAt: now, leaveReason: null }
        : input.status === "LEAVE"
          ? { status: "LEAVE", capturedBy: "PROXY", capturedById: actor.accountId, checkedInAt: null, leaveReason }
          : { status: "ABSENT", capturedBy: null, capturedById: null, checkedInAt: null, leaveReason: null };
    await tx.attendance.update({ where: { id: row.id }, data });
    if (locked) {
      await tx.meetingAmendment.create({
        data: {
          meetingId: scope.id,
          field: "attendance",
          before: { name: row.member.name, status: row.status, leaveReason: row.leaveReason },
          after: {
            name: row.member.name,
            status: input.status,
            leaveReason: input.status === "LEAVE" ? leaveReason : null,
          },
          reason: amendReason,
          byAccountId: actor.accountId,
          at: now,
        },
      });
    }
    await touchMeetingFacts(tx, scope.id);
    return { memberId: input.memberId, status: input.status };
  });
}
