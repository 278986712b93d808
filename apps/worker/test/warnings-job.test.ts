// The start-up full warning pass on a freshly seeded region: it must judge the facts the outbox
// derives from the seed, not race the fact-table job and judge a region without them (which
// flags every branch as missing its meetings, then resolves it, leaving critical tasks behind).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, seedDemo, type TestDatabase } from "@dangjian/services/testing";
import { startWorker, type RunningWorker } from "../src/worker.ts";

let t: TestDatabase;
let worker: RunningWorker | undefined;
const lines: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.services.deps.db, { referenceDate: new Date() });
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await t.drop();
});

describe("warnings job at start-up", () => {
  it("evaluates the seeded region once its facts are derived: nothing fires and resolves in passing", async () => {
    const db = t.services.deps.db;
    expect(await t.services.outbox.pending()).toBeGreaterThan(0);
    worker = await startWorker({ services: t.services, databaseUrl: t.url, log: (line) => lines.push(line) });
    const deadline = Date.now() + 60_000;
    while (!lines.some((l) => l.includes("预警全量评估")) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(lines.some((l) => l.includes("预警全量评估"))).toBe(true);
    expect(await t.services.outbox.pending()).toBe(0);
    expect(await db.warning.count({ where: { state: "FIRING" } })).toBeGreaterThan(5);
    expect(await db.warning.count({ where: { state: "RESOLVED" } })).toBe(0);
    // a task for each critical warning, one for the members of a branch on the same rule (ADR 1078)
    const [{ expected } = { expected: -1 }] = await db.$queryRawUnsafe<Array<{ expected: number }>>(
      `SELECT (count(*) FILTER (WHERE "subjectType" <> 'MEMBER')
             + count(DISTINCT ("orgId", "ruleId")) FILTER (WHERE "subjectType" = 'MEMBER'))::int AS expected
       FROM "Warning" WHERE state = 'FIRING' AND severity = 'CRITICAL'`,
    );
    expect(expected).toBeGreaterThan(0);
    expect(await db.task.count({ where: { warningId: { not: null } } })).toBe(expected);
  }, 90_000);
});
