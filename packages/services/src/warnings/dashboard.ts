// The committee dashboard: subtree KPIs by month from OrgRollupMonth (a primary-key range read),
// the children for drill-down, an organisation's health card, the partnership network of the
// subtree with weak ties and bridges marked, the what-if, and the daily digest.
import { z } from "zod";
import {
  addMonths,
  AppError,
  can,
  chinaDate,
  monthKey,
  monthStart,
  rolesWith,
  subtreeHealth,
  t,
  whatIfLapse,
  type MessageKey,
  type RuleId,
} from "@dangjian/core";
import type { DbTx, OrgKind, OrgLevel } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { networkOf } from "./evaluate.ts";
import { defaultRoot } from "./warnings.ts";
import { DEFAULT_RULES } from "@dangjian/core";
import { indexInTx } from "../search/documents.ts";
import type { optionalOrgInput } from "../inputs.ts";

export interface KpiMonth {
  month: string;
  members: number;
  /** share of the subtree's branches that held a theme day that month */
  cadence: number | null;
  attendance: number | null;
  dues: number | null;
  /** study hours per member that month */
  studyHours: number | null;
}

export interface Dashboard {
  org: { id: string; name: string; kind: OrgKind; level: OrgLevel; parentId: string | null };
  breadcrumb: Array<{ id: string; name: string }>;
  branches: number;
  months: KpiMonth[];
  outOfTouch: number;
  warningCounts: { CRITICAL: number; WARNING: number; INFO: number };
  children: Array<{
    id: string;
    name: string;
    kind: OrgKind;
    level: OrgLevel;
    kpi: KpiMonth | null;
    health: number | null;
    critical: number;
  }>;
  /** a judged organisation's own O7 score; a committee's derived from the organisations below it (`derivedFrom`) */
  health: {
    score: number | null;
    previous: number | null;
    derivedFrom: number | null;
    reasons: Array<{ ruleId: RuleId; level: string; penalty: number; count: number | null; text: string }>;
  } | null;
}

const JUDGED = new Set<OrgKind>(["BRANCH", "JOINT_BRANCH"]);

/**
 * A committee's health card: the mean of the organisations below and what costs it points (ADR
 * 0803), from the subtree sums the triggers keep (ADR 1060): two primary-key reads.
 */
function derivedHealth(
  stat: { scored: number; scoreSum: number; previousSum: number } | undefined,
  reasons: Array<{ ruleId: RuleId; level: string; count: number; penaltySum: number }>,
): NonNullable<Dashboard["health"]> {
  const h = subtreeHealth({
    scored: stat?.scored ?? 0,
    scoreSum: stat?.scoreSum ?? 0,
    previousSum: stat?.previousSum ?? 0,
    reasons,
  });
  return {
    score: h.score,
    previous: h.previous,
    derivedFrom: h.derivedFrom,
    reasons: h.reasons.map((r) => ({
      ...r,
      text: t("warnings.health.subtreeReason", {
        count: r.count,
        rule: t(DEFAULT_RULES[r.ruleId].titleKey),
        level: t(`warnings.severity.${r.level}` as MessageKey),
        penalty: r.penalty,
      }),
    })),
  };
}

interface RollupRow {
  orgId: string;
  month: Date;
  memberCount: number;
  themeDays: number;
  expected: number;
  present: number;
  leave: number;
  due: bigint | number;
  paid: bigint | number;
  study: bigint | number;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);

function kpi(r: Omit<RollupRow, "orgId">, branches: number): KpiMonth {
  const members = r.memberCount;
  return {
    month: monthKey(r.month),
    members,
    cadence: ratio(r.themeDays, branches),
    attendance: ratio(r.present, r.expected - r.leave),
    dues: ratio(Number(r.paid), Number(r.due)),
    studyHours: members > 0 ? Math.round((Number(r.study) / 3600 / members) * 10) / 10 : null,
  };
}

interface ChildRow extends Omit<RollupRow, "orgId"> {
  id: string;
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  branches: number;
  scored: number;
  scoreSum: number;
  previousSum: number;
  ownScore: number | null;
  critical: number;
  /** null when the child has no rollup row for the last closed month */
  rollupOrgId: string | null;
}

const ROLLUP = `SELECT "orgId", month, "memberCount", "orgsWithThemeDay" AS "themeDays", "attendanceExpected" AS expected,
  "attendancePresent" AS present, "attendanceLeave" AS leave, "duesDueFen" AS due, "duesPaidFen" AS paid, "studySeconds" AS study FROM "OrgRollupMonth"`;

export const dashboardInput = z.object({
  orgId: z.uuid().optional(),
  months: z.number().int().min(3).max(24).optional(),
});

/** KPIs of `orgId`'s subtree for the last `months` closed months and the current one. */
export async function dashboard(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof dashboardInput>,
): Promise<Dashboard> {
  const orgId = input.orgId ?? defaultRoot(actor);
  await authorize(deps, actor, "warning.view", orgId);
  const span = input.months ?? 12;
  const to = monthKey(deps.now());
  const from = addMonths(to, -(span - 1));
  const db = deps.db;
  const org = await db.org.findUniqueOrThrow({
    where: { id: orgId },
    select: { id: true, name: true, kind: true, level: true, parentId: true, ancestorIds: true },
  });
  // everything below is set-based and read-only (replica-safe): the subtree sums come from the
  // tables the triggers keep (ADR 1060), the children with theirs in one statement
  const lastClosed = monthStart(addMonths(to, -1));
  const [rows, children, own, reasons, healthRow, ancestors] = await Promise.all([
    db.$queryRawUnsafe<RollupRow[]>(
      `${ROLLUP} WHERE "orgId" = $1::uuid AND month BETWEEN $2::date AND $3::date ORDER BY month`,
      orgId,
      monthStart(from),
      monthStart(to),
    ),
    db.$queryRawUnsafe<ChildRow[]>(
      `SELECT c.id, c.name, c.kind, c.level, coalesce(s.branches, 0) AS branches, coalesce(s.scored, 0) AS scored,
         coalesce(s."scoreSum", 0)::int AS "scoreSum", coalesce(s."previousSum", 0)::int AS "previousSum", h.score AS "ownScore",
         (SELECT coalesce(sum(w.open), 0)::int FROM "OrgSubtreeWarnings" w WHERE w."orgId" = c.id AND w.severity = 'CRITICAL') AS critical,
         r."orgId" AS "rollupOrgId", r.month, r."memberCount", r."orgsWithThemeDay" AS "themeDays", r."attendanceExpected" AS expected,
         r."attendancePresent" AS present, r."attendanceLeave" AS leave, r."duesDueFen" AS due, r."duesPaidFen" AS paid, r."studySeconds" AS study
       FROM "Org" c LEFT JOIN "OrgSubtreeStat" s ON s."orgId" = c.id LEFT JOIN "OrgHealth" h ON h."orgId" = c.id
       LEFT JOIN "OrgRollupMonth" r ON r."orgId" = c.id AND r.month = $2::date
       WHERE c."parentId" = $1::uuid AND c.active AND c.kind <> 'PARTY_GROUP'
       ORDER BY c."sortOrder" ASC, c.name ASC`,
      orgId,
      lastClosed,
    ),
    db.$queryRawUnsafe<
      Array<{
        branches: number;
        scored: number;
        scoreSum: number;
        previousSum: number;
        critical: number;
        warning: number;
        info: number;
        outOfTouch: number;
      }>
    >(
      `SELECT coalesce(s.branches, 0) AS branches, coalesce(s.scored, 0) AS scored, coalesce(s."scoreSum", 0)::int AS "scoreSum",
         coalesce(s."previousSum", 0)::int AS "previousSum",
         coalesce(sum(w.open) FILTER (WHERE w.severity = 'CRITICAL'), 0)::int AS critical,
         coalesce(sum(w.open) FILTER (WHERE w.severity = 'WARNING'), 0)::int AS warning,
         coalesce(sum(w.open) FILTER (WHERE w.severity = 'INFO'), 0)::int AS info,
         coalesce(sum(w.open) FILTER (WHERE w."ruleId" = 'O5'), 0)::int AS "outOfTouch"
       FROM (SELECT $1::uuid AS id) x LEFT JOIN "OrgSubtreeStat" s ON s."orgId" = x.id
       LEFT JOIN "OrgSubtreeWarnings" w ON w."orgId" = x.id
       GROUP BY s.branches, s.scored, s."scoreSum", s."previousSum"`,
      orgId,
    ),
    JUDGED.has(org.kind)
      ? Promise.resolve([])
      : db.$queryRawUnsafe<Array<{ ruleId: RuleId; level: string; count: number; penaltySum: number }>>(
          `SELECT "ruleId", level, count, "penaltySum" FROM "OrgSubtreeHealthReason" WHERE "orgId" = $1::uuid AND count <> 0`,
          orgId,
        ),
    db.orgHealth.findUnique({ where: { orgId } }),
    db.org.findMany({
      where: { id: { in: org.ancestorIds } },
      select: { id: true, name: true, depth: true },
      orderBy: { depth: "asc" },
    }),
  ]);
  const sums = own[0]!;
  const branches = sums.branches;
  const byMonth = new Map(rows.map((r) => [monthKey(r.month), r]));
  const months: KpiMonth[] = [];
  for (let i = 0; i < span; i++) {
    const m = addMonths(from, i);
    const r = byMonth.get(m);
    months.push(
      r ? kpi(r, branches) : { month: m, members: 0, cadence: null, attendance: null, dues: null, studyHours: null },
    );
  }
  const warningCounts = { CRITICAL: sums.critical, WARNING: sums.warning, INFO: sums.info };
  const ownDerived = JUDGED.has(org.kind) ? null : derivedHealth(sums, reasons);
  const visibleAncestors = ancestors.filter((a) =>
    can(actor.grants, "warning.view", { id: a.id, ancestorIds: org.ancestorIds.slice(0, a.depth) }),
  );
  return {
    org: { id: org.id, name: org.name, kind: org.kind, level: org.level, parentId: org.parentId },
    breadcrumb: [...visibleAncestors.map((a) => ({ id: a.id, name: a.name })), { id: org.id, name: org.name }],
    branches,
    months,
    outOfTouch: sums.outOfTouch,
    warningCounts,
    // drill-down: the children's latest closed month, health (a committee's derived from below)
    // and critical warnings
    children: children.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      level: c.level,
      kpi: c.rollupOrgId ? kpi(c, c.branches) : null,
      health:
        !JUDGED.has(c.kind) && c.scored > 0
          ? subtreeHealth({ scored: c.scored, scoreSum: c.scoreSum, previousSum: c.previousSum, reasons: [] }).score
          : (c.ownScore ?? null),
      critical: c.critical,
    })),
    health: ownDerived
      ? ownDerived
      : healthRow
        ? {
            score: healthRow.score,
            previous: healthRow.previous,
            derivedFrom: null,
            reasons: (healthRow.reasons as Array<{ ruleId: RuleId; level: string; penalty: number }>).map((r) => ({
              ...r,
              count: null,
              text: t("warnings.health.reason", {
                rule: t(DEFAULT_RULES[r.ruleId].titleKey),
                level: t(`warnings.severity.${r.level}` as MessageKey),
                penalty: r.penalty,
              }),
            })),
          }
        : null,
  };
}

// ───────────────────────────── the network drawing and the what-if ─────────────────────────────

export interface NetworkView {
  nodes: Array<{
    id: string;
    name: string;
    inScope: boolean;
    areaId: string | null;
    areaName: string | null;
    articulation: boolean;
    isolated: boolean;
    health: number | null;
  }>;
  edges: Array<{
    id: string;
    source: string;
    target: string;
    strength: number;
    bridge: boolean;
    sharedPartners: number;
    stale: boolean;
    warningId: string | null;
    ruleId: string | null;
  }>;
}

async function subtreeIds(db: DbTx, rootId: string): Promise<Set<string>> {
  const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id FROM "Org" WHERE id = $1::uuid OR "ancestorIds" @> ARRAY[$1::uuid]`,
    rootId,
  );
  return new Set(rows.map((r) => r.id));
}

/** Branches of the subtree and their partners, partnerships with at least one end inside. */
export async function networkView(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof optionalOrgInput>,
): Promise<NetworkView> {
  const rootId = input.orgId ?? defaultRoot(actor);
  await authorize(deps, actor, "warning.view", rootId);
  const net = await networkOf(deps.db, deps.now());
  const inside = await subtreeIds(deps.db, rootId);
  const edgeIdx: number[] = [];
  net.links.forEach((l, e) => {
    if (inside.has(l.orgAId) || inside.has(l.orgBId)) edgeIdx.push(e);
  });
  const nodeIds = new Set<string>();
  for (const id of net.orgIds) if (inside.has(id)) nodeIds.add(id);
  for (const e of edgeIdx) {
    nodeIds.add(net.links[e]!.orgAId);
    nodeIds.add(net.links[e]!.orgBId);
  }
  const ids = [...nodeIds];
  const [orgs, health, warnings] = await Promise.all([
    deps.db.$queryRawUnsafe<Array<{ id: string; name: string; area_id: string | null; area_name: string | null }>>(
      `SELECT o.id, coalesce(o."shortName", o.name) AS name, a.id AS area_id, coalesce(a."shortName", a.name) AS area_name FROM "Org" o
       LEFT JOIN "Org" a ON a.id = ANY(o."ancestorIds") AND a.level = 'TOWNSHIP' WHERE o.id = ANY($1::uuid[])`,
      ids,
    ),
    deps.db.orgHealth.findMany({ where: { orgId: { in: ids } }, select: { orgId: true, score: true } }),
    deps.db.warning.findMany({
      where: {
        subjectType: "LINK",
        subjectId: { in: edgeIdx.map((e) => net.links[e]!.id) },
        state: { in: ["FIRING", "RECOVERING", "PENDING"] },
        ruleId: { in: ["T1", "T2", "T4"] },
      },
      select: { id: true, subjectId: true, ruleId: true },
    }),
  ]);
  const byLink = new Map<string, { id: string; ruleId: string }>();
  const rank = (r: string) => (r === "T2" ? 0 : r === "T4" ? 1 : 2);
  for (const w of warnings) {
    const cur = byLink.get(w.subjectId);
    if (!cur || rank(w.ruleId) < rank(cur.ruleId)) byLink.set(w.subjectId, { id: w.id, ruleId: w.ruleId });
  }
  const healthOf = new Map(health.map((h) => [h.orgId, h.score]));
  const degreeOf = (id: string) => {
    const v = net.index.get(id);
    return v === undefined ? 0 : net.structure.csr.offsets[v + 1]! - net.structure.csr.offsets[v]!;
  };
  return {
    nodes: orgs
      .map((o) => ({
        id: o.id,
        name: o.name,
        inScope: inside.has(o.id),
        areaId: o.area_id,
        areaName: o.area_name,
        articulation: net.structure.articulation[net.index.get(o.id) ?? -1] === 1,
        isolated: degreeOf(o.id) === 0,
        health: healthOf.get(o.id) ?? null,
      }))
      .sort(
        (a, b) => (a.areaName ?? "").localeCompare(b.areaName ?? "", "zh-CN") || a.name.localeCompare(b.name, "zh-CN"),
      ),
    edges: edgeIdx.map((e) => {
      const l = net.links[e]!;
      const w = byLink.get(l.id) ?? null;
      return {
        id: l.id,
        source: l.orgAId,
        target: l.orgBId,
        strength: Math.round(l.strength * 100) / 100,
        bridge: net.structure.bridge[e] === 1,
        sharedPartners: net.structure.common[e]!,
        stale: l.strength < DEFAULT_RULES.T1.thresholds.warn,
        warningId: w?.id ?? null,
        ruleId: w?.ruleId ?? null,
      };
    }),
  };
}

/** "If these partnerships lapse, which organisations are cut off?" Only partnerships the actor may see. */
export const whatIfInput = z.object({ orgId: z.uuid().optional(), linkIds: z.array(z.uuid()).min(1).max(200) });

export async function whatIf(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof whatIfInput>,
): Promise<{ cutOff: Array<{ id: string; name: string; inScope: boolean }> }> {
  if (input.linkIds.length === 0) throw new AppError("BAD_INPUT", "warnings.error.noLinks");
  const rootId = input.orgId ?? defaultRoot(actor);
  await authorize(deps, actor, "warning.view", rootId);
  const net = await networkOf(deps.db, deps.now());
  const inside = await subtreeIds(deps.db, rootId);
  const edges = input.linkIds.map((id) => {
    const e = net.linkIndex.get(id);
    const link = e === undefined ? null : net.links[e]!;
    if (e === undefined || !link || !(inside.has(link.orgAId) || inside.has(link.orgBId)))
      throw new AppError("FORBIDDEN", "warnings.error.linkNotVisible");
    return e;
  });
  const result = whatIfLapse(net.structure.csr, edges);
  const cut = result.cutOff.flat().map((v) => net.orgIds[v]!);
  // organisation names are not personal data: partners outside the subtree are named too (they are on the drawing)
  const names = await deps.db.org.findMany({
    where: { id: { in: cut } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  return { cutOff: names.map((o) => ({ ...o, inScope: inside.has(o.id) })) };
}

// ───────────────────────────── daily digest ─────────────────────────────

export interface DigestGroup {
  areaName: string;
  ruleId: string;
  ruleTitle: string;
  count: number;
  critical: number;
}

/**
 * One notice per committee with staff: its subtree's firing warnings (not silenced, not
 * flapping, not pending), grouped by (county or township, rule). Idempotent per day.
 */
export async function sendDigests(deps: ServiceDeps): Promise<{ committees: number; notices: number }> {
  const now = deps.now();
  // the date in China: at 07:30 Beijing time the UTC date is still yesterday (defect 12)
  const day = chinaDate(now).date;
  const committees = await deps.db.$queryRawUnsafe<Array<{ id: string; depth: number }>>(
    `SELECT DISTINCT o.id, o.depth FROM "RoleGrant" g JOIN "Org" o ON o.id = g."orgId" WHERE g.role::text = ANY($1::text[]) AND o.kind = 'COMMITTEE'`,
    rolesWith("warning.view"),
  );
  let notices = 0;
  for (const c of committees) {
    const groups = await deps.db.$queryRawUnsafe<Array<{ area: string; ruleId: string; n: number; critical: number }>>(
      `SELECT coalesce((SELECT coalesce(a."shortName", a.name) FROM "Org" a WHERE a.id = coalesce(o."ancestorIds"[$2 + 2], o.id)), o.name) AS area,
              w."ruleId", count(*)::int AS n, count(*) FILTER (WHERE w.severity = 'CRITICAL')::int AS critical
       FROM "Warning" w JOIN "Org" o ON o.id = w."orgId"
       WHERE (o.id = $1::uuid OR o."ancestorIds" @> ARRAY[$1::uuid]) AND w.state = 'FIRING' AND NOT w.flapping
         AND (w."silencedUntil" IS NULL OR w."silencedUntil" <= $3)
       GROUP BY 1, 2 ORDER BY 1, 2`,
      c.id,
      c.depth,
      now,
    );
    if (groups.length === 0) continue;
    const title = t("warnings.digest.title", { date: day, count: groups.reduce((a, g) => a + g.n, 0) });
    const exists = await deps.db.task.findFirst({
      where: { senderOrgId: c.id, kind: "NOTICE", title },
      select: { id: true },
    });
    if (exists) continue;
    const body = groups
      .map(
        (g) =>
          `${g.area}｜${t(DEFAULT_RULES[g.ruleId as RuleId].titleKey)}：${g.n}${g.critical ? `（严重 ${g.critical}）` : ""}`,
      )
      .join("\n");
    await deps.db.$transaction(async (tx) => {
      const notice = await tx.task.create({
        data: {
          senderOrgId: c.id,
          kind: "NOTICE",
          title,
          body,
          createdAt: now,
          targets: { create: [{ orgId: c.id }] },
        },
      });
      await indexInTx(tx, [{ type: "notice", id: notice.id }]);
    });
    notices++;
  }
  return { committees: committees.length, notices };
}
