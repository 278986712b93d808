// Two workers, each with its own services and pg-boss (they share only PostgreSQL): the nightly
// warning pass runs once per night however many jobs the two send for it (ADR 1003). Every worker
// sends a catch-up job when it starts, and pg-boss's cron may send the night's job from either
// worker (once a minute at most, but a send near a minute boundary can repeat); the "stately"
// queue still runs a second job after the first has finished. Each job is sent here the way the
// cron's send lands, at a clock the test sets on both processes' services.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createServices, type Services } from "@dangjian/services";
import { createRegion, createTestDatabase, type TestDatabase } from "@dangjian/services/testing";
import { startWorker, type RunningWorker } from "../src/worker.ts";
import { NIGHTLY_PASS, nightlySlot, WARNING_QUEUES } from "../src/jobs/warnings.ts";

let t: TestDatabase;
let clock = new Date("2026-12-05T10:00:00Z");
const services: Services[] = [];
const workers: RunningWorker[] = [];
const lines: string[] = [];
let passes = 0;

function countedServices(): Services {
  const s = createServices({ databaseUrl: t.url, poolSize: 4, now: () => clock });
  const evaluateAll = s.warnings.evaluateAll.bind(s.warnings);
  s.warnings.evaluateAll = (...args: Parameters<typeof evaluateAll>) => {
    passes += 1;
    return evaluateAll(...args);
  };
  services.push(s);
  return s;
}

async function queueIdle(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await t.services.deps.db.$queryRaw<Array<{ open: bigint }>>`
      SELECT count(*) AS open FROM pgboss.job WHERE name = ${WARNING_QUEUES.evaluate} AND state IN ('created', 'retry', 'active')`;
    if (Number(row!.open) === 0) return;
    if (Date.now() > deadline) throw new Error("the warnings queue did not drain");
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function completedJobs(): Promise<number> {
  const [row] = await t.services.deps.db.$queryRaw<Array<{ n: bigint }>>`
    SELECT count(*) AS n FROM pgboss.job WHERE name = ${WARNING_QUEUES.evaluate} AND state = 'completed'`;
  return Number(row!.n);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await createRegion(t.services.deps.db);
}, 60_000);
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  for (const s of services) await s.close();
  await t.drop();
});

it("knows which night a moment belongs to (02:30 Asia/Shanghai)", () => {
  expect(nightlySlot(new Date("2026-12-05T10:00:00Z")).toISOString()).toBe("2026-12-04T18:30:00.000Z");
  expect(nightlySlot(new Date("2026-12-05T18:30:00Z")).toISOString()).toBe("2026-12-05T18:30:00.000Z");
  expect(nightlySlot(new Date("2026-12-05T18:29:59Z")).toISOString()).toBe("2026-12-04T18:30:00.000Z");
  expect(nightlySlot(new Date("2027-01-01T00:00:00Z")).toISOString()).toBe("2026-12-31T18:30:00.000Z");
});

it("two workers starting at once run the start-up pass once", async () => {
  const [a, b] = await Promise.all(
    [countedServices(), countedServices()].map((s) =>
      startWorker({ services: s, databaseUrl: t.url, log: (line) => lines.push(line) }),
    ),
  );
  workers.push(a!, b!);
  await queueIdle();
  // both start-up jobs may have been taken (or one collapsed into the other by the stately queue)
  expect(passes).toBe(1);
  expect(await completedJobs()).toBeGreaterThanOrEqual(1);
  const runs = await t.services.deps.db.scheduledRun.findMany();
  expect(runs.map((r) => r.key)).toEqual([`${NIGHTLY_PASS}@2026-12-04T18:30:00.000Z`]);
}, 120_000);

it("the night's pass runs once when both workers send it, one after the other, as often as they like", async () => {
  clock = new Date("2026-12-05T18:30:02Z");
  const before = await completedJobs();
  // worker a's cron fires; then worker b's (after a's job has finished, so no queue can merge them)
  await workers[0]!.boss.send(WARNING_QUEUES.evaluate, {});
  await queueIdle();
  expect(passes).toBe(2);
  clock = new Date("2026-12-05T18:31:01Z"); // a minute later: pg-boss's once-a-minute guard is past
  await workers[1]!.boss.send(WARNING_QUEUES.evaluate, {});
  await queueIdle();
  await workers[0]!.boss.send(WARNING_QUEUES.evaluate, {});
  await queueIdle();
  // every job completed (none failed), one pass ran
  expect(await completedJobs()).toBe(before + 3);
  expect(passes).toBe(2);
  expect(lines.filter((l) => l.includes("跳过")).length).toBeGreaterThanOrEqual(2);
  const runs = await t.services.deps.db.scheduledRun.findMany({ orderBy: { key: "asc" } });
  expect(runs.map((r) => r.key)).toEqual([
    `${NIGHTLY_PASS}@2026-12-04T18:30:00.000Z`,
    `${NIGHTLY_PASS}@2026-12-05T18:30:00.000Z`,
  ]);
  // the next night runs again
  clock = new Date("2026-12-06T18:30:01Z");
  await workers[1]!.boss.send(WARNING_QUEUES.evaluate, {});
  await queueIdle();
  expect(passes).toBe(3);
}, 180_000);

it("two workers whose jobs for one night run at the same moment: one pass, the other waits and skips", async () => {
  clock = new Date("2026-12-07T18:30:00Z");
  const [first, second] = await Promise.all(
    services.slice(0, 2).map((s) => s.scheduled.runOnce(NIGHTLY_PASS, nightlySlot, () => s.warnings.evaluateAll())),
  );
  expect([first!.ran, second!.ran].sort()).toEqual([false, true]);
  expect(passes).toBe(4);
}, 120_000);
