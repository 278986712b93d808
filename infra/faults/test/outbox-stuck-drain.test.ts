// A drain job pg-boss could not settle (its handler ended while PostgreSQL was down, or its worker
// was killed) stays "active" until it expires, ten minutes later, and the stately queue runs no
// other drain meanwhile (ADR 1042). The worker's safety net drains events older than 20 s itself,
// so facts reach the fact table within half a minute all the same.
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordHeldMeeting, regionDatabase, type Region, type TestDatabase } from "@dangjian/services/testing";
import { QUEUES, startWorker, type RunningWorker } from "@dangjian/worker";
import { waitFor } from "../src/index.ts";

let t: TestDatabase;
let region: Region;
let worker: RunningWorker;
let orphan: PgBoss;
const lines: string[] = [];

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
  worker = await startWorker({ services: t.services, databaseUrl: t.url, log: (line) => lines.push(line) });
  orphan = new PgBoss({ connectionString: t.url, schema: "pgboss", max: 1, supervise: false, schedule: false });
  orphan.on("error", () => {});
  await orphan.start();
  // the start-up full warning pass settles the outbox itself: let it finish first
  await waitFor("the start-up warning pass", () => lines.some((line) => line.includes("预警全量评估")), {
    timeoutMs: 120_000,
  });
});
afterAll(async () => {
  await orphan?.stop({ graceful: false, wait: true });
  await worker?.stop();
  await t?.drop();
});

describe("outbox drain stuck in pg-boss", () => {
  it("events are drained by the safety net while the queue's only active slot is held by an orphaned job", async () => {
    // an "active" drain nobody will ever finish: what a drain ending during an outage leaves
    const stuck = await waitFor("an orphaned active drain job", async () => {
      await orphan.send(QUEUES.outboxDrain, {});
      const [job] = await orphan.fetch(QUEUES.outboxDrain);
      return job ?? null;
    });
    expect(stuck.id).toBeTruthy();

    const db = t.services.deps.db;
    const at = new Date("2026-11-12T08:00:00Z");
    const written = Date.now();
    await recordHeldMeeting(db, { orgId: region.branchA, type: "BRANCH_ASSEMBLY", topic: "支部党员大会", at });
    const fact = await waitFor(
      "the fact row",
      () =>
        db.orgMonthFact.findUnique({
          where: { orgId_month: { orgId: region.branchA, month: new Date("2026-11-01T00:00:00Z") } },
        }),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(fact.branchAssemblyHeld).toBe(1);
    expect(Date.now() - written).toBeLessThan(45_000);
    expect(await t.services.outbox.pending()).toBe(0);
    expect(lines.some((line) => line.includes("补漏"))).toBe(true);
    // the orphan still holds the queue's active slot, and the drain queued behind it never ran
    expect((await orphan.getJobById(QUEUES.outboxDrain, stuck.id))?.state).toBe("active");
    const queued = await t.services.deps.db.$queryRawUnsafe<Array<{ state: string }>>(
      `SELECT state FROM pgboss.job WHERE name = $1
         AND created_on > (SELECT created_on FROM pgboss.job WHERE id = $2::uuid)`,
      QUEUES.outboxDrain,
      stuck.id,
    );
    expect(queued.map((j) => j.state)).toContain("created");
    expect(queued.map((j) => j.state)).not.toContain("completed");
  });
});
