// The per-organisation, per-month fact table (OrgMonthFact) is derived, never typed in:
// each (org, month) row is recomputed from the raw facts, so a recompute is idempotent and
// the incremental path (outbox) and a full rebuild always agree.
import { isMonthKey, monthStart, type MonthKey } from "@dangjian/core";
import type { DbTx } from "@dangjian/db";

export interface FactKey {
  orgId: string;
  month: MonthKey;
}

const RECOMPUTE_SQL = `
WITH keys AS (
  SELECT DISTINCT k.org_id::uuid AS org_id, k.month::date AS month, (k.month::date + interval '1 month')::date AS next_month
  FROM unnest($1::text[], $2::text[]) AS k(org_id, month)
  JOIN "Org" o ON o.id = k.org_id::uuid
),
-- A member counts, for a month, in the branch they belonged to at its end: their current branch,
-- unless a transfer completed after that month moved them away (then the first such transfer's
-- sender). So a later recompute of an old month leaves its history with the branch it happened in.
candidates AS (
  SELECT k.org_id, k.month, k.next_month, m.id, m.status, m."branchId" AS current_branch
  FROM keys k
  JOIN "Member" m ON m."branchId" = k.org_id AND m."joinedOn" < k.next_month AND (m."leftOn" IS NULL OR m."leftOn" >= k.month)
  UNION
  SELECT k.org_id, k.month, k.next_month, m.id, m.status, m."branchId" AS current_branch
  FROM keys k
  JOIN "MemberTransfer" t ON t."fromOrgId" = k.org_id AND t.status = 'COMPLETED' AND t."receiverApprovedAt" >= k.next_month
  JOIN "Member" m ON m.id = t."memberId" AND m."joinedOn" < k.next_month AND (m."leftOn" IS NULL OR m."leftOn" >= k.month)
),
members AS (
  SELECT c.org_id, c.month, c.id AS member_id, c.status
  FROM candidates c
  WHERE coalesce(
    (SELECT t."fromOrgId" FROM "MemberTransfer" t WHERE t."memberId" = c.id AND t.status = 'COMPLETED' AND t."receiverApprovedAt" >= c.next_month
     ORDER BY t."receiverApprovedAt" LIMIT 1),
    c.current_branch) = c.org_id
),
member_counts AS (
  SELECT org_id, month, count(*) AS member_count, count(*) FILTER (WHERE status = 'PROBATIONARY') AS probationary
  FROM members GROUP BY org_id, month
),
-- hosted meetings and confirmed joint meetings, each looked up by key (an OR across both
-- would scan every meeting and mislead the planner into hashing all attendance)
held AS (
  SELECT k.org_id, k.month, mt.id, mt.type, mt."orgId" AS host_id
  FROM keys k
  JOIN "Meeting" mt ON mt."orgId" = k.org_id AND mt.status = 'HELD' AND mt."heldStart" >= k.month AND mt."heldStart" < k.next_month
  UNION
  SELECT k.org_id, k.month, mt.id, mt.type, mt."orgId" AS host_id
  FROM keys k
  JOIN "MeetingOrg" mo ON mo."orgId" = k.org_id AND mo."confirmedAt" IS NOT NULL
  JOIN "Meeting" mt ON mt.id = mo."meetingId" AND mt.status = 'HELD' AND mt."heldStart" >= k.month AND mt."heldStart" < k.next_month
),
meeting_counts AS (
  SELECT org_id, month,
    count(*) FILTER (WHERE type = 'BRANCH_ASSEMBLY') AS assembly,
    count(*) FILTER (WHERE type = 'COMMITTEE_MEETING') AS committee,
    count(*) FILTER (WHERE type = 'GROUP_MEETING') AS grp,
    count(*) FILTER (WHERE type = 'PARTY_LECTURE') AS lecture,
    count(*) FILTER (WHERE type = 'THEME_DAY') AS theme_day,
    count(*) FILTER (WHERE type NOT IN ('BRANCH_ASSEMBLY', 'COMMITTEE_MEETING', 'GROUP_MEETING', 'PARTY_LECTURE', 'THEME_DAY')) AS other
  FROM held GROUP BY org_id, month
),
attendance AS (
  -- the host counts everyone expected; a partner counts its own members
  SELECT h.org_id, h.month,
    count(*) AS expected,
    count(*) FILTER (WHERE a.status = 'PRESENT') AS present,
    count(*) FILTER (WHERE a.status = 'LEAVE') AS on_leave
  FROM held h
  JOIN "Attendance" a ON a."meetingId" = h.id AND a.expected
  WHERE h.host_id = h.org_id OR EXISTS (SELECT 1 FROM members mb WHERE mb.org_id = h.org_id AND mb.month = h.month AND mb.member_id = a."memberId")
  GROUP BY h.org_id, h.month
),
dues_due AS (
  SELECT mb.org_id, mb.month, sum(d."monthlyDuesFen") AS due, count(*) AS members_due
  FROM members mb
  JOIN LATERAL (
    SELECT "monthlyDuesFen" FROM "DuesDeclaration" dd
    WHERE dd."memberId" = mb.member_id AND dd."effectiveFrom" < (mb.month + interval '1 month')
    ORDER BY dd."effectiveFrom" DESC LIMIT 1
  ) d ON true
  GROUP BY mb.org_id, mb.month
),
dues_paid AS (
  SELECT k.org_id, k.month, sum(dm."amountFen") AS paid, count(DISTINCT dm."memberId") AS members_paid
  FROM keys k JOIN "DuesMonth" dm ON dm."orgId" = k.org_id AND dm.month = k.month
  GROUP BY k.org_id, k.month
),
study AS (
  SELECT k.org_id, k.month, sum(sc.seconds) AS seconds
  FROM keys k
  JOIN members mb ON mb.org_id = k.org_id AND mb.month = k.month
  JOIN "StudyCredit" sc ON sc."memberId" = mb.member_id AND sc."creditedOn" >= k.month AND sc."creditedOn" < k.next_month
  GROUP BY k.org_id, k.month
)
INSERT INTO "OrgMonthFact" AS f (
  "orgId", month, "memberCount", "probationaryCount",
  "branchAssemblyHeld", "committeeMeetingHeld", "groupMeetingHeld", "partyLectureHeld", "themeDayHeld", "otherMeetingsHeld",
  "attendanceExpected", "attendancePresent", "attendanceLeave",
  "duesDueFen", "duesPaidFen", "membersDue", "membersPaid", "studySeconds", "updatedAt")
SELECT k.org_id, k.month,
  coalesce(mc.member_count, 0), coalesce(mc.probationary, 0),
  coalesce(mt.assembly, 0), coalesce(mt.committee, 0), coalesce(mt.grp, 0), coalesce(mt.lecture, 0), coalesce(mt.theme_day, 0), coalesce(mt.other, 0),
  coalesce(at.expected, 0), coalesce(at.present, 0), coalesce(at.on_leave, 0),
  coalesce(dd.due, 0), coalesce(dp.paid, 0), coalesce(dd.members_due, 0), coalesce(dp.members_paid, 0), coalesce(st.seconds, 0), now()
FROM keys k
LEFT JOIN member_counts mc ON mc.org_id = k.org_id AND mc.month = k.month
LEFT JOIN meeting_counts mt ON mt.org_id = k.org_id AND mt.month = k.month
LEFT JOIN attendance at ON at.org_id = k.org_id AND at.month = k.month
LEFT JOIN dues_due dd ON dd.org_id = k.org_id AND dd.month = k.month
LEFT JOIN dues_paid dp ON dp.org_id = k.org_id AND dp.month = k.month
LEFT JOIN study st ON st.org_id = k.org_id AND st.month = k.month
ON CONFLICT ("orgId", month) DO UPDATE SET
  "memberCount" = EXCLUDED."memberCount", "probationaryCount" = EXCLUDED."probationaryCount",
  "branchAssemblyHeld" = EXCLUDED."branchAssemblyHeld", "committeeMeetingHeld" = EXCLUDED."committeeMeetingHeld",
  "groupMeetingHeld" = EXCLUDED."groupMeetingHeld", "partyLectureHeld" = EXCLUDED."partyLectureHeld",
  "themeDayHeld" = EXCLUDED."themeDayHeld", "otherMeetingsHeld" = EXCLUDED."otherMeetingsHeld",
  "attendanceExpected" = EXCLUDED."attendanceExpected", "attendancePresent" = EXCLUDED."attendancePresent",
  "attendanceLeave" = EXCLUDED."attendanceLeave", "duesDueFen" = EXCLUDED."duesDueFen", "duesPaidFen" = EXCLUDED."duesPaidFen",
  "membersDue" = EXCLUDED."membersDue", "membersPaid" = EXCLUDED."membersPaid", "studySeconds" = EXCLUDED."studySeconds",
  "updatedAt" = now()
`;

/** Recomputes the fact rows of the given (organisation, month) keys; unknown organisations are skipped. */
export async function recomputeFacts(tx: DbTx, keys: readonly FactKey[]): Promise<number> {
  const valid = keys.filter((k) => isMonthKey(k.month));
  if (valid.length === 0) return 0;
  return tx.$executeRawUnsafe(
    RECOMPUTE_SQL,
    valid.map((k) => k.orgId),
    valid.map((k) => monthStart(k.month).toISOString().slice(0, 10)),
  );
}
