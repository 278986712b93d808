// The video sweep holds a pooled connection while it enqueues uploads. If that connection is lost
// meanwhile (PostgreSQL restarted, the session terminated), pg reports it as an 'error' event on
// the checked-out client; unheard, that is an uncaught exception that would end the worker.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@dangjian/services/testing";
import { enqueueAwaiting } from "../src/jobs/video-transcode.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

it("a sweep whose connection is terminated fails with an error, and the pool recovers", async () => {
  const pool = new pg.Pool({ connectionString: t.url, max: 1 });
  pool.on("error", () => undefined);
  const admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
  const connect = pool.connect.bind(pool);
  let terminated = 0;
  // the first statement on the sweep's connection finds it terminated by another session
  pool.connect = (async () => {
    const client = await connect();
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    let first = true;
    client.query = (async (...args: unknown[]) => {
      if (first) {
        first = false;
        const pid = (client as unknown as { processID: number }).processID;
        await admin.query("SELECT pg_terminate_backend($1)", [pid]);
        terminated++;
        await new Promise((resolve) => setTimeout(resolve, 300)); // the 'error' event arrives
      }
      return query(...args);
    }) as typeof client.query;
    return client;
  }) as typeof pool.connect;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => void uncaught.push(error);
  process.on("uncaughtException", onUncaught);
  try {
    await expect(enqueueAwaiting({ send: async () => null }, pool)).rejects.toThrow();
    expect(terminated).toBe(1);
    expect(uncaught).toEqual([]);
    // the broken connection was discarded: the next statement gets a new one
    pool.connect = connect;
    const { rows } = await pool.query<{ ok: number }>("SELECT 1 AS ok");
    expect(rows[0]!.ok).toBe(1);
  } finally {
    process.off("uncaughtException", onUncaught);
    await admin.end();
    await pool.end();
  }
});
