// The dashboard's subtree sums (ADR 1060) are kept by triggers instead of aggregated at read time.
// This proves they give exactly the numbers the read-time aggregation gave, for every
// organisation of the demo region, after the incremental path (the outbox), after a full pass
// from nothing, and after tree edits (a branch deactivated, a branch moved to another township);
// and that the trigger-kept rows equal a rebuild from the source tables.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMonths, monthKey, monthStart, subtreeHealth, type RuleId } from "@dangjian/core";
import type { DbTx } from "@dangjian/db";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "@dangjian/seed";
import type { Actor } from "../src/index.ts";
import { createTestDatabase, loginActor, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
let city: Actor;
const NOW = new Date("2026-12-02T08:00:00Z");
const JUDGED = `('BRANCH', 'JOINT_BRANCH')`;

/** The dashboard's subtree figures as the read-time aggregation computed them (before ADR 1060). */
async function reference(db: DbTx, orgId: string) {
  const [org] = await db.$queryRawUnsafe<Array<{ kind: string }>>(`SELECT kind FROM "Org" WHERE id = $1::uuid`, orgId);
  const children = await db.org.findMany({
    where: { parentId: orgId, active: true, kind: { not: "PARTY_GROUP" } },
    select: { id: true, kind: true },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
  });
  const branchCounts = await db.$queryRawUnsafe<Array<{ id: string; n: number }>>(
    `SELECT x.id, count(o.id)::int AS n FROM (SELECT $1::uuid AS id UNION ALL SELECT id FROM "Org" WHERE "parentId" = $1::uuid) x
     JOIN "Org" o ON (o.id = x.id OR o."ancestorIds" @> ARRAY[x.id]) AND o.active AND o.kind IN ${JUDGED} GROUP BY x.id`,
    orgId,
  );
  const counts = await db.$queryRawUnsafe<Array<{ severity: "CRITICAL" | "WARNING" | "INFO"; n: number }>>(
    `SELECT w.severity, count(*)::int AS n FROM "Warning" w JOIN "Org" o ON o.id = w."orgId"
     WHERE (o.id = $1::uuid OR o."ancestorIds" @> ARRAY[$1::uuid]) AND w.state IN ('FIRING', 'RECOVERING') GROUP BY w.severity`,
    orgId,
  );
  const [outOfTouch] = await db.$queryRawUnsafe<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM "Warning" w JOIN "Org" o ON o.id = w."orgId"
     WHERE (o.id = $1::uuid OR o."ancestorIds" @> ARRAY[$1::uuid]) AND w."ruleId" = 'O5' AND w.state IN ('FIRING', 'RECOVERING')`,
    orgId,
  );
  const scores = async (ids: string[]) =>
    new Map(
      (
        await db.$queryRawUnsafe<Array<{ id: string; n: number; sum: number; previous: number }>>(
          `SELECT x.id, count(*)::int AS n, sum(h.score)::int AS sum, sum(coalesce(h.previous, h.score))::int AS previous
           FROM unnest($1::uuid[]) AS x(id) JOIN "Org" o ON (o.id = x.id OR o."ancestorIds" @> ARRAY[x.id]) AND o.active AND o.kind IN ${JUDGED}
           JOIN "OrgHealth" h ON h."orgId" = o.id AND h.score IS NOT NULL GROUP BY x.id`,
          ids,
        )
      ).map((r) => [r.id, r]),
    );
  const childIds = children.map((c) => c.id);
  const childHealth = await db.orgHealth.findMany({
    where: { orgId: { in: childIds } },
    select: { orgId: true, score: true },
  });
  const childCritical = await db.$queryRawUnsafe<Array<{ id: string; n: number }>>(
    `SELECT c.id, count(w.id)::int AS n FROM unnest($1::uuid[]) AS c(id) JOIN "Org" o ON o.id = c.id OR o."ancestorIds" @> ARRAY[c.id]
     JOIN "Warning" w ON w."orgId" = o.id AND w.severity = 'CRITICAL' AND w.state IN ('FIRING', 'RECOVERING') GROUP BY c.id`,
    childIds,
  );
  const childDerived = await scores(
    children.filter((c) => !["BRANCH", "JOINT_BRANCH"].includes(c.kind)).map((c) => c.id),
  );
  const healthOf = new Map<string, number | null>(childHealth.map((h) => [h.orgId, h.score]));
  for (const [id, s] of childDerived)
    healthOf.set(id, subtreeHealth({ scored: s.n, scoreSum: s.sum, previousSum: s.previous, reasons: [] }).score);
  let health: { score: number | null; previous: number | null; derivedFrom: number | null; reasons: unknown[] } | null =
    null;
  if (!["BRANCH", "JOINT_BRANCH"].includes(org!.kind)) {
    const own = (await scores([orgId])).get(orgId);
    const reasons = await db.$queryRawUnsafe<
      Array<{ ruleId: RuleId; level: string; count: number; penaltySum: number }>
    >(
      `SELECT r->>'ruleId' AS "ruleId", r->>'level' AS level, count(*)::int AS count, sum((r->>'penalty')::int)::int AS "penaltySum"
       FROM "Org" o JOIN "OrgHealth" h ON h."orgId" = o.id AND h.score IS NOT NULL, jsonb_array_elements(h.reasons) AS r
       WHERE (o.id = $1::uuid OR o."ancestorIds" @> ARRAY[$1::uuid]) AND o.active AND o.kind IN ${JUDGED}
       GROUP BY 1, 2`,
      orgId,
    );
    const h = subtreeHealth({
      scored: own?.n ?? 0,
      scoreSum: own?.sum ?? 0,
      previousSum: own?.previous ?? 0,
      reasons,
    });
    health = { score: h.score, previous: h.previous, derivedFrom: h.derivedFrom, reasons: h.reasons };
  }
  const branchesOf = new Map(branchCounts.map((b) => [b.id, b.n]));
  const criticalOf = new Map(childCritical.map((c) => [c.id, c.n]));
  const warningCounts = { CRITICAL: 0, WARNING: 0, INFO: 0 };
  for (const c of counts) warningCounts[c.severity] = c.n;
  return {
    branches: branchesOf.get(orgId) ?? 0,
    warningCounts,
    outOfTouch: outOfTouch?.n ?? 0,
    children: children.map((c) => ({
      id: c.id,
      branches: branchesOf.get(c.id) ?? 0,
      health: healthOf.get(c.id) ?? null,
      critical: criticalOf.get(c.id) ?? 0,
    })),
    health,
  };
}

/** The same figures from the dashboard use case as it is now. */
async function current(orgId: string) {
  const d = await t.services.warnings.dashboard(city, { orgId });
  return {
    figures: {
      branches: d.branches,
      warningCounts: d.warningCounts,
      outOfTouch: d.outOfTouch,
      children: d.children.map((c) => ({ id: c.id, health: c.health, critical: c.critical })),
      health:
        d.health && d.health.derivedFrom !== null
          ? {
              score: d.health.score,
              previous: d.health.previous,
              derivedFrom: d.health.derivedFrom,
              reasons: d.health.reasons.map(({ ruleId, level, count, penalty }) => ({ ruleId, level, count, penalty })),
            }
          : null,
    },
    children: d.children,
  };
}

async function everyOrg(): Promise<string[]> {
  const rows = await t.services.deps.db.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id FROM "Org" WHERE kind <> 'PARTY_GROUP' ORDER BY depth, id`,
  );
  return rows.map((r) => r.id);
}

/** Every organisation's dashboard figures against the read-time aggregation. */
async function expectSameEverywhere(): Promise<number> {
  const db = t.services.deps.db;
  let compared = 0;
  for (const id of await everyOrg()) {
    const want = await reference(db, id);
    const got = await current(id);
    const { children: wantChildren, ...wantRest } = want;
    const { children: gotChildren, ...gotRest } = got.figures;
    expect(gotRest, id).toEqual(wantRest);
    expect(gotChildren.map((c) => [c.id, c.health, c.critical])).toEqual(
      wantChildren.map((c) => [c.id, c.health, c.critical]),
    );
    // the children's judged counts, through the KPI that divides by them
    const facts = await db.$queryRawUnsafe<Array<{ orgId: string; themeDays: number }>>(
      `SELECT "orgId", "orgsWithThemeDay" AS "themeDays" FROM "OrgRollupMonth" WHERE "orgId" = ANY($1::uuid[]) AND month = $2::date`,
      wantChildren.map((c) => c.id),
      monthStart(addMonths(monthKey(NOW), -1)),
    );
    const themeDaysOf = new Map(facts.map((f) => [f.orgId, f.themeDays]));
    for (const c of wantChildren) {
      const child = got.children.find((x) => x.id === c.id)!;
      const themeDays = themeDaysOf.get(c.id);
      const expected =
        themeDays === undefined
          ? undefined
          : c.branches > 0
            ? Math.round((themeDays / c.branches) * 1000) / 1000
            : null;
      expect(child.kpi?.cadence, `${id} → ${c.id}`).toBe(expected);
    }
    compared++;
  }
  return compared;
}

/** The trigger-kept rows (zeros left out) against a rebuild from the source tables. */
async function expectRebuildEqual(): Promise<void> {
  const db = t.services.deps.db;
  const read = () =>
    Promise.all([
      db.$queryRawUnsafe<unknown[]>(
        `SELECT "orgId", branches, scored, "scoreSum"::int, "previousSum"::int FROM "OrgSubtreeStat"
         WHERE branches <> 0 OR scored <> 0 OR "scoreSum" <> 0 OR "previousSum" <> 0 ORDER BY 1`,
      ),
      db.$queryRawUnsafe<unknown[]>(
        `SELECT "orgId", "ruleId", severity::text, open FROM "OrgSubtreeWarnings" WHERE open <> 0 ORDER BY 1, 2, 3`,
      ),
      db.$queryRawUnsafe<unknown[]>(
        `SELECT "orgId", "ruleId", level, count, "penaltySum" FROM "OrgSubtreeHealthReason" WHERE count <> 0 OR "penaltySum" <> 0 ORDER BY 1, 2, 3`,
      ),
    ]);
  const kept = await read();
  await db.$executeRawUnsafe(`SELECT "dangjian_subtree_stats_rebuild"()`);
  const rebuilt = await read();
  expect(kept[0].length).toBeGreaterThan(10);
  expect(kept[1].length).toBeGreaterThan(10);
  expect(kept).toEqual(rebuilt);
}

beforeAll(async () => {
  t = await createTestDatabase();
  t.setNow(NOW);
  await seedDemo(t.services.deps.db, { referenceDate: new Date("2026-12-01T00:00:00Z") });
  await t.services.outbox.drain(500);
  city = await loginActor(t, DEMO_ACCOUNTS.city.phone, DEMO_PASSWORD);
}, 180_000);
afterAll(() => t.drop());

describe("subtree sums kept by triggers equal the read-time aggregation (ADR 1060)", () => {
  it("after the outbox's incremental passes", async () => {
    const [open] = await t.services.deps.db.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM "Warning" WHERE state IN ('FIRING', 'RECOVERING')`,
    );
    expect(open!.n).toBeGreaterThan(10);
    expect(await expectSameEverywhere()).toBeGreaterThan(20);
    await expectRebuildEqual();
  }, 120_000);

  it("after a full pass from nothing, and a second one a day later", async () => {
    await t.services.deps.db.warning.deleteMany({});
    const [none] = await t.services.deps.db.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT coalesce(sum(open), 0)::int AS n FROM "OrgSubtreeWarnings"`,
    );
    expect(none!.n).toBe(0);
    await t.services.warnings.evaluateAll();
    await expectSameEverywhere();
    t.setNow(new Date(NOW.getTime() + 86_400_000));
    await t.services.warnings.evaluateAll();
    t.setNow(NOW);
    await expectSameEverywhere();
    await expectRebuildEqual();
  }, 120_000);

  it("after a full pass that leaves them to one rebuild at its end (ADR 1063)", async () => {
    const db = t.services.deps.db;
    await db.warning.deleteMany({});
    await db.orgHealth.deleteMany({});
    // the demo region writes far fewer than the 20,000 rows a real first pass defers from
    const stats = await t.services.warnings.evaluateAll({ deferSubtreeSumsAt: 1 });
    expect(stats.phases?.subtreeRebuild).toBeGreaterThanOrEqual(0);
    const [state] = await db.$queryRawUnsafe<Array<{ v: string | null }>>(
      `SELECT current_setting('dangjian.subtree_deferred', true) AS v`,
    );
    expect(state!.v ?? "").not.toBe("on");
    await expectSameEverywhere();
    await expectRebuildEqual();
    // and the next (nightly) pass goes through the triggers again
    t.setNow(new Date(NOW.getTime() + 2 * 86_400_000));
    const nightly = await t.services.warnings.evaluateAll();
    t.setNow(NOW);
    expect(nightly.phases?.subtreeRebuild).toBeUndefined();
    await expectSameEverywhere();
  }, 120_000);

  it("a deferred pass that writes no health row rebuilds only the warnings' sums; one that writes some, all (ADR 1073)", async () => {
    const db = t.services.deps.db;
    // the health scores as this clock gives them, written through the triggers
    await t.services.warnings.evaluateAll();
    const statRows = () =>
      db.$queryRawUnsafe<Array<{ orgId: string; v: string }>>(
        `SELECT "orgId", xmin::text AS v FROM "OrgSubtreeStat" ORDER BY 1`,
      );
    const before = await statRows();
    expect(before.length).toBeGreaterThan(10);
    await db.warning.deleteMany({});
    const stats = await t.services.warnings.evaluateAll({ deferSubtreeSumsAt: 1 });
    expect(stats.phases?.subtreeRebuild).toBeGreaterThanOrEqual(0);
    // no health row changed: the organisations' sums were left as they were, not rewritten
    expect(await statRows()).toEqual(before);
    await expectSameEverywhere();
    await expectRebuildEqual();
    // one organisation's health row deleted (its trigger takes it out of the sums): the deferred
    // pass writes it again without the trigger, so the health sums must be rebuilt too
    const [scored] = await db.$queryRawUnsafe<Array<{ orgId: string }>>(
      `SELECT "orgId" FROM "OrgHealth" WHERE score < 100 ORDER BY "orgId" LIMIT 1`,
    );
    await db.$executeRawUnsafe(`DELETE FROM "OrgHealth" WHERE "orgId" = $1::uuid`, scored!.orgId);
    await db.warning.deleteMany({});
    await t.services.warnings.evaluateAll({ deferSubtreeSumsAt: 1 });
    expect((await statRows()).map((r) => r.v)).not.toEqual(before.map((r) => r.v));
    await expectSameEverywhere();
    await expectRebuildEqual();
  }, 120_000);

  it("after tree edits: a branch deactivated, a branch moved to another township", async () => {
    const db = t.services.deps.db;
    const branches = await db.$queryRawUnsafe<Array<{ id: string; parentId: string; ancestorIds: string[] }>>(
      `SELECT o.id, o."parentId", o."ancestorIds"::text[] AS "ancestorIds" FROM "Org" o
       WHERE o.kind = 'BRANCH' AND o.active AND EXISTS (SELECT 1 FROM "Warning" w WHERE w."orgId" = o.id AND w.state = 'FIRING')
         AND EXISTS (SELECT 1 FROM "OrgHealth" h WHERE h."orgId" = o.id AND h.score < 100)
       ORDER BY o.id`,
    );
    expect(branches.length).toBeGreaterThan(1);
    const [moved, deactivated] = branches;
    const [target] = await db.$queryRawUnsafe<Array<{ id: string; ancestorIds: string[] }>>(
      `SELECT id, "ancestorIds"::text[] AS "ancestorIds" FROM "Org" WHERE kind = 'COMMITTEE' AND level = 'TOWNSHIP' AND id <> $1::uuid ORDER BY id LIMIT 1`,
      moved!.parentId,
    );
    const before = await reference(db, target!.id);
    await db.$transaction([
      db.$executeRawUnsafe(
        `UPDATE "Org" SET "parentId" = $2::uuid, "ancestorIds" = $3::uuid[], depth = $4,
           path = (SELECT path FROM "Org" WHERE id = $2::uuid) || $1::text || '/' WHERE id = $1::uuid`,
        moved!.id,
        target!.id,
        [...target!.ancestorIds, target!.id],
        target!.ancestorIds.length + 1,
      ),
      db.$executeRawUnsafe(`UPDATE "Org" SET active = false WHERE id = $1::uuid`, deactivated!.id),
    ]);
    const after = await reference(db, target!.id);
    expect(after.branches).toBe(before.branches + 1);
    await expectSameEverywhere();
    await expectRebuildEqual();
  }, 120_000);
});
