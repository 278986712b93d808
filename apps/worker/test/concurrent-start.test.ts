import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@dangjian/services/testing";
import { startWorker, type RunningWorker } from "../src/worker.ts";

let t: TestDatabase;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await t.drop();
});

// pg-boss creates a partition per queue; three workers creating every queue at the same moment on
// a database that has none deadlocked before queue creation was serialised across processes.
it("three workers starting at the same moment on an empty queue schema all start", async () => {
  const started = await Promise.allSettled(
    [1, 2, 3].map(() => startWorker({ services: t.services, databaseUrl: t.url, log: () => {} })),
  );
  for (const result of started) if (result.status === "fulfilled") workers.push(result.value);
  expect(
    started.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason)),
  ).toEqual([]);
  const queues = await t.services.deps.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.queue`;
  expect(Number(queues[0]!.n)).toBeGreaterThanOrEqual(5);
}, 120_000);
