// Reads the signals the warning rules need, set-based: one grouped statement per family
// (organisations, members, partnerships), never one query per subject. `orgIds` restricts the
// read to a few branches (the incremental path); null reads the whole region (the nightly pass).
import { addMonths, decayedStrength, monthKey, monthStart, type MemberSignals, type MonthKey, type OrgSignals } from "@dangjian/core";
import type { DbTx } from "@dangjian/db";

/** Organisations the rules judge: branches (党支部, 联合党支部); a general branch's work is judged in its sub-branches. */
export const JUDGED_KINDS = `('BRANCH', 'JOINT_BRANCH')`;
/** Months of facts the organisation rules look at (13: four whole quarters and the open month). */
export const WINDOW_MONTHS = 13;
const HOURS = 3600;

export interface OrgRow {
  id: string;
  ancestorIds: string[];
  signals: OrgSignals;
}

export function windowMonths(now: Date): MonthKey[] {
  const current = monthKey(now);
  return Array.from({ length: WINDOW_MONTHS }, (_, i) => addMonths(current, i - WINDOW_MONTHS + 1));
}

interface RawOrg {
  id: string;
  ancestor_ids: string[];
  assembly: number[];
  committee: number[];
  lecture: number[];
  theme: number[];
  expected: number[];
  present: number[];
  on_leave: number[];
  officers: number;
  last_meeting: Date | null;
  last_payment: Date | null;
}

export async function loadOrgs(db: DbTx, orgIds: readonly string[] | null, now: Date): Promise<Array<Omit<OrgRow, "signals"> & { raw: RawOrg }>> {
  const months = windowMonths(now);
  const rows = await db.$queryRawUnsafe<RawOrg[]>(
    `WITH m AS (SELECT generate_series($1::date, $2::date, interval '1 month')::date AS month),
     orgs AS (SELECT id, "ancestorIds" FROM "Org" WHERE active AND kind IN ${JUDGED_KINDS} AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))),
     facts AS (
       SELECT o.id,
         array_agg(coalesce(f."branchAssemblyHeld", 0) ORDER BY m.month) AS assembly,
         array_agg(coalesce(f."committeeMeetingHeld", 0) ORDER BY m.month) AS committee,
         array_agg(coalesce(f."partyLectureHeld", 0) ORDER BY m.month) AS lecture,
         array_agg(coalesce(f."themeDayHeld", 0) ORDER BY m.month) AS theme,
         array_agg(coalesce(f."attendanceExpected", 0) ORDER BY m.month) AS expected,
         array_agg(coalesce(f."attendancePresent", 0) ORDER BY m.month) AS present,
         array_agg(coalesce(f."attendanceLeave", 0) ORDER BY m.month) AS on_leave
       FROM orgs o CROSS JOIN m LEFT JOIN "OrgMonthFact" f ON f."orgId" = o.id AND f.month = m.month
       GROUP BY o.id),
     officers AS (SELECT cr."orgId" AS id, count(*)::int AS n FROM "CommitteeRole" cr JOIN orgs o ON o.id = cr."orgId"
                  WHERE cr."endsOn" IS NULL AND cr.post <> 'GROUP_LEADER' GROUP BY cr."orgId"),
     meetings AS (SELECT mt."orgId" AS id, max(mt."heldStart") AS t FROM "Meeting" mt JOIN orgs o ON o.id = mt."orgId"
                  WHERE mt.status = 'HELD' GROUP BY mt."orgId"),
     payments AS (SELECT p."orgId" AS id, max(p."paidAt") AS t FROM "DuesPayment" p JOIN orgs o ON o.id = p."orgId" GROUP BY p."orgId")
     SELECT o.id, o."ancestorIds"::text[] AS ancestor_ids, f.assembly, f.committee, f.lecture, f.theme, f.expected, f.present, f.on_leave,
       coalesce(oc.n, 0) AS officers, mt.t AS last_meeting, py.t AS last_payment
     FROM orgs o JOIN facts f ON f.id = o.id
     LEFT JOIN officers oc ON oc.id = o.id LEFT JOIN meetings mt ON mt.id = o.id LEFT JOIN payments py ON py.id = o.id`,
    monthStart(months[0]!),
    monthStart(months[months.length - 1]!),
    orgIds ? [...orgIds] : null,
  );
  return rows.map((raw) => ({ id: raw.id, ancestorIds: raw.ancestor_ids, raw }));
}

interface RawMember {
  id: string;
  branch_id: string;
  joined_on: Date;
  last_paid_month: Date | null;
  last_paid_at: Date | null;
  last_present: Date | null;
  last_credit: Date | null;
  study_seconds: number;
  officer: boolean;
}

// The full pass groups each family once over whole tables (hash joins); the incremental pass
// looks up a few branches' members through their indexes. Same columns, same meaning.
const MEMBER_COLUMNS = `mem.id, mem."branchId" AS branch_id, mem."joinedOn" AS joined_on, paid.last_month AS last_paid_month, paid.last_at AS last_paid_at,
  att.last AS last_present, st.last AS last_credit, coalesce(st.secs, 0) AS study_seconds, off.n > 0 AS officer`;

const FULL_MEMBERS_SQL = `
  WITH paid AS (SELECT dm."memberId" AS id, max(dm.month) AS last_month, max(p."paidAt") AS last_at
                FROM "DuesMonth" dm JOIN "DuesPayment" p ON p.id = dm."paymentId" GROUP BY dm."memberId"),
   att AS (SELECT a."memberId" AS id, max(coalesce(a."checkedInAt", mt."heldStart")) AS last
           FROM "Attendance" a JOIN "Meeting" mt ON mt.id = a."meetingId" WHERE a.status = 'PRESENT' AND mt.status = 'HELD' GROUP BY a."memberId"),
   st AS (SELECT sc."memberId" AS id, coalesce(sum(sc.seconds) FILTER (WHERE sc.year = $1), 0)::int AS secs, max(sc."creditedOn") AS last
          FROM "StudyCredit" sc GROUP BY sc."memberId"),
   off AS (SELECT cr."memberId" AS id, count(*)::int AS n FROM "CommitteeRole" cr WHERE cr."endsOn" IS NULL AND cr.post <> 'GROUP_LEADER' GROUP BY cr."memberId")
  SELECT ${MEMBER_COLUMNS}
  FROM "Member" mem JOIN "Org" o ON o.id = mem."branchId" AND o.kind IN ${JUDGED_KINDS}
  LEFT JOIN paid ON paid.id = mem.id LEFT JOIN att ON att.id = mem.id LEFT JOIN st ON st.id = mem.id LEFT JOIN off ON off.id = mem.id
  WHERE mem.active AND mem."leftOn" IS NULL`;

const SCOPED_MEMBERS_SQL = `
  SELECT ${MEMBER_COLUMNS}
  FROM "Member" mem JOIN "Org" o ON o.id = mem."branchId" AND o.kind IN ${JUDGED_KINDS}
  CROSS JOIN LATERAL (SELECT max(dm.month) AS last_month, max(p."paidAt") AS last_at FROM "DuesMonth" dm
                      CROSS JOIN LATERAL (SELECT "paidAt" FROM "DuesPayment" WHERE id = dm."paymentId") p WHERE dm."memberId" = mem.id) paid
  CROSS JOIN LATERAL (SELECT max(coalesce(a."checkedInAt", mt."heldStart")) AS last FROM "Attendance" a
                      CROSS JOIN LATERAL (SELECT "heldStart" FROM "Meeting" WHERE id = a."meetingId" AND status = 'HELD') mt
                      WHERE a."memberId" = mem.id AND a.status = 'PRESENT') att
  CROSS JOIN LATERAL (SELECT coalesce(sum(sc.seconds) FILTER (WHERE sc.year = $2), 0)::int AS secs, max(sc."creditedOn") AS last FROM "StudyCredit" sc WHERE sc."memberId" = mem.id) st
  CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM "CommitteeRole" cr WHERE cr."memberId" = mem.id AND cr."endsOn" IS NULL AND cr.post <> 'GROUP_LEADER') off
  WHERE mem."branchId" = ANY($1::uuid[]) AND mem.active AND mem."leftOn" IS NULL`;

export interface MemberRow extends MemberSignals {
  studySecondsYear: number;
  targetSecondsYear: number;
}

/** Members of the given branches (or all) with their latest dues, attendance and study. */
export async function loadMembers(db: DbTx, branchIds: readonly string[] | null, now: Date): Promise<MemberRow[]> {
  const rows = branchIds ? await db.$queryRawUnsafe<RawMember[]>(SCOPED_MEMBERS_SQL, [...branchIds], now.getUTCFullYear()) : await db.$queryRawUnsafe<RawMember[]>(FULL_MEMBERS_SQL, now.getUTCFullYear());
  const lastClosed = addMonths(monthKey(now), -1);
  return rows.map((r) => {
    // consecutive closed months unpaid: after the last paid month (or from the month of joining)
    const paidThrough = r.last_paid_month ? monthKey(r.last_paid_month) : addMonths(monthKey(r.joined_on), -1);
    const unpaid = Math.max(0, monthsBetweenKeys(paidThrough, lastClosed));
    const last = [r.last_paid_at, r.last_present, r.last_credit].filter((d): d is Date => d !== null).reduce<Date | null>((a, b) => (!a || b > a ? b : a), null);
    return {
      memberId: r.id,
      branchId: r.branch_id,
      joinedOn: r.joined_on,
      unpaidMonths: unpaid,
      lastActivityAt: last,
      studySecondsYear: Number(r.study_seconds),
      targetSecondsYear: (r.officer ? 56 : 32) * HOURS,
    };
  });
}

function monthsBetweenKeys(a: MonthKey, b: MonthKey): number {
  const x = monthStart(a);
  const y = monthStart(b);
  return (y.getUTCFullYear() - x.getUTCFullYear()) * 12 + (y.getUTCMonth() - x.getUTCMonth());
}

/** Combines an organisation's facts with its members' figures into the rules' signals. */
export function orgSignals(raw: RawOrg, members: readonly MemberRow[], now: Date): OrgSignals {
  const yearStart = Date.UTC(now.getUTCFullYear(), 0, 1);
  const elapsed = (now.getTime() - yearStart) / (Date.UTC(now.getUTCFullYear() + 1, 0, 1) - yearStart);
  let study = 0;
  let target = 0;
  let behind = 0;
  for (const m of members) {
    study += m.studySecondsYear;
    target += m.targetSecondsYear;
    if (m.studySecondsYear < m.targetSecondsYear * elapsed * 0.75) behind++;
  }
  const latest = [raw.last_meeting, raw.last_payment, ...members.map((m) => m.lastActivityAt)].reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null);
  return {
    orgId: raw.id,
    months: windowMonths(now),
    held: { BRANCH_ASSEMBLY: raw.assembly, COMMITTEE_MEETING: raw.committee, PARTY_LECTURE: raw.lecture, THEME_DAY: raw.theme },
    expected: raw.expected,
    present: raw.present,
    leave: raw.on_leave,
    hasCommittee: raw.officers >= 3,
    memberCount: members.length,
    studySecondsYear: study,
    studyTargetSecondsYear: target,
    membersBehindPace: behind,
    lastActivityAt: latest,
  };
}

export interface LinkRow {
  id: string;
  orgAId: string;
  orgBId: string;
  strength: number;
}

/** Active partnerships between judged organisations, with their decayed strength now. */
export async function loadLinks(db: DbTx, now: Date): Promise<{ orgIds: string[]; links: LinkRow[] }> {
  const nodes = await db.$queryRawUnsafe<Array<{ id: string }>>(`SELECT id FROM "Org" WHERE active AND level = 'BRANCH' ORDER BY id`);
  const links = await db.$queryRawUnsafe<Array<{ id: string; a: string; b: string; s: number; at: Date | null }>>(
    `SELECT l.id, l."orgAId" AS a, l."orgBId" AS b, l.strength AS s, l."strengthAt" AS at FROM "OrgLink" l
     JOIN "Org" oa ON oa.id = l."orgAId" AND oa.active AND oa.level = 'BRANCH'
     JOIN "Org" ob ON ob.id = l."orgBId" AND ob.active AND ob.level = 'BRANCH'
     WHERE l.status = 'ACTIVE' AND l."orgAId" <> l."orgBId" ORDER BY l.id`,
  );
  return {
    orgIds: nodes.map((n) => n.id),
    links: links.map((l) => ({ id: l.id, orgAId: l.a, orgBId: l.b, strength: decayedStrength(l.s, l.at, now) })),
  };
}
