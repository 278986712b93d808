// PostgreSQL restarted under load (issue 14 §2, ADR 1040): while it is down, requests fail fast
// with a clear Chinese message (no hanging request), /readyz of the gateway and of the worker say
// "database"; when it is back, the pools (Prisma's, pg-boss's, the outbox LISTEN connection)
// recover by themselves, without restarting any process, and no outbox event is lost: every
// meeting committed before, during or after the outage is counted in the fact table.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { testStorageConfig } from "@dangjian/infra-dev/vitest";
import { repoRoot } from "@dangjian/infra-dev";
import { createServices, type Services } from "@dangjian/services";
import { createRegion, PASSWORD, recordHeldMeeting, type Region } from "@dangjian/services/testing";
import { createGateway, type Gateway } from "@dangjian/gateway";
import { getJson, ownPostgres, spawnNode, waitFor, type OwnPostgres, type Proc } from "../src/index.ts";

let pg: OwnPostgres;
let services: Services;
let gateway: Gateway;
let region: Region;
let cookie = "";
let worker: Proc | undefined;
let writer: Services | undefined;

beforeAll(async () => {
  process.env.DANGJIAN_PII_KEY ??= randomBytes(32).toString("base64");
  pg = await ownPostgres();
  // the gateway's bound on a query's answer (30 s in apps/gateway/src/main.ts; shorter here)
  services = createServices({ databaseUrl: pg.url, poolSize: 4, storage: testStorageConfig(), queryTimeoutMs: 5000 });
  region = await createRegion(services.deps.db);
  const { token } = await services.auth.login({
    identifier: region.phones.member,
    password: PASSWORD,
    ip: null,
    userAgent: null,
  });
  cookie = `dj_session=${encodeURIComponent(token)}`;
  gateway = await createGateway({ services, port: 0, withoutApps: true });
});

afterAll(async () => {
  await worker?.stop();
  await writer?.close();
  await gateway?.close();
  await services?.close();
  await pg?.destroy();
});

const me = () =>
  fetch(`${gateway.url}/api/trpc/auth.me`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) }).then(
    async (r) => ({ status: r.status, text: await r.text() }),
  );

describe("PostgreSQL restarted", () => {
  it("readiness, fast failures with a clear message, and recovery without a restart of the gateway", async () => {
    const ready = await waitFor("readyz", async () => {
      const r = await getJson(`${gateway.url}/readyz`);
      return r.status === 200 ? r : null;
    });
    expect(ready.body).toMatchObject({ ready: true, failed: [] });
    expect((await me()).status).toBe(200);

    await pg.stop();

    const down = await waitFor("readyz to report the database", async () => {
      const r = await getJson(`${gateway.url}/readyz`);
      return r.status === 503 ? r : null;
    });
    expect(down.body).toMatchObject({ ready: false });
    expect((down.body as { failed: string[] }).failed).toContain("database");
    expect((down.body as { checks: { storage: { ok: boolean } } }).checks.storage.ok).toBe(true);
    expect(down.ms).toBeLessThan(5000);
    expect((await getJson(`${gateway.url}/healthz`)).status).toBe(200);

    const started = performance.now();
    const failed = await me();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(failed.status).toBe(503);
    expect(failed.text).toContain("数据库");

    await pg.start();
    await waitFor("readyz to be ready again", async () => (await getJson(`${gateway.url}/readyz`)).status === 200, {
      timeoutMs: 30_000,
    });
    expect((await me()).status).toBe(200);
  });
});

describe("PostgreSQL restarted under load", () => {
  it("requests fail fast and clearly, the worker's pools recover by themselves, and no outbox event is lost", async () => {
    const s3 = testStorageConfig();
    worker = spawnNode(
      "worker",
      "src/main.ts",
      {
        DATABASE_URL: pg.url,
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        DANGJIAN_PII_KEY: process.env.DANGJIAN_PII_KEY!,
        WORKER_HTTP_PORT: "0",
      },
      path.join(repoRoot, "apps/worker"),
    );
    const workerUrl = (await worker.waitForOutput(/探针已启动：(http:\/\/\S+?)\/healthz/))[1]!;
    await waitFor("the worker to be ready", async () => (await getJson(`${workerUrl}/readyz`)).status === 200);

    // Writers: a meeting and its outbox event in one transaction, as the use cases write them.
    writer = createServices({ databaseUrl: pg.url, poolSize: 2 });
    const db = writer.deps.db;
    const month = new Date("2026-11-01T00:00:00Z");
    let acknowledged = 0;
    let refused = 0;
    let writing = true;
    const writeLoop = (async () => {
      while (writing) {
        const at = new Date("2026-11-10T08:00:00Z");
        try {
          await recordHeldMeeting(db, { orgId: region.branchA, type: "BRANCH_ASSEMBLY", topic: "支部党员大会", at });
          acknowledged++;
        } catch {
          refused++;
        }
        await new Promise((r) => setTimeout(r, 30));
      }
    })();

    // Readers: eight at a time through the gateway, each bounded; every answer is recorded.
    const answers: Array<{ status: number; ms: number; text: string; phase: string }> = [];
    let phase = "before";
    let reading = true;
    const readLoops = Array.from({ length: 8 }, async () => {
      while (reading) {
        const started = performance.now();
        try {
          const r = await me();
          answers.push({ status: r.status, ms: performance.now() - started, text: r.text, phase });
        } catch (error) {
          answers.push({ status: 0, ms: performance.now() - started, text: String(error), phase });
        }
      }
    });

    await waitFor("some writes and reads before the outage", () => acknowledged >= 10 && answers.length >= 20);
    const beforeOutage = acknowledged;
    phase = "stopping";
    await pg.stop();
    phase = "down";
    // the worker's probe and the gateway's both name the database
    for (const url of [gateway.url, workerUrl]) {
      const down = await waitFor(`${url}/readyz to report the database`, async () => {
        const r = await getJson(`${url}/readyz`);
        return r.status === 503 ? r : null;
      });
      expect((down.body as { failed: string[] }).failed).toContain("database");
    }
    await waitFor(
      "refused writes and reads while down",
      () => refused >= 5 && answers.filter((a) => a.phase === "down").length >= 40,
    );
    expect(acknowledged - beforeOutage).toBeLessThanOrEqual(2); // at most the ones in flight at the stop

    phase = "starting";
    await pg.start();
    for (const url of [gateway.url, workerUrl])
      await waitFor(`${url}/readyz to be ready again`, async () => (await getJson(`${url}/readyz`)).status === 200, {
        timeoutMs: 30_000,
      });
    phase = "after";
    const afterRestart = acknowledged;
    await waitFor("writes to succeed again", () => acknowledged >= afterRestart + 10, { timeoutMs: 30_000 });
    await waitFor(
      "reads to succeed again",
      () => answers.filter((a) => a.phase === "after" && a.status === 200).length >= 20,
      {
        timeoutMs: 30_000,
      },
    );
    writing = false;
    reading = false;
    await writeLoop;
    await Promise.all(readLoops);

    // no request hung, none was answered as a bug; while down, 503 with the message, quickly
    expect(answers.filter((a) => a.status === 0)).toEqual([]);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    const down = answers.filter((a) => a.phase === "down" && a.status === 503);
    expect(down.length).toBeGreaterThan(0);
    for (const a of down) expect(a.text).toContain("数据库暂时连接不上");
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(10_000);
    expect(answers.filter((a) => a.phase === "before").every((a) => a.status === 200)).toBe(true);

    // The worker — never restarted — drains everything: each committed meeting is counted once.
    const pending = () => db.outboxEvent.count({ where: { processedAt: null } });
    await waitFor("the worker to drain the outbox", async () => (await pending()) === 0, { timeoutMs: 90_000 });
    const meetings = await db.meeting.count({ where: { orgId: region.branchA, type: "BRANCH_ASSEMBLY" } });
    expect(meetings).toBeGreaterThanOrEqual(acknowledged);
    expect(await db.outboxEvent.count()).toBe(meetings);
    const fact = await db.orgMonthFact.findUniqueOrThrow({ where: { orgId_month: { orgId: region.branchA, month } } });
    expect(fact.branchAssemblyHeld).toBe(meetings);
    expect(worker.child.exitCode).toBeNull();
  });
});

describe("PostgreSQL frozen (SIGSTOP: connections open, no answer)", () => {
  it("requests end with 503 within the query timeout instead of hanging, and all is well after SIGCONT", async () => {
    expect((await me()).status).toBe(200);
    pg.freeze();
    try {
      const ready = await getJson(`${gateway.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(5000);
      // the embedded search engine lives in PostgreSQL: it is named too
      expect(ready.body).toMatchObject({
        failed: ["database", "search"],
        checks: { database: { reason: "timeout" }, storage: { ok: true } },
      });
      const answers = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const started = performance.now();
          const r = await me();
          return { ...r, ms: performance.now() - started };
        }),
      );
      for (const a of answers) {
        expect(a.status).toBe(503);
        expect(a.text).toContain("数据库暂时连接不上");
        // at worst: the query timeout (5 s here), then a new connection that is never answered (15 s)
        expect(a.ms).toBeLessThan(25_000);
      }
    } finally {
      pg.thaw();
    }
    await waitFor("readyz after SIGCONT", async () => (await getJson(`${gateway.url}/readyz`)).status === 200, {
      timeoutMs: 30_000,
    });
    expect((await me()).status).toBe(200);
  });
});
