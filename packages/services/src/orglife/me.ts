// The member's own page: next meetings, attendance history, this year's figures. Read only.
import { AppError, CHECK_IN_CLOSES_AFTER_MS, checkInState } from "@dangjian/core";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";

export async function myOrglife(deps: ServiceDeps, actor: Actor) {
  if (!actor.memberId) throw new AppError("FORBIDDEN", "member.notAMember");
  const now = deps.now();
  const yearStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
  const select = {
    status: true,
    leaveReason: true,
    capturedBy: true,
    checkedInAt: true,
    probationary: true,
    meeting: {
      select: {
        id: true,
        type: true,
        topic: true,
        place: true,
        status: true,
        plannedStart: true,
        plannedEnd: true,
        heldStart: true,
        org: { select: { name: true } },
      },
    },
  } as const;
  const [next, history, year] = await Promise.all([
    deps.db.attendance.findMany({
      where: {
        memberId: actor.memberId,
        meeting: { status: "PLANNED", plannedEnd: { gte: new Date(now.getTime() - CHECK_IN_CLOSES_AFTER_MS) } },
      },
      orderBy: { meeting: { plannedStart: "asc" } },
      take: 5,
      select,
    }),
    deps.db.attendance.findMany({
      where: { memberId: actor.memberId, expected: true, meeting: { status: "HELD" } },
      orderBy: { meeting: { heldStart: "desc" } },
      take: 24,
      select,
    }),
    deps.db.attendance.groupBy({
      by: ["status"],
      where: { memberId: actor.memberId, expected: true, meeting: { status: "HELD", heldStart: { gte: yearStart } } },
      _count: { _all: true },
    }),
  ]);
  const count = (s: string) => year.find((y) => y.status === s)?._count._all ?? 0;
  const shape = (a: (typeof next)[number]) => ({
    meetingId: a.meeting.id,
    type: a.meeting.type,
    topic: a.meeting.topic,
    place: a.meeting.place,
    orgName: a.meeting.org.name,
    when: a.meeting.heldStart ?? a.meeting.plannedStart,
    status: a.status,
    leaveReason: a.leaveReason,
    capturedBy: a.capturedBy,
    checkInOpen: a.meeting.status === "PLANNED" && checkInState(a.meeting, now) === "open" && a.status !== "PRESENT",
  });
  return {
    next: next.map(shape),
    history: history.map(shape),
    year: {
      expected: count("PRESENT") + count("LEAVE") + count("ABSENT"),
      present: count("PRESENT"),
      leave: count("LEAVE"),
    },
  };
}
