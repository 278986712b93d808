// The committee dashboard's subtree figures as the read-time aggregation computed them before ADR
// 1060 (the statements the dashboard ran until 2026-12-05): the benchmark times them beside the
// use case and checks that both give the same numbers. Not application code.
import type pg from "pg";
import { subtreeHealth, type RuleId } from "@dangjian/core";

const JUDGED = `('BRANCH', 'JOINT_BRANCH')`;

export interface SubtreeFigures {
  branches: number;
  warningCounts: { CRITICAL: number; WARNING: number; INFO: number };
  outOfTouch: number;
  health: { score: number | null; previous: number | null; derivedFrom: number } | null;
  children: Array<[string, number | null, number]>;
}

export async function readTimeFigures(db: pg.Client, orgId: string, kind: string): Promise<SubtreeFigures> {
  const q = async <T>(sql: string, params: unknown[]) => (await db.query(sql, params)).rows as T[];
  const children = await q<{ id: string; kind: string }>(
    `SELECT id, kind FROM "Org" WHERE "parentId" = $1 AND active AND kind <> 'PARTY_GROUP' ORDER BY "sortOrder", name`,
    [orgId],
  );
  const childIds = children.map((c) => c.id);
  const committees = children.filter((c) => c.kind !== "BRANCH" && c.kind !== "JOINT_BRANCH").map((c) => c.id);
  const scores = (ids: string[]) =>
    q<{ id: string; n: number; sum: number; previous: number }>(
      `SELECT x.id, count(*)::int AS n, sum(h.score)::int AS sum, sum(coalesce(h.previous, h.score))::int AS previous
       FROM unnest($1::uuid[]) AS x(id) JOIN "Org" o ON (o.id = x.id OR o."ancestorIds" @> ARRAY[x.id]) AND o.active AND o.kind IN ${JUDGED}
       JOIN "OrgHealth" h ON h."orgId" = o.id AND h.score IS NOT NULL GROUP BY x.id`,
      [ids],
    );
  const judged = kind === "BRANCH" || kind === "JOINT_BRANCH";
  const [branchCounts, counts, outOfTouch, childHealth, childCritical, childDerived, own, reasons] = await Promise.all([
    q<{ id: string; n: number }>(
      `SELECT x.id, count(o.id)::int AS n FROM (SELECT $1::uuid AS id UNION ALL SELECT id FROM "Org" WHERE "parentId" = $1::uuid) x
       JOIN "Org" o ON (o.id = x.id OR o."ancestorIds" @> ARRAY[x.id]) AND o.active AND o.kind IN ${JUDGED} GROUP BY x.id`,
      [orgId],
    ),
    q<{ severity: "CRITICAL" | "WARNING" | "INFO"; n: number }>(
      `SELECT w.severity, count(*)::int AS n FROM "Warning" w JOIN "Org" o ON o.id = w."orgId"
       WHERE (o.id = $1::uuid OR o."ancestorIds" @> ARRAY[$1::uuid]) AND w.state IN ('FIRING', 'RECOVERING') GROUP BY w.severity`,
      [orgId],
    ),
    q<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Warning" w JOIN "Org" o ON o.id = w."orgId"
       WHERE (o.id = $1::uuid OR o."ancestorIds" @> ARRAY[$1::uuid]) AND w."ruleId" = 'O5' AND w.state IN ('FIRING', 'RECOVERING')`,
      [orgId],
    ),
    q<{ orgId: string; score: number | null }>(
      `SELECT "orgId", score FROM "OrgHealth" WHERE "orgId" = ANY($1::uuid[])`,
      [childIds],
    ),
    q<{ id: string; n: number }>(
      `SELECT c.id, count(w.id)::int AS n FROM unnest($1::uuid[]) AS c(id) JOIN "Org" o ON o.id = c.id OR o."ancestorIds" @> ARRAY[c.id]
       JOIN "Warning" w ON w."orgId" = o.id AND w.severity = 'CRITICAL' AND w.state IN ('FIRING', 'RECOVERING') GROUP BY c.id`,
      [childIds],
    ),
    scores(committees),
    judged ? Promise.resolve([]) : scores([orgId]),
    judged
      ? Promise.resolve([])
      : q<{ ruleId: RuleId; level: string; count: number; penaltySum: number }>(
          `SELECT r->>'ruleId' AS "ruleId", r->>'level' AS level, count(*)::int AS count, sum((r->>'penalty')::int)::int AS "penaltySum"
           FROM "Org" o JOIN "OrgHealth" h ON h."orgId" = o.id AND h.score IS NOT NULL, jsonb_array_elements(h.reasons) AS r
           WHERE (o.id = $1::uuid OR o."ancestorIds" @> ARRAY[$1::uuid]) AND o.active AND o.kind IN ${JUDGED}
           GROUP BY 1, 2`,
          [orgId],
        ),
  ]);
  const healthOf = new Map<string, number | null>(childHealth.map((h) => [h.orgId, h.score]));
  for (const s of childDerived)
    healthOf.set(s.id, subtreeHealth({ scored: s.n, scoreSum: s.sum, previousSum: s.previous, reasons: [] }).score);
  const criticalOf = new Map(childCritical.map((c) => [c.id, c.n]));
  const warningCounts = { CRITICAL: 0, WARNING: 0, INFO: 0 };
  for (const c of counts) warningCounts[c.severity] = c.n;
  const s = own[0];
  const h = judged
    ? null
    : subtreeHealth({ scored: s?.n ?? 0, scoreSum: s?.sum ?? 0, previousSum: s?.previous ?? 0, reasons });
  return {
    branches: branchCounts.find((b) => b.id === orgId)?.n ?? 0,
    warningCounts,
    outOfTouch: outOfTouch[0]?.n ?? 0,
    health: h && { score: h.score, previous: h.previous, derivedFrom: h.derivedFrom },
    children: children.map((c) => [c.id, healthOf.get(c.id) ?? null, criticalOf.get(c.id) ?? 0]),
  };
}
