// Video pipeline job: probe the uploaded source with ffprobe, then one ffmpeg pass into the HLS
// ladder (4 s fMP4, master playlist, audio-only rung, poster), uploaded to S3 under the
// attempt's own prefix. Retried with backoff by pg-boss; every attempt starts from the source
// and holds the asset by a lease it renews (ADR 1041): a worker killed mid-transcode stops
// renewing, and the sweep of any worker then removes the dead attempt's partial output and
// fails its job so that pg-boss retries it. A file that is not a playable video fails at once
// (no retry), with a reason for the administrator and its storage removed.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import {
  ffmpegArgs,
  planLadder,
  progressPercent,
  safeInputArgs,
  sourceFromProbe,
  type SourceInfo,
} from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import "@dangjian/core/messages/school";
import type { JobContext, WorkerJob } from "./types.ts";

export const VIDEO_QUEUE = "video-transcode";
const RETRY_LIMIT = 3;

class BadInput extends Error {}
/** Another attempt holds the asset now (this one was taken for dead): stop, it is not a failure. */
class AttemptLost extends Error {}
/** The worker is stopping: the asset goes back to the queue, it is not the file's fault. */
class Interrupted extends Error {}

// ffmpeg/ffprobe run in their own process group, so that Ctrl-C in a terminal (which signals the
// whole foreground group) does not kill them behind the worker's back and make a good upload
// look broken. The worker stops them itself when it shuts down (interruptTranscodes).
const running = new Set<ChildProcess>();
let stopping = false;

/** Called on shutdown: running transcodes end now and their assets are queued again. */
export function interruptTranscodes(): void {
  stopping = true;
  for (const child of running) child.kill("SIGTERM");
}

/** A (re)started worker transcodes again. */
export function resumeTranscodes(): void {
  stopping = false;
}

/** One attempt's child processes, so that an attempt that lost its lease stops its own. */
class AttemptProcesses {
  readonly children = new Set<ChildProcess>();
  lost = false;
  stop(): void {
    this.lost = true;
    for (const child of this.children) child.kill("SIGTERM");
  }
}

function run(
  command: string,
  args: string[],
  onStdout?: (chunk: string) => void,
  attempt?: AttemptProcesses,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (stopping) return reject(new Interrupted("worker stopping"));
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    running.add(child);
    attempt?.children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (onStdout) onStdout(chunk);
      else stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on("error", (error) => {
      running.delete(child);
      attempt?.children.delete(child);
      reject(error);
    });
    child.on("close", (code, signal) => {
      running.delete(child);
      attempt?.children.delete(child);
      if (code === 0) resolve({ stdout, stderr });
      else if (stopping) reject(new Interrupted(`${command} stopped (${signal ?? code})`));
      else if (attempt?.lost) reject(new AttemptLost(`${command} stopped: lease lost`));
      else
        reject(
          Object.assign(
            new Error(`${command} exited ${code ?? signal}: ${stderr.split("\n").filter(Boolean).slice(-2).join(" ")}`),
            { stderr },
          ),
        );
    });
  });
}

async function probe(file: string, attempt: AttemptProcesses): Promise<SourceInfo> {
  let output: string;
  try {
    // Never follow a reference inside the upload: file protocol only, container demuxers only.
    output = (
      await run(
        "ffprobe",
        ["-v", "error", ...safeInputArgs(), "-print_format", "json", "-show_streams", "-show_format", file],
        undefined,
        attempt,
      )
    ).stdout;
  } catch (error) {
    if (error instanceof Interrupted || error instanceof AttemptLost) throw error;
    throw new BadInput(t("school.error.videoUnreadable"));
  }
  const source = sourceFromProbe(JSON.parse(output || "{}"));
  if (!source) throw new BadInput(t("school.error.videoNoPicture"));
  return source;
}

const CONTENT_TYPES: Record<string, string> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".m4s": "video/iso.segment",
  ".mp4": "video/mp4",
  ".jpg": "image/jpeg",
};

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** The work directory names the worker's pid, so that a later worker can tell a dead one's leftovers. */
const WORK_DIR_PREFIX = "dangjian-video-";

export async function transcodeAsset(
  ctx: Pick<JobContext, "services" | "log">,
  assetId: string,
  jobId: string | null = null,
): Promise<"done" | "skipped" | "interrupted" | "lost"> {
  const { services } = ctx;
  const pipeline = services.school.pipeline;
  const storage = services.deps.storage;
  if (!storage) throw new Error("worker started without S3");
  const claim = await pipeline.beginProbe(assetId, jobId);
  if (!claim) return "skipped";
  const processes = new AttemptProcesses();
  // The lease is renewed well before it passes; if another worker took the asset (this one was
  // too slow, or cut off from the database for longer than the lease), this attempt stops.
  let renewing: Promise<void> = Promise.resolve();
  const renew = setInterval(
    () => {
      renewing = renewing
        .then(async () => {
          if (!(await pipeline.renewLease(assetId, claim.attempt))) processes.stop();
        })
        .catch((error: unknown) =>
          ctx.log(`[worker] 视频 ${assetId} 租约未能续期：${error instanceof Error ? error.message : String(error)}`),
        );
    },
    (pipeline.LEASE_SECONDS * 1000) / 3,
  );
  const work = await mkdtemp(path.join(tmpdir(), `${WORK_DIR_PREFIX}${process.pid}-${assetId}-`));
  try {
    const input = path.join(work, "source");
    await storage.download(claim.sourceKey, input);
    const source = await probe(input, processes);
    const ladder = planLadder(source);
    await pipeline.beginTranscode(assetId, claim.attempt, source);
    const out = path.join(work, "hls");
    let lastPercent = -1;
    let lastReport = 0;
    let buffer = "";
    // Progress is cosmetic: updates run one after another, and a failed one is logged, never
    // left as a rejected promise (an unhandled rejection would take the whole worker down).
    let reporting: Promise<void> = Promise.resolve();
    const started = Date.now();
    await run(
      "ffmpeg",
      ["-progress", "pipe:1", "-nostats", ...ffmpegArgs(input, out, source, ladder)],
      (chunk) => {
        buffer += chunk;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) {
          const m = /^out_time_us=(\d+)/.exec(line);
          if (!m) continue;
          const percent = progressPercent(Number(m[1]), source.durationSec);
          if (percent > lastPercent && Date.now() - lastReport > 1000) {
            lastPercent = percent;
            lastReport = Date.now();
            reporting = reporting
              .then(() => pipeline.progress(assetId, claim.attempt, percent))
              .catch((error: unknown) =>
                ctx.log(
                  `[worker] 视频 ${assetId} 进度未能写入：${error instanceof Error ? error.message : String(error)}`,
                ),
              );
          }
        }
      },
      processes,
    )
      .catch((error: Error) => {
        if (error instanceof Interrupted || error instanceof AttemptLost) throw error;
        throw new BadInput(t("school.error.transcodeFailed", { reason: error.message.slice(0, 200) }));
      })
      .finally(() => reporting);
    const files = await filesUnder(out);
    // a few uploads at a time, into this attempt's own prefix
    for (let i = 0; i < files.length; i += 4) {
      if (processes.lost) throw new AttemptLost("lease lost");
      if (stopping) throw new Interrupted("worker stopping");
      await Promise.all(
        files.slice(i, i + 4).map(async (file) => {
          const key = claim.prefix + path.relative(out, file).split(path.sep).join("/");
          return storage.upload(key, file, CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream");
        }),
      );
    }
    await pipeline.finish(assetId, claim.attempt, source, ladder);
    ctx.log(
      `[worker] 视频 ${assetId} 转码完成：${ladder.video.map((r) => r.name).join("/")}，${source.durationSec.toFixed(1)} 秒，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`,
    );
    return "done";
  } catch (error) {
    if (error instanceof AttemptLost || pipeline.isLeaseLost(error)) {
      ctx.log(`[worker] 视频 ${assetId} 已由另一次尝试接手，本次停止`);
      return "lost";
    }
    if (error instanceof Interrupted || stopping) {
      // back to UPLOADED: the next worker to start (this one after a restart, or another) takes it
      await pipeline.requeue(assetId, claim.attempt);
      return "interrupted";
    }
    if (!(error instanceof BadInput)) {
      // a retry by pg-boss must find the asset free: give the lease back, drop this attempt's output
      await pipeline.abandon(assetId, claim.attempt).catch(() => undefined);
    }
    throw error;
  } finally {
    clearInterval(renew);
    await renewing;
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * What a worker killed with SIGKILL left on this machine: its ffmpeg children (they run in their
 * own process group, so they outlive it) and its work directories. Called at start; only the
 * leftovers of processes that no longer exist are touched.
 */
export async function cleanUpDeadWorkers(log: (message: string) => void): Promise<void> {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  };
  const dead = new Set<string>();
  for (const entry of await readdir(tmpdir()).catch(() => [] as string[])) {
    const m = new RegExp(`^${WORK_DIR_PREFIX}(\\d+)-`).exec(entry);
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) dead.add(path.join(tmpdir(), entry));
  }
  if (dead.size === 0) return;
  // ffmpeg/ffprobe still reading or writing a dead worker's directory
  let killed = 0;
  for (const pid of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (!/^(\/\S*\/)?ff(mpeg|probe)\0/.test(cmdline)) continue;
    if ([...dead].some((dir) => cmdline.includes(`${dir}/`))) {
      try {
        process.kill(Number(pid), "SIGKILL");
        killed++;
      } catch {
        // gone already
      }
    }
  }
  for (const dir of dead) await rm(dir, { recursive: true, force: true });
  log(`[worker] 清理了已退出的后台任务进程留下的 ${dead.size} 个转码目录、${killed} 个转码进程`);
}

/** Any 64-bit number no other advisory lock of the platform uses ("djvswep" in ASCII). */
const SWEEP_LOCK = "28264533590028400";

/**
 * Sends one transcode job for each uploaded video that has none queued, retrying or running. The
 * queue's "stately" policy alone allows a second job beside a running one, so a sweep that read
 * an asset as UPLOADED just before a worker claimed it used to queue a job that found nothing to
 * do (seen in the two-worker fault test). Here the read and the sends are one transaction under
 * an advisory lock that only one worker's sweep holds at a time, and the read skips assets whose
 * job is live, so a job is sent only while none exists. A transcode interrupted by a shutdown puts
 * its asset back to UPLOADED with its job completed, and is sent again by the next sweep.
 */
export async function enqueueAwaiting(boss: Pick<JobContext["boss"], "send">, pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  // A connection lost while checked out (PostgreSQL restarted, the session terminated) reports
  // on the client, not the pool: without a listener that is an uncaught exception that ends the
  // worker. The statement in flight fails anyway; the broken connection is discarded on release.
  let lost: Error | undefined;
  const onLost = (error: Error) => void (lost = error);
  client.on("error", onLost);
  try {
    await client.query("BEGIN");
    const { rows: lock } = await client.query<{ held: boolean }>(
      "SELECT pg_try_advisory_xact_lock($1::bigint) AS held",
      [SWEEP_LOCK],
    );
    if (!lock[0]?.held) return void (await client.query("ROLLBACK"));
    const { rows } = await client.query<{ id: string }>(
      `SELECT a.id FROM "VideoAsset" a
        WHERE a.status = 'UPLOADED'
          AND NOT EXISTS (SELECT 1 FROM pgboss.job j
                           WHERE j.name = $1 AND j.singleton_key = a.id::text
                             AND j.state IN ('created', 'retry', 'active'))
        ORDER BY a."createdAt" LIMIT 20`,
      [VIDEO_QUEUE],
    );
    const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
    for (const { id } of rows) await boss.send(VIDEO_QUEUE, { assetId: id }, { singletonKey: id, db });
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.removeListener("error", onLost);
    client.release(lost);
  }
}

export const videoTranscodeJob: WorkerJob = {
  name: VIDEO_QUEUE,
  async register({ boss, services, databaseUrl, log }) {
    await cleanUpDeadWorkers(log).catch((error: Error) => log(`[worker] 清理转码残留失败：${error.message}`));
    await boss.createQueue(VIDEO_QUEUE, {
      name: VIDEO_QUEUE,
      policy: "stately",
      retryLimit: RETRY_LIMIT,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 3600,
    });
    await boss.work<{ assetId: string }>(
      VIDEO_QUEUE,
      { pollingIntervalSeconds: 2, batchSize: 1, includeMetadata: true },
      async ([job]) => {
        if (!job) return;
        const { assetId } = job.data;
        try {
          const result = await transcodeAsset({ services, log }, assetId, job.id);
          if (result === "interrupted")
            log(`[worker] 视频 ${assetId} 转码因后台任务停止而中断，已放回队列，重新启动后继续`);
        } catch (error) {
          if (error instanceof BadInput) {
            log(`[worker] 视频 ${assetId} 处理失败：${error.message}`);
            await services.school.pipeline.fail(assetId, error.message);
            return;
          }
          if (job.retryCount >= job.retryLimit) {
            await services.school.pipeline.fail(
              assetId,
              `处理失败（已重试 ${job.retryCount} 次）：${(error as Error).message.slice(0, 150)}`,
            );
            return;
          }
          throw error;
        }
      },
    );
    // A transcode whose worker died (its lease passed): its partial output is removed and its job
    // failed on its behalf, so pg-boss retries it (after the usual backoff, within the retry limit).
    const reclaim = async () => {
      for (const { assetId, jobId, removedFiles } of await services.school.pipeline.reclaimExpired()) {
        const job = jobId ? await boss.getJobById<{ assetId: string }>(VIDEO_QUEUE, jobId) : null;
        log(
          `[worker] 视频 ${assetId} 的转码进程已中断（租约过期），删除残留文件 ${removedFiles} 个，${job?.state === "active" ? "由任务队列重试" : "重新排队"}`,
        );
        if (job?.state === "active") {
          if (job.retryCount >= job.retryLimit)
            await services.school.pipeline.fail(
              assetId,
              `处理失败：转码进程多次意外中断（已重试 ${job.retryCount} 次）`,
            );
          await boss.fail(VIDEO_QUEUE, job.id, { message: "transcode attempt lost (worker died, lease expired)" });
        } else await services.school.pipeline.releaseReclaimed(assetId);
      }
    };
    // Uploads completed in the gateway are found here within two seconds (and after a restart).
    const sweepPool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    sweepPool.on("error", (error) => log(`[worker] 视频队列：${error.message}`));
    let busy = false;
    const sweep = setInterval(() => {
      if (busy) return;
      busy = true;
      reclaim()
        .then(() => enqueueAwaiting(boss, sweepPool))
        .catch((error: Error) => log(`[worker] 视频队列：${error.message}`))
        .finally(() => (busy = false));
    }, 2000);
    sweep.unref();
    boss.on("stopped", () => {
      clearInterval(sweep);
      void sweepPool.end().catch(() => undefined);
    });
  },
};
