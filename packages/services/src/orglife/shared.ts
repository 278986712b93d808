// Helpers shared by the orglife use cases: loading a meeting with its scope, and announcing
// every meeting/attendance write to the fact table through the outbox, in the same transaction.
import { AppError, meetingWriterOrgIds, monthKey } from "@dangjian/core";
import type { DbTx } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { publish } from "../outbox/outbox.ts";
import type { Permission } from "@dangjian/core";
import { indexInTx } from "../search/documents.ts";

export interface MeetingScope {
  id: string;
  orgId: string;
  type: string;
  status: "PLANNED" | "HELD" | "CANCELLED";
  plannedStart: Date;
  plannedEnd: Date;
  heldStart: Date | null;
  heldEnd: Date | null;
  /** every organisation taking part, invited or confirmed: may see the meeting */
  orgIds: string[];
  /** the host and the partners that confirmed: may write the record and attendance */
  writerOrgIds: string[];
}

export async function loadMeetingScope(db: DbTx, meetingId: string): Promise<MeetingScope> {
  const meeting = await db.meeting.findUnique({
    where: { id: meetingId },
    select: {
      id: true,
      orgId: true,
      type: true,
      status: true,
      plannedStart: true,
      plannedEnd: true,
      heldStart: true,
      heldEnd: true,
      orgs: { select: { orgId: true, isHost: true, confirmedAt: true } },
    },
  });
  if (!meeting) throw new AppError("NOT_FOUND", "orglife.meetingNotFound");
  const { orgs, ...rest } = meeting;
  const orgIds = [...new Set([meeting.orgId, ...orgs.map((o) => o.orgId)])];
  const writerOrgIds = [
    ...new Set([
      meeting.orgId,
      ...meetingWriterOrgIds(
        orgs.map((o) => ({ orgId: o.orgId, isHost: o.isHost, confirmed: o.confirmedAt !== null })),
      ),
    ]),
  ];
  return { ...rest, orgIds, writerOrgIds };
}

/**
 * Whoever holds `permission` on the host or on an organisation taking part. Writing
 * (`meeting.manage`) counts only the host and the partners that confirmed (core's
 * meetingWriterOrgIds); an invited partner may read the meeting and confirm it, nothing more.
 */
export async function authorizeMeeting(
  deps: ServiceDeps,
  actor: Actor,
  meeting: MeetingScope,
  permission: Permission,
): Promise<void> {
  const candidates = permission === "meeting.manage" ? meeting.writerOrgIds : meeting.orgIds;
  try {
    await authorize(deps, actor, permission, meeting.orgId);
    return;
  } catch (error) {
    for (const orgId of candidates.filter((id) => id !== meeting.orgId)) {
      try {
        await authorize(deps, actor, permission, orgId);
        return;
      } catch {
        // try the next organisation taking part
      }
    }
    throw error;
  }
}

/**
 * Announces the (organisation, month) fact rows a meeting touches: the host, its parent branch
 * for a party group, and every organisation taking part, for the month it was (or will be) held.
 */
export async function touchMeetingFacts(tx: DbTx, meetingId: string, extraMonths: Date[] = []): Promise<void> {
  const meeting = await tx.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    select: {
      orgId: true,
      plannedStart: true,
      heldStart: true,
      org: { select: { parentId: true, kind: true } },
      orgs: { select: { orgId: true } },
    },
  });
  const orgIds = new Set([meeting.orgId, ...meeting.orgs.map((o) => o.orgId)]);
  if (meeting.org.kind === "PARTY_GROUP" && meeting.org.parentId) orgIds.add(meeting.org.parentId);
  const months = new Set([monthKey(meeting.heldStart ?? meeting.plannedStart), ...extraMonths.map(monthKey)]);
  const keys = [...orgIds].flatMap((orgId) => [...months].map((month) => ({ orgId, month })));
  await publish(tx, "facts.touch", { keys });
  // search sees the meeting as committed, in the same transaction (ADR 0601)
  await indexInTx(tx, [{ type: "meeting", id: meetingId }]);
}

export function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return bytes;
}
