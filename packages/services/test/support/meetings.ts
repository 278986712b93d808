// Meetings written straight to the tables: the history a test starts from, not the use cases under test.
import { monthKey } from "@dangjian/core";
import type { AttendanceStatus, Db, DbTx, Meeting, MeetingType } from "@dangjian/db";
import { publish } from "../../src/outbox/outbox.ts";

export interface HeldMeeting {
  orgId: string;
  type: MeetingType;
  topic: string;
  /** planned for and started at this moment */
  at: Date;
  /** the planned end (default `at`) */
  plannedEnd?: Date;
  heldEnd?: Date;
}

/** A meeting already held: its row only (no attendance, no outbox event). */
export function createHeldMeeting(db: DbTx, m: HeldMeeting): Promise<Meeting> {
  return db.meeting.create({
    data: {
      orgId: m.orgId,
      type: m.type,
      status: "HELD",
      topic: m.topic,
      plannedStart: m.at,
      plannedEnd: m.plannedEnd ?? m.at,
      heldStart: m.at,
      heldEnd: m.heldEnd ?? null,
    },
  });
}

/**
 * A held meeting as the use cases record one: its row, its attendance and the facts.touch event
 * for its month, in one transaction (the worker then builds the month's facts).
 */
export async function recordHeldMeeting(
  db: Db,
  m: HeldMeeting,
  attendance: Array<{ memberId: string; status: AttendanceStatus }> = [],
): Promise<void> {
  await db.$transaction(async (tx) => {
    const meeting = await createHeldMeeting(tx, m);
    if (attendance.length > 0) {
      await tx.attendance.createMany({ data: attendance.map((a) => ({ ...a, meetingId: meeting.id })) });
    }
    await publish(tx, "facts.touch", { keys: [{ orgId: m.orgId, month: monthKey(m.at) }] });
  });
}
