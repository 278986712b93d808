// Attendance captured once: the member checks in with their own session (meeting code from the
// QR today, a scanned e-party card later: same use case, another proof), or the secretary marks
// leave (reason required) or presence on someone's behalf (recorded as PROXY).
import { AppError, checkInState, codesEqual, isRecordLocked, normaliseMeetingCode, type CheckInProof } from "@dangjian/core";
import type { Prisma } from "@dangjian/db";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { formatChinaTime } from "./meetings.ts";
import { authorizeMeeting, loadMeetingScope, touchMeetingFacts } from "./shared.ts";

export async function checkIn(deps: ServiceDeps, actor: Actor, input: { meetingId: string; proof: CheckInProof }) {
  if (!actor.memberId) throw new AppError("FORBIDDEN", "member.notAMember");
  if (input.proof.kind === "cardToken") throw new AppError("BAD_INPUT", "orglife.checkInCardLater");
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const meeting = await tx.meeting.findUnique({
      where: { id: input.meetingId },
      select: { id: true, status: true, plannedStart: true, plannedEnd: true, checkInSecret: true },
    });
    if (!meeting) throw new AppError("NOT_FOUND", "orglife.meetingNotFound");
    if (meeting.status === "CANCELLED") throw new AppError("CONFLICT", "orglife.meetingCancelled");
    const code = normaliseMeetingCode((input.proof as { code: string }).code);
    if (!meeting.checkInSecret || !codesEqual(code, meeting.checkInSecret)) throw new AppError("BAD_INPUT", "orglife.checkInWrongCode");
    const state = checkInState(meeting, now);
    if (state === "early") throw new AppError("BAD_INPUT", "orglife.checkInEarly", { opens: formatChinaTime(new Date(meeting.plannedStart.getTime() - 30 * 60_000)) });
    if (state === "closed") throw new AppError("BAD_INPUT", "orglife.checkInClosed", { closes: formatChinaTime(new Date(meeting.plannedEnd.getTime() + 30 * 60_000)) });
    // Lock the row: two taps at once must not both succeed.
    const rows = await tx.$queryRawUnsafe<Array<{ id: string; status: string; checkedInAt: Date | null }>>(
      `SELECT id, status, "checkedInAt" FROM "Attendance" WHERE "meetingId" = $1::uuid AND "memberId" = $2::uuid FOR UPDATE`,
      meeting.id,
      actor.memberId,
    );
    const row = rows[0];
    if (!row) throw new AppError("FORBIDDEN", "orglife.checkInNotExpected");
    if (row.status === "PRESENT") throw new AppError("CONFLICT", "orglife.checkInTwice", { at: formatChinaTime(row.checkedInAt ?? now) });
    await tx.attendance.update({
      where: { id: row.id },
      data: { status: "PRESENT", capturedBy: "SELF_QR", capturedById: actor.accountId, checkedInAt: now, leaveReason: null },
    });
    await touchMeetingFacts(tx, meeting.id);
    return { meetingId: meeting.id, checkedInAt: now };
  });
}

export async function markAttendance(
  deps: ServiceDeps,
  actor: Actor,
  input: { meetingId: string; memberId: string; status: "PRESENT" | "LEAVE" | "ABSENT"; leaveReason?: string | undefined; amendReason?: string | undefined },
) {
  const scope = await loadMeetingScope(deps.db, input.meetingId);
  await authorizeMeeting(deps, actor, scope, "meeting.manage");
  const leaveReason = input.leaveReason?.trim() ?? "";
  if (input.status === "LEAVE" && !leaveReason) throw new AppError("BAD_INPUT", "orglife.leaveReasonRequired");
  const locked = isRecordLocked(scope, deps.now());
  const amendReason = input.amendReason?.trim() ?? "";
  if (locked && !amendReason) throw new AppError("BAD_INPUT", "orglife.amendReasonRequired");
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const row = await tx.attendance.findUnique({ where: { meetingId_memberId: { meetingId: scope.id, memberId: input.memberId } }, include: { member: { select: { name: true } } } });
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
          after: { name: row.member.name, status: input.status, leaveReason: input.status === "LEAVE" ? leaveReason : null },
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
