// The worker killed with SIGKILL in the middle of a transcode (issue 14 §2, ADR 1041): the attempt
// stops renewing its lease; the next worker reclaims the asset once the lease has passed, removes
// the dead attempt's partial output, kills the ffmpeg it left running and its work directory, and
// fails the orphaned job so that pg-boss retries it. The lesson's video ends READY with exactly one
// attempt's files under its HLS root, and plays.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStorageConfig, query } from "@dangjian/infra-dev/vitest";
import { repoRoot } from "@dangjian/infra-dev";
import {
  createTestDatabase,
  schoolAdminActor,
  testVideo,
  uploadedVideo,
  type TestDatabase,
} from "@dangjian/services/testing";
import { getJson, spawnNode, waitFor, type Proc } from "../src/index.ts";

let t: TestDatabase;
let dir: string;
const workers: Proc[] = [];

function workerEnv(): Record<string, string> {
  const s3 = testStorageConfig();
  return {
    DATABASE_URL: t.url,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_FORCE_PATH_STYLE: "true",
    DANGJIAN_PII_KEY: process.env.DANGJIAN_PII_KEY!,
    WORKER_HTTP_PORT: "0",
  };
}

function startWorkerProcess(name: string): Proc {
  const proc = spawnNode(name, "src/main.ts", workerEnv(), path.join(repoRoot, "apps/worker"));
  workers.push(proc);
  return proc;
}

/** ffmpeg/ffprobe processes whose command line names `needle` */
function ffmpegProcesses(needle: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (/^(\/\S*\/)?ff(mpeg|probe)\0/.test(cmdline) && cmdline.includes(needle)) pids.push(Number(pid));
  }
  return pids;
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "dangjian-faults-video-"));
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await t?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("worker killed mid-transcode", () => {
  it("the job is retried, the lesson's video reaches READY, and nothing of the killed attempt is left", async () => {
    const db = t.services.deps.db;
    const storage = t.services.deps.storage!;
    // a 60 s source: long enough to be caught mid-ffmpeg on a loaded machine
    const file = path.join(dir, "lecture.mp4");
    const id = await uploadedVideo(t, testVideo(file, { seconds: 60 }), "lecture.mp4");
    const course = await db.course.create({ data: { title: "断电课程", category: "理论学习", published: true } });
    const lesson = await db.lesson.create({
      data: { courseId: course.id, title: "断电课时", kind: "VIDEO", videoAssetId: id },
    });
    const assetRow = () => db.videoAsset.findUniqueOrThrow({ where: { id } });

    const first = startWorkerProcess("worker-1");
    const killed = await waitFor(
      "the first worker to be transcoding",
      async () => {
        const asset = await assetRow();
        return asset.status === "TRANSCODING" && asset.progress > 0 ? asset : null;
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    const killedAttempt = killed.attempt!;
    const workDirNeedle = `dangjian-video-${first.child.pid}-${id}-`;
    expect(ffmpegProcesses(workDirNeedle).length).toBeGreaterThan(0);

    // SIGKILL to the worker alone, as the OOM killer would: no handler runs, its ffmpeg lives on
    first.kill("SIGKILL");
    await first.exited;
    // what an upload in flight at the moment of the kill had put into the attempt's own prefix
    await storage.put(`videos/${id}/hls/${killedAttempt}/360p/seg_000.m4s`, "partial", "video/iso.segment");
    expect(await assetRow()).toMatchObject({ status: "TRANSCODING", attempt: killedAttempt });

    const second = startWorkerProcess("worker-2");
    const probe = await second.waitForOutput(/探针已启动：(http:\/\/\S+?)\/healthz/);
    await waitFor("the new worker to be ready", async () => (await getJson(`${probe[1]}/readyz`)).status === 200);
    // the dead worker's ffmpeg and work directory are gone once the new worker has started
    await waitFor("the orphaned ffmpeg to be stopped", () => ffmpegProcesses(workDirNeedle).length === 0, {
      timeoutMs: 30_000,
    });
    expect(readdirSync(tmpdir()).some((entry) => entry.startsWith(workDirNeedle))).toBe(false);

    const ready = await waitFor(
      "the video to be READY after the retry",
      async () => {
        const asset = await assetRow();
        if (asset.status === "FAILED") throw new Error(`FAILED: ${asset.failureReason}`);
        return asset.status === "READY" ? asset : null;
      },
      { timeoutMs: 240_000, intervalMs: 500 },
    );
    expect(second.output()).toMatch(/租约过期/);
    expect(ready.failureReason).toBeNull();
    expect(ready.outputPrefix).toMatch(new RegExp(`^videos/${id}/hls/[0-9a-f-]{36}/$`));
    expect(ready.outputPrefix).not.toContain(killedAttempt);
    const keys = await storage.list(`videos/${id}/hls/`);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((k) => !k.startsWith(ready.outputPrefix!))).toEqual([]);
    // every rendition's playlist is there
    const renditions = await db.rendition.findMany({ where: { assetId: id } });
    expect(renditions.map((r) => r.name).sort()).toEqual(["240p", "360p", "audio"]);
    for (const r of renditions) expect(keys).toContain(r.playlistKey);

    // pg-boss retried the same job (not a second job beside it)
    const jobs = await query<{ state: string; retry_count: number }>(
      t.url,
      `SELECT state, retry_count FROM pgboss.job WHERE name = 'video-transcode' AND data->>'assetId' = $1
       UNION ALL SELECT state, retry_count FROM pgboss.archive WHERE name = 'video-transcode' AND data->>'assetId' = $1`,
      [id],
    );
    expect(jobs).toEqual([{ state: "completed", retry_count: 1 }]);

    // and it plays
    const staff = schoolAdminActor();
    const variant = await t.services.school.playlist(staff, lesson.id, "360p/index.m3u8");
    const segment = variant.split("\n").find((l) => l.startsWith("http"))!;
    expect((await fetch(segment)).status).toBe(200);
    expect(existsSync(file)).toBe(true);
  });
});
