// Tie strength (docs/warnings.md T1): each held joint activity between a host and a confirmed partner
// adds one to their partnership's strength, decaying with a 90-day half-life. The stored
// (strength, strengthAt) is derived from the whole activity history rather than bumped, so the
// orglife use cases can refresh it after every write that may change whether or when an activity
// counts (recorded, amended, partner confirmed) without ever counting one twice. Called inside the
// use case's transaction; the same transaction's `facts.touch` outbox event names the host and the
// partners, and the drain re-evaluates their partnerships' T-rules (warnings/incremental.ts).
import { strengthFromActivities } from "@dangjian/core";
import type { DbTx } from "@dangjian/db";

/** Recomputes the strength of the partnership between a joint activity's host and each partner. */
export async function refreshJointActivityTies(tx: DbTx, meetingId: string): Promise<number> {
  const meeting = await tx.meeting.findUnique({
    where: { id: meetingId },
    select: { orgId: true, type: true, orgs: { where: { isHost: false }, select: { orgId: true } } },
  });
  if (!meeting || meeting.type !== "JOINT_ACTIVITY") return 0;
  let changed = 0;
  for (const partner of meeting.orgs) {
    if (partner.orgId === meeting.orgId) continue;
    if (await refreshTie(tx, meeting.orgId, partner.orgId)) changed++;
  }
  return changed;
}

/** Recomputes one partnership's strength from the held joint activities between its two ends. */
export async function refreshTie(tx: DbTx, orgX: string, orgY: string): Promise<boolean> {
  const [a, b] = orgX < orgY ? [orgX, orgY] : [orgY, orgX];
  // lock the link: two partners confirming at once must not both write a stale sum
  const links = await tx.$queryRawUnsafe<Array<{ id: string; strength: number; at: Date | null }>>(
    `SELECT id, strength, "strengthAt" AS at FROM "OrgLink" WHERE "orgAId" = $1::uuid AND "orgBId" = $2::uuid FOR UPDATE`,
    a,
    b,
  );
  const link = links[0];
  if (!link) return false;
  const held = await tx.$queryRawUnsafe<Array<{ heldStart: Date }>>(
    `SELECT m."heldStart" FROM "Meeting" m
     JOIN "MeetingOrg" p ON p."meetingId" = m.id AND NOT p."isHost" AND p."confirmedAt" IS NOT NULL
     WHERE m.type = 'JOINT_ACTIVITY' AND m.status = 'HELD' AND m."heldStart" IS NOT NULL
       AND ((m."orgId" = $1::uuid AND p."orgId" = $2::uuid) OR (m."orgId" = $2::uuid AND p."orgId" = $1::uuid))`,
    a,
    b,
  );
  const next = strengthFromActivities(held.map((h) => h.heldStart));
  const same =
    Math.abs(next.strength - link.strength) < 1e-9 && (next.at?.getTime() ?? null) === (link.at?.getTime() ?? null);
  if (same) return false;
  await tx.orgLink.update({ where: { id: link.id }, data: { strength: next.strength, strengthAt: next.at } });
  return true;
}
