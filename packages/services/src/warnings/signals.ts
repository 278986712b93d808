// Reads the signals the warning rules need, set-based: one grouped statement per family
// (organisations, members, partnerships), never one query per subject. `orgIds` restricts the
// read to a few branches (the incremental path); null reads the whole region (the nightly pass).
import {
  addMonths,
  decayedStrength,
  MEMBER_RULES,
  monthKey,
  type AreaOpenNeeds,
  type AreaRuleId,
  type AreaSignals,
  type MemberSignals,
  type MonthKey,
  type OrgSignals,
} from "@dangjian/core";
import { eachTextRow, type DbTx } from "@dangjian/db";

/** Organisations the rules judge: branches (党支部, 联合党支部); a general branch's work is judged in its sub-branches. */
export const JUDGED_KINDS = `('BRANCH', 'JOINT_BRANCH')`;
/** Months of facts the organisation rules look at (13: four whole quarters and the open month). */
export const WINDOW_MONTHS = 13;

export interface OrgRow {
  id: string;
  ancestorIds: string[];
  signals: OrgSignals;
}

let lastWindow: { current: MonthKey; months: readonly MonthKey[] } | null = null;
/** The window's months, oldest first (one shared, frozen array per month: the full pass asks 250k times). */
export function windowMonths(now: Date): readonly MonthKey[] {
  const current = monthKey(now);
  if (lastWindow?.current !== current)
    lastWindow = {
      current,
      months: Object.freeze(Array.from({ length: WINDOW_MONTHS }, (_, i) => addMonths(current, i - WINDOW_MONTHS + 1))),
    };
  return lastWindow.months;
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

export async function loadOrgs(
  db: DbTx,
  orgIds: readonly string[] | null,
  now: Date,
): Promise<Array<Omit<OrgRow, "signals"> & { raw: RawOrg }>> {
  const months = windowMonths(now);
  const first = monthIndex(months[0]!);
  // the ancestors are a few thousand committees shared by 250k organisations: one string each
  const ancestors = new Map<string, string>();
  const out: Array<Omit<OrgRow, "signals"> & { raw: RawOrg }> = [];
  // The window's fact rows per organisation, without a row per empty month: the arrays are laid
  // out on the window's months here (a cross join with the months would sort
  // every organisation × month in the database: a third of the statement at province scale).
  // Streamed as texts and decoded row by row (ADR 1072): "{id,id}" for the ancestors, epoch
  // milliseconds for the instants. The facts are grouped without joining the organisations, so
  // PostgreSQL groups them in its parallel workers (rows of other organisations are dropped by the
  // join below); the latest payment is one step back along the index on (organisation, paid at),
  // not a grouping of every payment (province: 16.6 → 11.5 s for this statement alone).
  await eachTextRow(
    db,
    `WITH orgs AS (SELECT id, "ancestorIds" FROM "Org" WHERE active AND kind IN ${JUDGED_KINDS} AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))),
     facts AS (
       SELECT f."orgId" AS id,
         string_agg(concat_ws(',', (date_part('year', f.month) * 12 + date_part('month', f.month) - 1)::int, f."branchAssemblyHeld", f."committeeMeetingHeld",
           f."partyLectureHeld", f."themeDayHeld", f."attendanceExpected", f."attendancePresent", f."attendanceLeave"), ';') AS facts
       FROM "OrgMonthFact" f
       WHERE f.month BETWEEN $1::date AND $2::date AND ($3::uuid[] IS NULL OR f."orgId" = ANY($3::uuid[]))
       GROUP BY f."orgId"),
     officers AS (SELECT cr."orgId" AS id, count(*)::int AS n FROM "CommitteeRole" cr JOIN orgs o ON o.id = cr."orgId"
                  WHERE cr."endsOn" IS NULL AND cr.post <> 'GROUP_LEADER' GROUP BY cr."orgId"),
     meetings AS (SELECT mt."orgId" AS id, max(mt."heldStart") AS t FROM "Meeting" mt JOIN orgs o ON o.id = mt."orgId"
                  WHERE mt.status = 'HELD' GROUP BY mt."orgId")
     SELECT o.id::text AS c0, o."ancestorIds"::text AS c1, f.facts AS c2, coalesce(oc.n, 0)::text AS c3,
       ((extract(epoch FROM mt.t) * 1000)::float8)::text AS c4, ((extract(epoch FROM py.t) * 1000)::float8)::text AS c5
     FROM orgs o LEFT JOIN facts f ON f.id = o.id
     LEFT JOIN officers oc ON oc.id = o.id LEFT JOIN meetings mt ON mt.id = o.id CROSS JOIN LATERAL (SELECT max(p."paidAt") AS t FROM "DuesPayment" p WHERE p."orgId" = o.id) py`,
    // the window's first and last months as dates: no Date to be turned into a local time
    [`${months[0]!}-01`, `${months[months.length - 1]!}-01`, orgIds ? [...orgIds] : null],
    (c) => {
      const window: number[][] = [];
      for (let f = 0; f < FACT_FIELDS; f++) window.push(new Array<number>(months.length).fill(0));
      if (c[2]) layFacts(c[2], first, window);
      const ancestorIds = idsOf(c[1]!, ancestors);
      const raw: RawOrg = {
        id: c[0]!,
        ancestor_ids: ancestorIds,
        officers: Number(c[3]),
        last_meeting: c[4] == null ? null : new Date(Number(c[4])),
        last_payment: c[5] == null ? null : new Date(Number(c[5])),
        assembly: window[0]!,
        committee: window[1]!,
        lecture: window[2]!,
        theme: window[3]!,
        expected: window[4]!,
        present: window[5]!,
        on_leave: window[6]!,
      };
      out.push({ id: raw.id, ancestorIds, raw });
    },
  );
  return out;
}

/** The uuids of an array's text ("{a,b}"), each the one string `known` holds for it. */
function idsOf(text: string, known: Map<string, string>): string[] {
  if (text.length <= 2) return [];
  return text
    .slice(1, -1)
    .split(",")
    .map((id) => {
      const shared = known.get(id);
      if (shared !== undefined) return shared;
      known.set(id, id);
      return id;
    });
}

/** the fields of a fact after its month: assembly, committee, lecture, theme, expected, present, leave */
const FACT_FIELDS = 7;

/**
 * Lays an organisation's fact text out on the window's months, into `window` (one array per field
 * after the month, each as long as the window):
 * "month,assembly,committee,lecture,theme,expected,present,leave;…" (a text aggregate: the client
 * does not read two-dimensional arrays), integers only. Read character by character (250k
 * organisations × 13 months at province scale: no substring or array per fact, ADR 1067); a fact
 * with anything but digits and a leading minus is read with `Number` instead.
 */
export function layFacts(facts: string, first: number, window: number[][]): void {
  const n = window[0]!.length;
  const values = [0, 0, 0, 0, 0, 0, 0, 0];
  let field = 0;
  let value = 0;
  let negative = false;
  let digits = 0;
  let start = 0;
  let plain = true;
  for (let c = 0; c <= facts.length; c++) {
    const code = c < facts.length ? facts.charCodeAt(c) : 59; // the end closes the last fact
    if (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48);
      digits++;
    } else if (code === 45 && digits === 0 && !negative) negative = true;
    else if (code === 44 || code === 59) {
      // "," ends a field, ";" a fact
      if (digits === 0 || digits > 15) plain = false;
      if (field < 8) values[field] = negative ? -value : value;
      field++;
      value = 0;
      digits = 0;
      negative = false;
      if (code === 59) {
        if (!plain || field !== 8) {
          // not a plain fact: as Number reads it (NaN for what is not a number, undefined for a missing field)
          const parsed = facts.slice(start, c).split(",").map(Number);
          for (let f = 0; f < 8; f++) values[f] = parsed[f]!;
        }
        const i = values[0]! - first;
        if (i >= 0 && i < n) for (let f = 0; f < FACT_FIELDS; f++) window[f]![i] = values[f + 1]!;
        field = 0;
        start = c + 1;
        plain = true;
      }
    } else plain = false;
  }
}

/** Months since year 0 (the same index the statement computes from a month's first day). */
const monthIndex = (key: MonthKey) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;

export interface BranchMembers {
  branchId: string;
  memberCount: number;
  studySeconds: number;
  studyTarget: number;
  behindPace: number;
  lastActivityAt: Date | null;
  members: MemberSignals[];
  /** the earliest "away since" among the members not listed (ADR 1064) */
  unlistedFrom: Date | null;
  /** the smallest study seconds ÷ target among the members not behind pace (ADR 1064) */
  aheadRatio: number | null;
}

// Per member: consecutive closed months unpaid (after the last paid month, or since joining),
// the latest activity of any kind, study this year and the target (56 h for officers, else 32 h).
// Grouped per branch in the database, so that only the branches' figures and the few members
// with something to judge travel to the application. The full pass groups whole tables (hash
// joins); the incremental pass looks a few branches' members up through their indexes.
const PER_MEMBER = `
  m AS (
    SELECT mem.id, mem."branchId" AS branch_id, mem."joinedOn" AS joined,
      ((date_part('year', $1::date) - date_part('year', pt.d)) * 12 + date_part('month', $1::date) - date_part('month', pt.d))::int AS unpaid,
      greatest(paid.last_at, paid.last_present, paid.last_contact, st.last) AS last,
      coalesce(st.secs, 0) AS secs,
      CASE WHEN coalesce(off.n, 0) > 0 THEN 56 ELSE 32 END * 3600 AS target,
      __OPEN_COLUMN__ AS open, __AHEAD__ AS ahead
    FROM "Member" mem JOIN "Org" o ON o.id = mem."branchId" AND o.kind IN ${JUDGED_KINDS}
    __JOINS__
    CROSS JOIN LATERAL (SELECT coalesce(paid.last_month, (date_trunc('month', mem."joinedOn") - interval '1 month')::date) AS d) pt
    WHERE mem.active AND mem."leftOn" IS NULL __SCOPE__)
  SELECT branch_id, count(*)::int AS member_count, sum(secs)::bigint AS study_seconds, sum(target)::bigint AS study_target,
    count(*) FILTER (WHERE secs < target * $3::float8 * 0.75)::int AS behind, max(last) AS last_activity,
    -- the instants as epoch milliseconds (floor: a timestamp's microseconds are cut as Date.parse cuts them);
    -- as "id,unpaid,last,joined;…" text: string_agg, unlike jsonb_agg, combines partial results, so
    -- the full pass groups in PostgreSQL's parallel workers (ADR 1071)
    string_agg(id::text || ',' || greatest(unpaid, 0) || ',' || coalesce(floor(extract(epoch FROM last) * 1000)::bigint::text, '')
        || ',' || floor(extract(epoch FROM joined) * 1000)::bigint, ';')
      FILTER (WHERE unpaid >= 1 OR greatest(last, joined::timestamp) < $2::timestamp - interval '30 days'
              OR __OPEN__) AS members,
    -- for the instant the branch can change by time alone (ADR 1064): the members not listed, and
    -- the ones not behind pace
    min(greatest(last, joined::timestamp))
      FILTER (WHERE NOT (unpaid >= 1 OR greatest(last, joined::timestamp) < $2::timestamp - interval '30 days'
              OR __OPEN__)) AS unlisted_from,
    min(secs::float8 / target) FILTER (WHERE secs >= target * $3::float8 * 0.75) AS ahead_ratio,
    -- members whose kept study figures are of a later year than the clock's (see FULL_MEMBERS_SQL)
    count(*) FILTER (WHERE ahead)::int AS ahead
  FROM m GROUP BY branch_id`;

// Everything per member comes from "MemberActivity", one row per member kept by triggers (ADR
// 1071): the full pass scans that one table, with the branches' kinds and the members' open
// warnings as small hash tables, instead of joining six million members to their dues,
// attendance, study credits and committee posts. The kept study figures are the latest year
// credited: a branch with a member whose latest credit is in a later year than the pass's clock
// (a few hours at New Year between time zones, or a training dated ahead by mistake) is counted
// as "ahead" and read again from the source tables (loadMembers). Anything correlated in this
// statement would keep PostgreSQL from grouping in its parallel workers. The open warnings are
// joined once per member rule: the unique (rule, subject) key makes each join match at most one
// row, so PostgreSQL's workers share one hash table per rule; a DISTINCT over all of them was a
// hash table each worker built on its own (2.3–3.2 s each, three times, at province scale).
const FULL_MEMBERS_SQL = `
  WITH ${PER_MEMBER.replaceAll("__OPEN__", "m.open")
    .replace(
      `FROM "Member" mem JOIN "Org" o ON o.id = mem."branchId"`,
      `FROM "MemberActivity" mem JOIN "Org" o ON o.id = mem."branchId"`,
    )
    .replace("SELECT mem.id, ", `SELECT mem."memberId" AS id, `)
    .replace(
      "__JOINS__",
      `CROSS JOIN LATERAL (SELECT mem."lastPaidMonth" AS last_month, mem."lastPaidAt" AS last_at, mem."lastPresentAt" AS last_present,
                           mem."lastContactAt" AS last_contact) paid
     CROSS JOIN LATERAL (SELECT CASE WHEN mem."studyYear" = $4 THEN mem."studySeconds" ELSE 0 END AS secs, mem."lastCreditedOn" AS last) st
     CROSS JOIN LATERAL (SELECT CASE WHEN mem.officer THEN 1 ELSE 0 END AS n) off
     ${MEMBER_RULES.map(
       (rule, i) =>
         `LEFT JOIN "Warning" w${i} ON w${i}."subjectId" = mem."memberId" AND w${i}."ruleId" = '${rule}'
            AND w${i}."subjectType" = 'MEMBER' AND w${i}.state <> 'RESOLVED'`,
     ).join("\n     ")}`,
    )
    .replace('WHERE mem.active AND mem."leftOn" IS NULL __SCOPE__', "WHERE mem.current")
    .replace("__OPEN_COLUMN__", `(${MEMBER_RULES.map((_, i) => `w${i}.id IS NOT NULL`).join(" OR ")})`)
    .replace("__AHEAD__", `coalesce(mem."studyYear" > $4, false)`)}`;

const SCOPED_MEMBERS_SQL = `
  WITH ${PER_MEMBER.replaceAll("__OPEN__", "m.open")
    .replace(
      "__JOINS__",
      `LEFT JOIN (SELECT "memberId" AS id, "lastPaidMonth" AS last_month, "lastPaidAt" AS last_at, "lastPresentAt" AS last_present, "lastContactAt" AS last_contact FROM "MemberActivity") paid ON paid.id = mem.id
     CROSS JOIN LATERAL (SELECT coalesce(sum(sc.seconds) FILTER (WHERE sc.year = $4), 0)::int AS secs, max(sc."creditedOn") AS last FROM "StudyCredit" sc WHERE sc."memberId" = mem.id) st
     CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM "CommitteeRole" cr WHERE cr."memberId" = mem.id AND cr."endsOn" IS NULL AND cr.post <> 'GROUP_LEADER') off`,
    )
    .replace("__SCOPE__", `AND mem."branchId" = ANY($5::uuid[])`)
    .replace("__AHEAD__", "false")
    .replace(
      "__OPEN_COLUMN__",
      `EXISTS (SELECT 1 FROM "Warning" w WHERE w."subjectId" = mem.id AND w."subjectType" = 'MEMBER' AND w.state <> 'RESOLVED')`,
    )}`;

/** Each branch's member figures, and the members with something to judge. */
export async function loadMembers(
  db: DbTx,
  branchIds: readonly string[] | null,
  now: Date,
): Promise<Map<string, BranchMembers>> {
  // the last closed month as a date and the clock as its UTC instant: no Date turned into a local time
  const lastClosed = `${addMonths(monthKey(now), -1)}-01`;
  const yearStart = Date.UTC(now.getUTCFullYear(), 0, 1);
  const elapsed = (now.getTime() - yearStart) / (Date.UTC(now.getUTCFullYear() + 1, 0, 1) - yearStart);
  const params: unknown[] = [lastClosed, now.toISOString(), elapsed, now.getUTCFullYear()];
  const out = new Map<string, BranchMembers>();
  const ahead: string[] = [];
  const read = (sql: string, values: unknown[]) =>
    eachTextRow(db, `SELECT ${BRANCH_COLUMNS} FROM (${sql}) g`, values, (c) => {
      const branchId = c[0]!;
      if (Number(c[9]) > 0) {
        ahead.push(branchId);
        return;
      }
      out.set(branchId, {
        branchId,
        memberCount: Number(c[1]),
        studySeconds: Number(c[2]),
        studyTarget: Number(c[3]),
        behindPace: Number(c[4]),
        lastActivityAt: c[5] == null ? null : new Date(Number(c[5])),
        members: c[6] == null ? [] : c[6].split(";").map((text) => memberOf(text, branchId)),
        unlistedFrom: c[7] == null ? null : new Date(Number(c[7])),
        aheadRatio: c[8] == null ? null : Number(c[8]),
      });
    });
  await (branchIds ? read(SCOPED_MEMBERS_SQL, [...params, [...branchIds]]) : read(FULL_MEMBERS_SQL, params));
  // their study figures from the credits themselves, as the incremental pass reads them
  if (ahead.length > 0) await read(SCOPED_MEMBERS_SQL, [...params, ahead]);
  return out;
}

/**
 * A branch's figures as texts, in the order loadMembers decodes them (streamed, ADR 1072); the
 * instants as epoch milliseconds.
 */
const BRANCH_COLUMNS = [
  "branch_id::text",
  "member_count::text",
  "study_seconds::text",
  "study_target::text",
  "behind::text",
  "((extract(epoch FROM last_activity) * 1000)::float8)::text",
  "members",
  "((extract(epoch FROM unlisted_from) * 1000)::float8)::text",
  "ahead_ratio::text",
  "ahead::text",
]
  .map((column, i) => `${column} AS c${i}`)
  .join(", ");

/** One listed member from "id,unpaid,last,joined" (see PER_MEMBER). */
function memberOf(text: string, branchId: string): MemberSignals {
  const [id, unpaid, last, joined] = text.split(",");
  return {
    memberId: id!,
    branchId,
    unpaidMonths: Number(unpaid),
    lastActivityAt: last ? new Date(Number(last)) : null,
    joinedOn: new Date(Number(joined)),
  };
}

/** Combines an organisation's facts with its members' figures into the rules' signals. */
export function orgSignals(raw: RawOrg, members: BranchMembers | undefined, now: Date): OrgSignals {
  const latest = [raw.last_meeting, raw.last_payment, members?.lastActivityAt ?? null].reduce<Date | null>(
    (a, b) => (b && (!a || b > a) ? b : a),
    null,
  );
  return {
    orgId: raw.id,
    months: windowMonths(now),
    held: {
      BRANCH_ASSEMBLY: raw.assembly,
      COMMITTEE_MEETING: raw.committee,
      PARTY_LECTURE: raw.lecture,
      THEME_DAY: raw.theme,
    },
    expected: raw.expected,
    present: raw.present,
    leave: raw.on_leave,
    hasCommittee: raw.officers >= 3,
    memberCount: members?.memberCount ?? 0,
    studySecondsYear: members?.studySeconds ?? 0,
    studyTargetSecondsYear: members?.studyTarget ?? 0,
    membersBehindPace: members?.behindPace ?? 0,
    lastActivityAt: latest,
  };
}

export interface LinkRow {
  id: string;
  orgAId: string;
  orgBId: string;
  /** the organisations' indexes in the node list read with the links */
  a: number;
  b: number;
  /** decayed to the instant it was read */
  strength: number;
  /** as stored, with the instant it was set: the strength at any later instant (ADR 1064) */
  stored: number;
  storedAt: Date | null;
}

/**
 * Active partnerships between judged organisations, with their decayed strength now. One
 * statement (one snapshot) returns the nodes with their index (by id) and the ties with their
 * ends' indexes: no uuid of an end travels or is looked up per tie (ADR 1067).
 */
export async function loadLinks(db: DbTx, now: Date): Promise<{ orgIds: string[]; links: LinkRow[] }> {
  const rows = await db.$queryRawUnsafe<
    Array<{ k: number; id: string; a: number; b: number | null; s: number | null; at: Date | null }>
  >(
    `WITH nodes AS MATERIALIZED (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS i FROM "Org" WHERE active AND level = 'BRANCH')
     SELECT 0 AS k, id, i AS a, NULL::int AS b, NULL::float8 AS s, NULL::timestamp AS at FROM nodes
     UNION ALL
     SELECT 1, l.id, na.i, nb.i, l.strength, l."strengthAt" FROM "OrgLink" l
       JOIN nodes na ON na.id = l."orgAId" JOIN nodes nb ON nb.id = l."orgBId"
     WHERE l.status = 'ACTIVE' AND l."orgAId" <> l."orgBId"
     ORDER BY k, id`,
  );
  const orgIds: string[] = [];
  const links: LinkRow[] = [];
  for (const r of rows) {
    if (r.k === 0) {
      orgIds[r.a] = r.id;
      continue;
    }
    const stored = r.s!;
    links.push({
      id: r.id,
      orgAId: orgIds[r.a]!,
      orgBId: orgIds[r.b!]!,
      a: r.a,
      b: r.b!,
      strength: decayedStrength(stored, r.at, now),
      stored,
      storedAt: r.at,
    });
  }
  return { orgIds, links };
}

/**
 * Townships (the areas whose branch warnings can be grouped) with their judged branches and, per
 * rule, the branches firing at critical severity now. `orgIds` (the incremental path) restricts
 * the read to the townships above those organisations; null reads every township.
 */
export async function loadAreas(
  db: DbTx,
  orgIds: readonly string[] | null,
  rules: readonly AreaRuleId[],
): Promise<AreaSignals[]> {
  // The full pass joins whole tables (hash joins through the ancestor arrays); the incremental
  // pass walks by key: the touched organisations' ancestors, the townships' branches through the
  // GIN index on "ancestorIds", each branch's warnings through the subject index (LATERAL).
  const sql = orgIds
    ? `WITH area AS (
         SELECT DISTINCT t.id FROM "Org" s CROSS JOIN LATERAL unnest(s."ancestorIds") AS anc(id) JOIN "Org" t ON t.id = anc.id
         WHERE s.id = ANY($1::uuid[]) AND t.active AND t.level = 'TOWNSHIP' AND t.kind = 'COMMITTEE'),
       b AS (SELECT o.id, a.id AS area FROM area a JOIN "Org" o ON o."ancestorIds" @> ARRAY[a.id] WHERE o.active AND o.kind IN ${JUDGED_KINDS}),
       crit AS (
         SELECT b.area, w.rule, array_agg(b.id::text ORDER BY b.id) AS ids
         FROM b CROSS JOIN LATERAL (
           SELECT w."ruleId" AS rule FROM "Warning" w
           WHERE w."subjectId" = b.id AND w."subjectType" = 'ORG' AND w.state = 'FIRING' AND w.severity = 'CRITICAL' AND w."ruleId" = ANY($2::text[])) w
         GROUP BY b.area, w.rule)`
    : `WITH area AS (SELECT id FROM "Org" WHERE active AND level = 'TOWNSHIP' AND kind = 'COMMITTEE' AND $1::uuid[] IS NULL),
       b AS (
         SELECT o.id, anc.id AS area FROM "Org" o CROSS JOIN LATERAL unnest(o."ancestorIds") AS anc(id) JOIN area a ON a.id = anc.id
         WHERE o.active AND o.kind IN ${JUDGED_KINDS}),
       crit AS (
         SELECT b.area, w."ruleId" AS rule, array_agg(b.id::text ORDER BY b.id) AS ids
         FROM b JOIN "Warning" w ON w."subjectType" = 'ORG' AND w."subjectId" = b.id
         WHERE w.state = 'FIRING' AND w.severity = 'CRITICAL' AND w."ruleId" = ANY($2::text[])
         GROUP BY b.area, w."ruleId")`;
  const rows = await db.$queryRawUnsafe<
    Array<{ area: string; branches: number; rule: AreaRuleId | null; ids: string[] | null }>
  >(
    `${sql},
     totals AS (SELECT area, count(*)::int AS n FROM b GROUP BY area)
     SELECT t.area, t.n AS branches, c.rule, c.ids FROM totals t LEFT JOIN crit c ON c.area = t.area ORDER BY t.area`,
    orgIds ? [...orgIds] : null,
    [...rules],
  );
  const out = new Map<string, { areaId: string; branches: number; critical: Partial<Record<AreaRuleId, string[]>> }>();
  for (const r of rows) {
    let area = out.get(r.area);
    if (!area) out.set(r.area, (area = { areaId: r.area, branches: r.branches, critical: {} }));
    if (r.rule && r.ids) area.critical[r.rule] = r.ids;
  }
  return [...out.values()];
}

/**
 * Open, unclaimed needs (区域化党建) grouped by the township above their holder (rule R1), with
 * the township's ancestors for tuned thresholds. `areaIds` restricts the read to those townships
 * (the incremental path: the townships loadAreas found above the touched organisations).
 */
export async function loadOpenNeeds(
  db: DbTx,
  areaIds: readonly string[] | null,
): Promise<Array<AreaOpenNeeds & { ancestorIds: string[] }>> {
  const rows = await db.$queryRawUnsafe<
    Array<{ area: string; ancestor_ids: string[]; needs: Array<{ id: string; at: string }> }>
  >(
    `SELECT t.id AS area, t."ancestorIds"::text[] AS ancestor_ids,
       jsonb_agg(jsonb_build_object('id', n.id, 'at', n."createdAt") ORDER BY n."createdAt") AS needs
     FROM "Need" n JOIN "Org" o ON o.id = n."orgId"
     JOIN "Org" t ON t.id = ANY(o."ancestorIds") AND t.level = 'TOWNSHIP' AND t.kind = 'COMMITTEE' AND t.active
     WHERE n.status = 'OPEN' AND ($1::uuid[] IS NULL OR t.id = ANY($1::uuid[]))
     GROUP BY t.id, t."ancestorIds"`,
    areaIds ? [...areaIds] : null,
  );
  return rows.map((r) => ({
    areaId: r.area,
    ancestorIds: r.ancestor_ids,
    needs: r.needs.map((n) => ({ id: n.id, postedAt: new Date(/[zZ]|[+-]\d\d:\d\d$/.test(n.at) ? n.at : `${n.at}Z`) })),
  }));
}
