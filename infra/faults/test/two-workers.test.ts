// Two worker processes at once on one database (issue 14 §1): every outbox event is handled by
// exactly one of them (the drain takes events with SKIP LOCKED and marks them in the same
// transaction), and every uploaded video is transcoded exactly once (one job per asset: pg-boss
// singleton key; one attempt at a time: the asset's lease, ADR 1041), whichever worker takes it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query, testStorageConfig } from "@dangjian/infra-dev/vitest";
import { repoRoot } from "@dangjian/infra-dev";
import { regionDatabase, testVideo, uploadedVideo, type Region, type TestDatabase } from "@dangjian/services/testing";
import { spawnNode, waitFor, type Proc } from "../src/index.ts";

let t: TestDatabase;
let region: Region;
let dir: string;
const workers: Proc[] = [];

function startWorkerProcess(name: string): Proc {
  const s3 = testStorageConfig();
  const proc = spawnNode(
    name,
    "src/main.ts",
    {
      DATABASE_URL: t.url,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: "true",
      DANGJIAN_PII_KEY: process.env.DANGJIAN_PII_KEY!,
      WORKER_HTTP_PORT: "0",
      LOG_LEVEL: "info",
    },
    path.join(repoRoot, "apps/worker"),
  );
  workers.push(proc);
  return proc;
}

/** events each worker says it drained (the pg-boss job and the safety net both count) */
const drained = (proc: Proc) =>
  [...proc.output().matchAll(/处理 (\d+) 条(?:滞留)?事件/g)].reduce((sum, m) => sum + Number(m[1]), 0);

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
  dir = mkdtempSync(path.join(tmpdir(), "dangjian-two-workers-"));
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await t?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("two workers at once", () => {
  it("every outbox event is handled once and every video transcoded once, by one worker or the other", async () => {
    const db = t.services.deps.db;
    const storage = t.services.deps.storage!;
    const w1 = startWorkerProcess("worker-1");
    const w2 = startWorkerProcess("worker-2");
    await Promise.all([w1, w2].map((w) => w.waitForOutput(/后台任务已启动/)));

    // 300 events in 30 transactions at once, each NOTIFYing both workers
    const EVENTS = 300;
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db.$executeRawUnsafe(
          `INSERT INTO "OutboxEvent" (topic, payload)
           SELECT 'facts.touch', jsonb_build_object('keys', jsonb_build_array(jsonb_build_object('orgId', $1::text, 'month', $2::text)))
           FROM generate_series(1, 10)`,
          i % 2 ? region.branchA : region.branchB,
          `2026-0${(i % 9) + 1}`,
        ),
      ),
    );
    await waitFor(
      "every event to be processed",
      async () => (await db.outboxEvent.count({ where: { processedAt: null } })) === 0,
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    // each event was processed exactly once: the drain counts its processings in `attempts`
    // (a second processing by the other worker would make it 2), and what the two workers report
    // having drained never adds up to more than the events
    const attempts = await query<{ attempts: number; n: string }>(
      t.url,
      `SELECT attempts, count(*)::text AS n FROM "OutboxEvent" GROUP BY attempts`,
      [],
    );
    expect(attempts).toEqual([{ attempts: 1, n: String(EVENTS) }]);
    expect(drained(w1) + drained(w2)).toBeLessThanOrEqual(EVENTS);

    // three uploads at once: each transcoded once, whichever worker takes it
    const file = path.join(dir, "short.mp4");
    const bytes = testVideo(file, { seconds: 4, size: "320x240", rate: 15 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await uploadedVideo(t, bytes, "short.mp4"));
    await waitFor(
      "the three videos to be READY",
      async () => {
        const assets = await db.videoAsset.findMany({ where: { id: { in: ids } } });
        const failed = assets.find((a) => a.status === "FAILED");
        if (failed) throw new Error(`FAILED: ${failed.failureReason}`);
        return assets.every((a) => a.status === "READY");
      },
      { timeoutMs: 240_000, intervalMs: 500 },
    );
    for (const id of ids) {
      const done = new RegExp(`视频 ${id} 转码完成`, "g");
      const times = [...w1.output().matchAll(done)].length + [...w2.output().matchAll(done)].length;
      expect(times).toBe(1);
      // one job per asset, completed at its first try
      const jobs = await query<{ state: string; retry_count: number }>(
        t.url,
        `SELECT state, retry_count FROM pgboss.job WHERE name = 'video-transcode' AND data->>'assetId' = $1
         UNION ALL SELECT state, retry_count FROM pgboss.archive WHERE name = 'video-transcode' AND data->>'assetId' = $1`,
        [id],
      );
      expect(jobs).toEqual([{ state: "completed", retry_count: 0 }]);
      // and one attempt's files only
      const asset = await db.videoAsset.findUniqueOrThrow({ where: { id } });
      const keys = await storage.list(`videos/${id}/hls/`);
      expect(keys.length).toBeGreaterThan(3);
      expect(keys.filter((k) => !k.startsWith(asset.outputPrefix!))).toEqual([]);
    }
    // both processes stayed up throughout
    expect(w1.child.exitCode).toBeNull();
    expect(w2.child.exitCode).toBeNull();
  }, 400_000);
});
