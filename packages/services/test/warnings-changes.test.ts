// The nightly pass with change detection (ADR 1064) judges only the organisations whose facts
// changed since they were last judged and those whose verdict time alone can move. This proves
// it leaves exactly what a full pass leaves: two copies of the seeded demo region go through the
// same changes (facts written straight into the tables, without the outbox's incremental pass)
// and the same clock — the nightly pass on one, the full pass on the other — and after every
// night their warnings, transitions, tasks and health rows are compared, across the thresholds
// the clock crosses (a day, an O1 period at risk 14 days before it closes, the study year's last
// 14 days, a month boundary, an acknowledgement lapsing after 30 days). The full pass of the
// reference copy reads the partnerships afresh each night; the other reuses its analysis.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, testStorageConfig } from "@dangjian/infra-dev/vitest";
import { copyRows, copyText, eachTextRow } from "@dangjian/db";
import { seedDemo } from "@dangjian/seed";
import { shownFigures } from "@dangjian/core";
import { createServices, type Services } from "../src/index.ts";
import { evaluateWarnings, type EvaluationStats } from "../src/warnings/evaluate.ts";

process.env.DANGJIAN_PII_KEY ??= randomBytes(32).toString("base64");
const cardKek = process.env.DANGJIAN_CARD_KEK ?? randomBytes(32).toString("base64");
const NOW = new Date("2026-12-02T08:00:00Z");
const DAY = 86_400_000;

let now = NOW;
const databases: Array<{ url: string; drop: () => Promise<void> }> = [];
let nightly: Services; // judges what changed
let full: Services; // judges everything
const open = (url: string) =>
  createServices({ databaseUrl: url, poolSize: 4, now: () => now, storage: testStorageConfig(), cardKek });

/** Runs the same statements on both copies. */
async function onBoth(sql: string, ...params: unknown[]): Promise<void> {
  await nightly.deps.db.$executeRawUnsafe(sql, ...params);
  await full.deps.db.$executeRawUnsafe(sql, ...params);
}

/** Everything the passes persist, without generated ids. */
async function persisted(s: Services) {
  const db = s.deps.db;
  return {
    warnings: await db.$queryRawUnsafe<unknown[]>(
      `SELECT "ruleId", "subjectType", "subjectId", "orgId", state, severity, "messageKey", params, evidence, "actionKey", value,
              "firstSeenAt", "firingSince", "lastEvaluatedAt", "acknowledgedAt", flapping, "flipHistory"
       FROM "Warning" ORDER BY "ruleId", "subjectType", "subjectId"`,
    ),
    transitions: await db.$queryRawUnsafe<unknown[]>(
      `SELECT w."ruleId", w."subjectType", w."subjectId", t."fromState", t."toState", t.action, t.at
       FROM "WarningTransition" t JOIN "Warning" w ON w.id = t."warningId"
       ORDER BY w."ruleId", w."subjectType", w."subjectId", t.at, t."toState", t."fromState"`,
    ),
    tasks: await db.$queryRawUnsafe<unknown[]>(
      `SELECT t."senderOrgId", tt."orgId", t.title, t.body, t.deadline, w."ruleId", w."subjectId"
       FROM "Task" t JOIN "TaskTarget" tt ON tt."taskId" = t.id LEFT JOIN "Warning" w ON w.id = t."warningId"
       ORDER BY w."ruleId", w."subjectId", t.deadline, t.title`,
    ),
    health: await db.$queryRawUnsafe<unknown[]>(
      `SELECT "orgId", score, previous, reasons, "evaluatedAt" FROM "OrgHealth" ORDER BY "orgId"`,
    ),
  };
}

/** One night: the nightly pass on one copy, the full pass on the other; then they must agree. */
async function night(
  at: Date,
  mode: "changed" | "full" = "changed",
  // the reference reads and analyses the partnerships afresh every night; the nightly copy reuses
  // its analysis while the version row says nothing changed
  reference: () => Promise<EvaluationStats> = () => full.warnings.evaluateAll({ freshNetwork: true }),
) {
  now = at;
  const a = await nightly.warnings.evaluateAll(mode === "changed" ? { changedOnly: true, fullShare: 1 } : {});
  const b = await reference();
  const [x, y] = [await persisted(nightly), await persisted(full)];
  expect(x.warnings.length).toBeGreaterThan(10);
  expect(x.warnings).toEqual(y.warnings);
  expect(x.transitions).toEqual(y.transitions);
  expect(x.tasks).toEqual(y.tasks);
  expect(x.health).toEqual(y.health);
  expect(a.written).toBe(b.written);
  expect(a.changes?.mode).toBe(mode);
  return { nightly: a, full: b };
}

/** A member with an open warning leaves on both copies (the next pass resolves it); their id. */
async function memberWithOpenWarningLeaves(leftOn: string): Promise<string> {
  const [member] = await nightly.deps.db.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT m.id FROM "Member" m JOIN "Warning" w ON w."subjectId" = m.id AND w."subjectType" = 'MEMBER' AND w.state <> 'RESOLVED'
     WHERE m.active ORDER BY m.id LIMIT 1`,
  );
  expect(member).toBeTruthy();
  await onBoth(`UPDATE "Member" SET active = false, "leftOn" = $2::date WHERE id = $1::uuid`, member!.id, leftOn);
  return member!.id;
}

/** The reference copy's full pass without a second connection: every side read it asks for fails (counted). */
function fullPassWithoutSideRead(asked: { count: number }): () => Promise<EvaluationStats> {
  return () =>
    full.deps.db.$transaction(
      (tx) =>
        evaluateWarnings(tx, now, null, {
          freshNetwork: true,
          sideRead: () => {
            asked.count++;
            return Promise.reject(new Error("no second connection"));
          },
        }),
      { timeout: 120_000 },
    );
}

beforeAll(async () => {
  const base = await createDatabase();
  databases.push(base);
  const seeding = open(base.url);
  await seedDemo(seeding.deps.db, { referenceDate: new Date("2026-12-01T00:00:00Z") });
  await seeding.outbox.drain(500);
  // the first pass over the region records every organisation's next instant
  await seeding.warnings.evaluateAll();
  await seeding.close();
  // a second copy of the same region, from the same instant
  const copy = `${new URL(base.url).pathname.slice(1)}_full`;
  const admin = new pg.Client({ connectionString: base.url.replace(/\/[^/]+$/, "/postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${copy}" TEMPLATE "${new URL(base.url).pathname.slice(1)}"`);
  await admin.end();
  const copyUrl = base.url.replace(/\/[^/?]+(\?.*)?$/, `/${copy}$1`);
  databases.push({
    url: copyUrl,
    drop: async () => {
      const c = new pg.Client({ connectionString: base.url.replace(/\/[^/]+$/, "/postgres") });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
      await c.end();
    },
  });
  nightly = open(base.url);
  full = open(copyUrl);
}, 240_000);

afterAll(async () => {
  await nightly?.close();
  await full?.close();
  for (const d of databases.reverse()) await d.drop();
});

describe("the nightly pass with change detection equals a full pass (ADR 1064)", () => {
  it("with nothing changed, an hour later: judges nothing but the network and townships", async () => {
    const { nightly: n, full: f } = await night(new Date(NOW.getTime() + 3600_000));
    expect(n.changes!.dirty).toBe(0);
    expect(n.orgs).toBeLessThan(n.changes!.total);
    // only the ties whose strength crossed a line, and those of the organisations T5–T7 judge (ADR 1066)
    expect(n.links).toBeLessThan(f.links);
  }, 120_000);

  it("nothing changed, 20 hours on: the study pace moved, yet no O6 warning is judged or rewritten for it (ADR 1065)", async () => {
    const o6 = async () =>
      new Map(
        (
          await nightly.deps.db.$queryRawUnsafe<Array<{ id: string; params: Record<string, number>; at: Date }>>(
            `SELECT "subjectId" AS id, params, "lastEvaluatedAt" AS at FROM "Warning" WHERE "ruleId" = 'O6' AND state IN ('FIRING', 'PENDING', 'RECOVERING')`,
          )
        ).map((w) => [w.id, w]),
      );
    const before = await o6();
    expect(before.size).toBeGreaterThan(0);
    const then = now;
    const at = new Date(NOW.getTime() + 20 * 3600_000);
    // the pace the warnings show moved by at least 0.001 for some of them since they were judged
    // (what the pass wrote every night before ADR 1065)
    const moved = [...before.values()].filter(
      (w) => shownFigures("O6", w.params, null, then).value !== shownFigures("O6", w.params, null, at).value,
    );
    expect(moved.length).toBeGreaterThan(0);
    const { nightly: n } = await night(at);
    expect(n.orgs).toBeLessThan(n.changes!.total);
    const after = await o6();
    const rewritten = [...after].filter(([id, w]) => before.get(id)?.at.getTime() !== w.at.getTime());
    expect(rewritten.length).toBeLessThan(moved.length);
    // only what it stores changed (a member fell behind pace, the level moved): never the pace alone
    for (const [id, w] of rewritten) expect(JSON.stringify(w.params)).not.toBe(JSON.stringify(before.get(id)?.params));
    // the list shows the pace for the instant it is read
    const [w] = moved;
    const shown = shownFigures("O6", w!.params, null, at);
    expect(shown.params.pace).toBe(
      Math.round(
        (w!.params.seconds! / (w!.params.target! * ((at.getTime() - Date.UTC(2026, 0, 1)) / (365 * DAY)))) * 100,
      ),
    );
  }, 120_000);

  it("after facts written without the outbox, a day later", async () => {
    const db = nightly.deps.db;
    const [branch] = await db.$queryRawUnsafe<Array<{ id: string; member: string; other: string }>>(
      `SELECT o.id, min(m.id::text) AS member, max(m.id::text) AS other FROM "Org" o JOIN "Member" m ON m."branchId" = o.id AND m.active
       WHERE o.kind = 'BRANCH' AND o.active GROUP BY o.id HAVING count(*) >= 3 ORDER BY o.id LIMIT 1`,
    );
    const [role] = await db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id FROM "CommitteeRole" WHERE "endsOn" IS NULL ORDER BY id LIMIT 1`,
    );
    const [firing] = await db.$queryRawUnsafe<Array<{ id: string; ruleId: string; subjectId: string }>>(
      `SELECT id, "ruleId", "subjectId" FROM "Warning" WHERE state = 'FIRING' AND "subjectType" IN ('ORG', 'MEMBER') ORDER BY "ruleId", "subjectId" LIMIT 1`,
    );
    expect(branch && role && firing).toBeTruthy();
    // study credited to one member (a year's worth), another member leaves, an officer steps
    // down, and a firing warning was acknowledged 31 days ago (it fires again tonight)
    await onBoth(
      `INSERT INTO "StudyCredit" (id, "memberId", year, "creditedOn", seconds, source) VALUES (gen_random_uuid(), $1::uuid, 2026, '2026-12-02', 200000, 'OFFLINE')`,
      branch!.member,
    );
    await onBoth(`UPDATE "Member" SET active = false, "leftOn" = '2026-12-02' WHERE id = $1::uuid`, branch!.other);
    await onBoth(`UPDATE "CommitteeRole" SET "endsOn" = '2026-12-01' WHERE id = $1::uuid`, role!.id);
    await onBoth(
      `UPDATE "Warning" SET "acknowledgedAt" = $2::timestamp WHERE "ruleId" = $1 AND "subjectId" = $3::uuid`,
      firing!.ruleId,
      new Date(NOW.getTime() - 31 * DAY),
      firing!.subjectId,
    );
    const { nightly: n } = await night(new Date(NOW.getTime() + DAY));
    expect(n.changes!.dirty).toBeGreaterThanOrEqual(2);
    expect(n.changes!.lifecycle).toBeGreaterThanOrEqual(1);
    expect(n.orgs).toBeLessThan(n.changes!.total);
    // the marks it read are gone; the next night judges only what time brings
    const [left] = await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "WarningDirty"`);
    expect(left!.n).toBe(0);
  }, 120_000);

  it("a tuned threshold and a meeting un-held, then across the O1 and study lines of 18 December", async () => {
    const db = nightly.deps.db;
    const [township] = await db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id FROM "Org" WHERE level = 'TOWNSHIP' AND active ORDER BY id LIMIT 1`,
    );
    const [meeting] = await db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id FROM "Meeting" WHERE status = 'HELD' ORDER BY "heldStart" DESC, id LIMIT 1`,
    );
    await onBoth(
      `INSERT INTO "WarningRuleSetting" (id, "orgId", "ruleId", params, "updatedAt") VALUES (gen_random_uuid(), $1::uuid, 'O5', '{"warn": 2, "crit": 4, "recover": 1}', now())`,
      township!.id,
    );
    await onBoth(`UPDATE "Meeting" SET status = 'CANCELLED' WHERE id = $1::uuid`, meeting!.id);
    await night(new Date("2026-12-05T02:30:00Z"));
    const { nightly: n } = await night(new Date("2026-12-18T02:30:00Z"));
    // the open month is at risk for every branch still short of its December meetings: due now
    expect(n.changes!.due).toBeGreaterThan(0);
    await night(new Date("2026-12-19T02:30:00Z"));
  }, 240_000);

  it("across a month boundary and a few nights of January", async () => {
    const { nightly: n } = await night(new Date("2027-01-01T02:30:00Z"));
    expect(n.changes!.due).toBe(n.changes!.total);
    await night(new Date("2027-01-02T02:30:00Z"));
    const { nightly: later } = await night(new Date("2027-01-09T02:30:00Z"));
    expect(later.orgs).toBeLessThanOrEqual(later.changes!.total);
    // a full pass that reuses the analysed partnerships (none changed) equals one that reads them
    const { nightly: whole } = await night(new Date("2027-01-10T02:30:00Z"), "full");
    expect(whole.phases?.links).toBeUndefined();
    await night(new Date("2027-01-11T02:30:00Z"));
  }, 240_000);

  it("a tie whose strength falls under T1's line between two nights is judged that night, its organisations not (ADR 1066)", async () => {
    const db = nightly.deps.db;
    // a tie both of whose organisations have another partner: kept strong, so that only the
    // crossing brings this tie into the night's judgement
    const [tie] = await db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT l.id FROM "OrgLink" l
       WHERE l.status = 'ACTIVE'
         AND (SELECT count(*) FROM "OrgLink" x WHERE x.status = 'ACTIVE' AND l."orgAId" IN (x."orgAId", x."orgBId")) >= 2
         AND (SELECT count(*) FROM "OrgLink" x WHERE x.status = 'ACTIVE' AND l."orgBId" IN (x."orgAId", x."orgBId")) >= 2
       ORDER BY l.id LIMIT 1`,
    );
    expect(tie).toBeTruthy();
    const first = new Date("2027-01-12T02:30:00Z");
    const set = new Date(first.getTime() - DAY);
    // every other tie strong; this one reaches 0.5 (T1 warns under it) half a day after the first night
    await onBoth(`UPDATE "OrgLink" SET strength = 3, "strengthAt" = $1::timestamp WHERE id <> $2::uuid`, set, tie!.id);
    await onBoth(
      `UPDATE "OrgLink" SET strength = $1, "strengthAt" = $2::timestamp WHERE id = $3::uuid`,
      0.5 * Math.pow(2, 1.5 / 90),
      set,
      tie!.id,
    );
    const t1 = async () =>
      (
        await db.$queryRawUnsafe<Array<{ state: string }>>(
          `SELECT state FROM "Warning" WHERE "ruleId" = 'T1' AND "subjectId" = $1::uuid`,
          tie!.id,
        )
      )[0]?.state ?? null;
    // the network changed: the first night judges every tie
    const { nightly: a, full: f } = await night(first);
    expect(a.links).toBe(f.links);
    expect(await t1()).not.toBe("FIRING");
    const { nightly: b } = await night(new Date(first.getTime() + DAY));
    expect(b.links).toBeLessThan(f.links);
    expect(await t1()).toBe("FIRING");
    await night(new Date(first.getTime() + 2 * DAY));
  }, 120_000);

  it("a full pass whose side read fails reads everything in its own transaction and leaves the same (ADR 1068)", async () => {
    // something to write tonight: a member with an open warning leaves (resolved) on both copies
    const member = await memberWithOpenWarningLeaves("2027-01-19");
    const asked = { count: 0 };
    const { nightly: n, full: f } = await night(
      new Date("2027-01-20T02:30:00Z"),
      "changed",
      fullPassWithoutSideRead(asked),
    );
    // both side reads (the organisations' and the stored warnings', at once) were asked and failed
    expect(asked.count).toBe(2);
    expect(n.changes!.dirty).toBeGreaterThan(0);
    expect(f.written).toBeGreaterThan(0);
    const [resolved] = await full.deps.db.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM "Warning" WHERE "subjectId" = $1::uuid AND state = 'RESOLVED'`,
      member,
    );
    expect(resolved!.n).toBeGreaterThan(0);
  }, 120_000);
});

describe("the first pass streamed with COPY (ADR 1070)", () => {
  it("leaves exactly what the JSON statements leave, awkward text included", async () => {
    // a branch with a critical warning gets a name with every character COPY's text format escapes
    const [org] = await nightly.deps.db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT "orgId" AS id FROM "Warning" WHERE state = 'FIRING' AND severity = 'CRITICAL' AND "subjectType" = 'ORG' ORDER BY "orgId" LIMIT 1`,
    );
    expect(org).toBeTruthy();
    const name = '反斜杠\\支部\t制表"引号"\n第二行\r回车 \\N';
    await onBoth(`UPDATE "Org" SET name = $1 WHERE id = $2::uuid`, name, org!.id);
    // as on the day of deployment: no warning, transition or warning task stored yet
    await onBoth(
      `DELETE FROM "TaskTarget" WHERE "taskId" IN (SELECT id FROM "Task" WHERE "warningId" IS NOT NULL);
       DELETE FROM "Task" WHERE "warningId" IS NOT NULL;`,
    );
    await onBoth(`DELETE FROM "Warning"`);
    now = new Date("2027-01-21T02:30:00Z");
    const streamed = await nightly.warnings.evaluateAll({ copyAt: 1 });
    const statements = await full.warnings.evaluateAll({ copyAt: Number.MAX_SAFE_INTEGER, freshNetwork: true });
    const [x, y] = [await persisted(nightly), await persisted(full)];
    expect(streamed.copied).toBeGreaterThan(10);
    expect(statements.copied).toBe(0);
    // every warning but the townships' (judged by their own persist) went through COPY
    const [{ n } = { n: 0 }] = await nightly.deps.db.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM "Warning" WHERE "subjectType" <> 'AREA'`,
    );
    expect(streamed.copied).toBe(n);
    expect(x.warnings.length).toBeGreaterThan(10);
    expect(x.warnings).toEqual(y.warnings);
    // new warnings have no transition: their first state is on their rows (ADR 1077)
    expect(x.transitions).toEqual([]);
    expect(y.transitions).toEqual([]);
    expect(x.tasks.length).toBeGreaterThan(0);
    expect(x.tasks).toEqual(y.tasks);
    expect(x.health).toEqual(y.health);
    expect(streamed.tasks).toBe(statements.tasks);
    const titles = await nightly.deps.db.$queryRawUnsafe<Array<{ title: string }>>(
      `SELECT t.title FROM "Task" t JOIN "TaskTarget" tt ON tt."taskId" = t.id WHERE tt."orgId" = $1::uuid AND t."warningId" IS NOT NULL`,
      org!.id,
    );
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.every((t) => t.title.includes(name))).toBe(true);
  }, 120_000);

  it("falls back to the JSON statements, with the same rows, when the COPY finds no connection of ours (ADR 1073)", async () => {
    // the state the statements left on the reference copy in the test above, at the same clock
    const before = await persisted(full);
    const db = full.deps.db;
    await db.$executeRawUnsafe(
      `DELETE FROM "TaskTarget" WHERE "taskId" IN (SELECT id FROM "Task" WHERE "warningId" IS NOT NULL)`,
    );
    await db.$executeRawUnsafe(`DELETE FROM "Task" WHERE "warningId" IS NOT NULL`);
    await db.$executeRawUnsafe(`DELETE FROM "Warning"`);
    const stats = await db.$transaction(
      async (tx) => {
        // as behind a pooler: the backend's process id matches none of the pool's connections
        const unregistered = new Proxy(tx, {
          get(target, prop) {
            const value = Reflect.get(target, prop) as unknown;
            if (prop === "$queryRawUnsafe")
              return (sql: string, ...params: unknown[]) =>
                sql === "SELECT pg_backend_pid() AS pid"
                  ? Promise.resolve([{ pid: -1 }])
                  : target.$queryRawUnsafe(sql, ...params);
            return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          },
        });
        return evaluateWarnings(unregistered, now, null, { copyAt: 1, freshNetwork: true });
      },
      { timeout: 120_000 },
    );
    // the comparison was meant to run inside the COPY: with no COPY it ran on its own, once
    expect(stats.copied).toBe(0);
    expect(stats.written).toBeGreaterThan(10);
    expect(await persisted(full)).toEqual(before);
  }, 120_000);

  it("a COPY that fails aborts its transaction and leaves nothing behind", async () => {
    const db = nightly.deps.db;
    const count = async () =>
      (await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "WarningTransition"`))[0]!.n;
    const before = await count();
    const [w] = await db.$queryRawUnsafe<Array<{ id: string }>>(`SELECT id FROM "Warning" LIMIT 1`);
    await expect(
      db.$transaction(async (tx) => {
        const rows = [
          [w!.id, null, "FIRING", "test", now],
          // no such warning: the foreign key fails the COPY after the first row was sent
          [randomUUID(), null, "FIRING", "test", now],
        ];
        await copyRows(tx, "WarningTransition", ["warningId", "fromState", "toState", "action", "at"], rows);
      }),
    ).rejects.toThrow(/foreign key/);
    expect(await count()).toBe(before);
  });

  it("sends nothing when the transaction's connection is not one of ours", async () => {
    const queries: string[] = [];
    const foreign = {
      $queryRawUnsafe: async <T>(sql: string) => {
        queries.push(sql);
        return [{ pid: -1 }] as T;
      },
    };
    expect(await copyRows(foreign, "WarningTransition", ["warningId"], [[randomUUID()]])).toBe(false);
    expect(queries).toEqual(["SELECT pg_backend_pid() AS pid"]);
  });

  it("streams rows as texts on the transaction's connection, the same as read through Prisma (ADR 1072)", async () => {
    const db = nightly.deps.db;
    const sql = `SELECT id::text AS c0, name AS c1, NULL::text AS c2, '支部,"' || chr(10) || chr(9) || chr(92) || name AS c3, (1.5 * level::int)::text AS c4
                 FROM (SELECT id, name, 1 AS level FROM "Org" ORDER BY id LIMIT 50) o ORDER BY id`;
    const read = async (viaPrisma: boolean) =>
      db.$transaction(async (tx) => {
        const rows: Array<ReadonlyArray<string | null>> = [];
        const throughPrisma: string[] = [];
        const target = {
          // viaPrisma: a connection that is not one of ours, so the rows come through Prisma
          $queryRawUnsafe: async <T>(q: string, ...values: unknown[]) => {
            throughPrisma.push(q);
            return viaPrisma && q.includes("pg_backend_pid")
              ? ([{ pid: -1 }] as T)
              : tx.$queryRawUnsafe<T>(q, ...values);
          },
        };
        await eachTextRow(target, sql, [], (row) => rows.push([...row]));
        // streamed: only the connection's process id was asked through Prisma
        expect(throughPrisma).toEqual(
          viaPrisma ? ["SELECT pg_backend_pid() AS pid", sql] : ["SELECT pg_backend_pid() AS pid"],
        );
        return rows;
      });
    const streamed = await read(false);
    expect(streamed.length).toBeGreaterThan(10);
    expect(streamed[0]![2]).toBeNull();
    expect(streamed[0]![3]!.startsWith('支部,"\n\t\\')).toBe(true);
    expect(await read(true)).toEqual(streamed);
  });

  it("a row handler that throws rejects the read, and the transaction can go on", async () => {
    const db = nightly.deps.db;
    const after = await db.$transaction(async (tx) => {
      let seen = 0;
      await expect(
        eachTextRow(tx, `SELECT g::text AS c0 FROM generate_series(1, 1000) g`, [], () => {
          if (++seen === 2) throw new Error("bad row");
        }),
      ).rejects.toThrow("bad row");
      expect(seen).toBe(2);
      return tx.$queryRawUnsafe<Array<{ n: number }>>(`SELECT 7 AS n`);
    });
    expect(after).toEqual([{ n: 7 }]);
  });

  it("formats values as COPY's text format wants them", () => {
    expect(copyText(null)).toBe("\\N");
    expect(copyText(undefined)).toBe("\\N");
    expect(copyText("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
    expect(copyText("\\N")).toBe("\\\\N");
    expect(copyText(new Date("2027-01-21T02:30:00.123Z"))).toBe("2027-01-21T02:30:00.123Z");
    expect(copyText({ name: "支部\n", n: 1 })).toBe('{"name":"支部\\\\n","n":1}');
    expect(copyText(3.5)).toBe("3.5");
    expect(copyText(false)).toBe("false");
    expect(copyText("{1,0}")).toBe("{1,0}");
  });
});

describe("the full pass's member statement (ADR 1071)", () => {
  it("lists a member only because of an open warning, and judges them as the outbox's pass does", async () => {
    // A current member whose arrears warning (O3) is open, in a branch that keeps O3 open until
    // nothing is unpaid and then some (recover below 0: it never recovers by itself), pays
    // December's dues and is credited study today. Nothing but the open warning makes the full
    // pass's statement list the member (no month unpaid, active within 30 days); listed, the
    // member's O3 result stays open at 0 months, where a member left out would be resolved.
    now = new Date("2027-01-21T09:30:00Z");
    const [member] = await nightly.deps.db.$queryRawUnsafe<Array<{ id: string; branch: string }>>(
      `SELECT w."subjectId" AS id, a."branchId" AS branch FROM "Warning" w JOIN "MemberActivity" a ON a."memberId" = w."subjectId"
       WHERE w."ruleId" = 'O3' AND w."subjectType" = 'MEMBER' AND w.state <> 'RESOLVED' AND a.current
       ORDER BY 1 LIMIT 1`,
    );
    expect(member).toBeTruthy();
    await onBoth(
      `INSERT INTO "WarningRuleSetting" (id, "orgId", "ruleId", params, "updatedAt")
       VALUES (gen_random_uuid(), $1::uuid, 'O3', '{"warn": 1, "crit": 3, "recover": -1}', now())`,
      member!.branch,
    );
    const payment = randomUUID();
    await onBoth(
      `INSERT INTO "DuesPayment" (id, "memberId", "orgId", "amountFen", "paidAt", method, "receiptNo")
       VALUES ($1::uuid, $2::uuid, $3::uuid, 100, '2027-01-21T09:00:00Z', 'ONLINE', $1)`,
      payment,
      member!.id,
      member!.branch,
    );
    await onBoth(
      `INSERT INTO "DuesMonth" ("memberId", month, "paymentId", "amountFen", "orgId") VALUES ($1::uuid, '2026-12-01', $2::uuid, 100, $3::uuid)
       ON CONFLICT DO NOTHING`,
      member!.id,
      payment,
      member!.branch,
    );
    await onBoth(
      `INSERT INTO "StudyCredit" (id, "memberId", year, "creditedOn", seconds, source) VALUES (gen_random_uuid(), $1::uuid, 2027, '2027-01-21', 600, 'OFFLINE')`,
      member!.id,
    );
    const [paid] = await nightly.deps.db.$queryRawUnsafe<Array<{ month: Date | null }>>(
      `SELECT "lastPaidMonth" AS month FROM "MemberActivity" WHERE "memberId" = $1::uuid`,
      member!.id,
    );
    expect(paid!.month?.toISOString().slice(0, 10)).toBe("2026-12-01");
    // the outbox's pass on one copy (its statement finds the member by branch), the full pass on the other
    await nightly.warnings.evaluateOrgs([member!.branch]);
    await full.warnings.evaluateAll();
    const rows = (s: Services) =>
      s.deps.db.$queryRawUnsafe<Array<{ ruleId: string; state: string; value: number | null }>>(
        `SELECT "ruleId", state, severity, params, evidence, value, "firstSeenAt", "firingSince", "lastEvaluatedAt", flapping, "flipHistory"
         FROM "Warning" WHERE "subjectId" = $1::uuid ORDER BY "ruleId"`,
        member!.id,
      );
    const [x, y] = [await rows(nightly), await rows(full)];
    expect(y).toEqual(x);
    const o3 = y.find((r) => r.ruleId === "O3");
    expect(o3?.state).not.toBe("RESOLVED");
    expect(o3?.value).toBe(0);
  }, 120_000);
});

describe("transitions streamed with COPY (ADR 1077)", () => {
  it("from copyAt changes of state on, the same as the statements write", async () => {
    // the copy the test above judged by the outbox's pass catches up with the other's full pass
    now = new Date("2027-01-21T09:30:00Z");
    await nightly.warnings.evaluateAll();
    expect((await persisted(nightly)).warnings).toEqual((await persisted(full)).warnings);
    // the members with open warnings leave; the next night their warnings resolve on both copies
    const [{ ids } = { ids: [] }] = await nightly.deps.db.$queryRawUnsafe<Array<{ ids: string[] }>>(
      `SELECT array_agg(DISTINCT "subjectId"::text) AS ids FROM "Warning" WHERE "subjectType" = 'MEMBER' AND state <> 'RESOLVED'`,
    );
    expect(ids.length).toBeGreaterThan(10);
    await onBoth(`UPDATE "Member" SET active = false, "leftOn" = '2027-01-21' WHERE id = ANY($1::uuid[])`, ids);
    now = new Date("2027-01-22T02:30:00Z");
    const streamed = await nightly.warnings.evaluateAll({ copyAt: 1 });
    const statements = await full.warnings.evaluateAll({ copyAt: Number.MAX_SAFE_INTEGER, freshNetwork: true });
    const tonight = async (s: Services) =>
      (await persisted(s)).transitions.filter((t) => (t as { at: Date }).at.getTime() === now.getTime());
    const [x, y] = [await tonight(nightly), await tonight(full)];
    expect(streamed.transitions).toBe(statements.transitions);
    expect(x.length).toBeGreaterThanOrEqual(ids.length);
    expect(x).toEqual(y);
    expect(x.filter((t) => (t as { toState: string }).toState === "RESOLVED").length).toBeGreaterThanOrEqual(
      ids.length,
    );
  }, 120_000);
});

describe("results compared with their stored warnings as they are judged (ADR 1079)", () => {
  it("a full pass with its stored warnings in hand leaves what comparing after judging leaves", async () => {
    // a member with open warnings leaves (resolved); a month on, members out of touch are raised,
    // and another month on their warnings move on (pending to firing, figures grown); both copies
    // get the same
    const db = nightly.deps.db;
    const member = await memberWithOpenWarningLeaves("2027-02-21");
    const asked = { count: 0 };
    // the nightly copy: a full pass with its side read, so the stored warnings are in hand while
    // it judges; the reference: the same pass without one, comparing after judging
    const compared = (at: string) => night(new Date(at), "full", fullPassWithoutSideRead(asked));
    /** the warnings written tonight: stored ones rewritten (members' apart), new ones, the member's resolved */
    const tonight = async () =>
      (
        await db.$queryRawUnsafe<Array<{ updated: number; members: number; created: number; resolved: number }>>(
          `SELECT count(*) FILTER (WHERE "createdAt" < $1::timestamp)::int AS updated,
                  count(*) FILTER (WHERE "createdAt" < $1::timestamp AND "subjectType" = 'MEMBER')::int AS members,
                  count(*) FILTER (WHERE "createdAt" = $1::timestamp)::int AS created,
                  count(*) FILTER (WHERE "subjectId" = $2::uuid AND state = 'RESOLVED')::int AS resolved
           FROM "Warning" WHERE "lastEvaluatedAt" = $1::timestamp`,
          now,
          member,
        )
      )[0]!;
    for (const at of ["2027-02-22T02:30:00Z", "2027-03-22T02:30:00Z"]) {
      const { nightly: early, full: late } = await compared(at);
      expect(early.results).toBe(late.results);
      expect(early.transitions).toBe(late.transitions);
      expect(early.tasks).toBe(late.tasks);
      const written = await tonight();
      expect(early.written).toBe(written.updated + written.created);
      if (at.startsWith("2027-02")) expect(written.resolved).toBeGreaterThan(0);
      // the second night rewrites members' stored warnings: the comparison made while judging
      else expect(written.members).toBeGreaterThan(10);
    }
    // both side reads of each reference pass were asked, and failed
    expect(asked.count).toBe(4);
  }, 120_000);
});

describe("tasks from critical warnings (ADR 1078)", () => {
  it("one task per branch and rule for the members one pass raises to critical, counted by message", async () => {
    const db = full.deps.db;
    const critical = async () =>
      new Set(
        (
          await db.$queryRawUnsafe<Array<{ id: string }>>(
            `SELECT id::text FROM "Warning" WHERE "ruleId" = 'O3' AND state = 'FIRING' AND severity = 'CRITICAL'`,
          )
        ).map((r) => r.id),
      );
    const before = await critical();
    // the whole region tuned so that a single month unpaid is critical arrears
    const [root] = await db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id FROM "Org" WHERE "parentId" IS NULL LIMIT 1`,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "WarningRuleSetting" (id, "orgId", "ruleId", params, "updatedAt")
       VALUES (gen_random_uuid(), $1::uuid, 'O3', '{"warn": 1, "crit": 1, "recover": 0}', now())
       ON CONFLICT ("orgId", "ruleId") DO UPDATE SET params = EXCLUDED.params`,
      root!.id,
    );
    now = new Date("2027-04-23T02:30:00Z");
    const stats = await full.warnings.evaluateAll();
    // the members raised to critical tonight, by branch
    const raised = await db.$queryRawUnsafe<Array<{ id: string; orgId: string }>>(
      `SELECT id::text, "orgId"::text FROM "Warning" WHERE "ruleId" = 'O3' AND state = 'FIRING' AND severity = 'CRITICAL'`,
    );
    const perBranch = new Map<string, number>();
    for (const w of raised) if (!before.has(w.id)) perBranch.set(w.orgId, (perBranch.get(w.orgId) ?? 0) + 1);
    expect([...perBranch.values()].some((n) => n >= 2)).toBe(true);
    const tasks = await db.$queryRawUnsafe<Array<{ orgId: string; title: string; body: string }>>(
      `SELECT tt."orgId"::text, t.title, t.body FROM "Task" t JOIN "TaskTarget" tt ON tt."taskId" = t.id
       JOIN "Warning" w ON w.id = t."warningId" WHERE w."ruleId" = 'O3' AND t."createdAt" = $1::timestamp`,
      now,
    );
    // exactly one arrears task for each branch with members raised, none for any other
    expect(tasks.map((x) => x.orgId).sort()).toEqual([...perBranch.keys()].sort());
    expect(stats.tasks).toBeGreaterThanOrEqual(tasks.length);
    for (const task of tasks) {
      const n = perBranch.get(task.orgId)!;
      const lines = task.body.split("\n");
      if (n === 1) {
        expect(task.title).not.toMatch(/名党员/);
        expect(lines).toHaveLength(2);
        continue;
      }
      expect(task.title).toContain(`（${n} 名党员）`);
      // every line but the action: a message and its members; they add up to the branch's count
      const counted = lines.slice(0, -1).map((line) => Number(/（(\d+) 名党员）$/.exec(line)?.[1]));
      expect(counted.every((c) => c > 0)).toBe(true);
      expect(counted.reduce((a, b) => a + b, 0)).toBe(n);
      expect(new Set(lines.slice(0, -1)).size).toBe(lines.length - 1);
    }
  }, 120_000);
});
