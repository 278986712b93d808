// Video pipeline job: probe the uploaded source with ffprobe, then one ffmpeg pass into the HLS
// ladder (4 s fMP4, master playlist, audio-only rung, poster), uploaded to S3 under one prefix
// per asset. Retried with backoff by pg-boss; every attempt starts from the source and first
// removes partial output, so a retry is safe. A file that is not a playable video fails at
// once (no retry), with a reason for the administrator and its storage removed.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  ffmpegArgs,
  planLadder,
  progressPercent,
  safeInputArgs,
  sourceFromProbe,
  type SourceInfo,
} from "@dangjian/core";
import type { JobContext, WorkerJob } from "./types.ts";

export const VIDEO_QUEUE = "video-transcode";
const RETRY_LIMIT = 3;

class BadInput extends Error {}
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

function run(
  command: string,
  args: string[],
  onStdout?: (chunk: string) => void,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (stopping) return reject(new Interrupted("worker stopping"));
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    running.add(child);
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
      reject(error);
    });
    child.on("close", (code, signal) => {
      running.delete(child);
      if (code === 0) resolve({ stdout, stderr });
      else if (stopping) reject(new Interrupted(`${command} stopped (${signal ?? code})`));
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

async function probe(file: string): Promise<SourceInfo> {
  let output: string;
  try {
    // Never follow a reference inside the upload: file protocol only, container demuxers only.
    output = (
      await run("ffprobe", [
        "-v",
        "error",
        ...safeInputArgs(),
        "-print_format",
        "json",
        "-show_streams",
        "-show_format",
        file,
      ])
    ).stdout;
  } catch (error) {
    if (error instanceof Interrupted) throw error;
    throw new BadInput("文件无法解析，不是可播放的视频");
  }
  const source = sourceFromProbe(JSON.parse(output || "{}"));
  if (!source) throw new BadInput("文件中没有可播放的视频画面");
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

export async function transcodeAsset(
  ctx: Pick<JobContext, "services" | "log">,
  assetId: string,
): Promise<"done" | "skipped"> {
  const { services } = ctx;
  const storage = services.deps.storage;
  if (!storage) throw new Error("worker started without S3");
  const claim = await services.school.pipeline.beginProbe(assetId);
  if (!claim) return "skipped";
  const work = await mkdtemp(path.join(tmpdir(), `dangjian-video-${assetId}-`));
  try {
    const input = path.join(work, "source");
    await storage.download(claim.sourceKey, input);
    const source = await probe(input);
    const ladder = planLadder(source);
    await services.school.pipeline.beginTranscode(assetId, source);
    const out = path.join(work, "hls");
    let lastPercent = -1;
    let lastReport = 0;
    let buffer = "";
    // Progress is cosmetic: updates run one after another, and a failed one is logged, never
    // left as a rejected promise (an unhandled rejection would take the whole worker down).
    let reporting: Promise<void> = Promise.resolve();
    const started = Date.now();
    await run("ffmpeg", ["-progress", "pipe:1", "-nostats", ...ffmpegArgs(input, out, source, ladder)], (chunk) => {
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
            .then(() => services.school.pipeline.progress(assetId, percent))
            .catch((error: unknown) =>
              ctx.log(
                `[worker] 视频 ${assetId} 进度未能写入：${error instanceof Error ? error.message : String(error)}`,
              ),
            );
        }
      }
    })
      .catch((error: Error) => {
        if (error instanceof Interrupted) throw error;
        throw new BadInput(`转码失败：${error.message.slice(0, 200)}`);
      })
      .finally(() => reporting);
    const prefix = services.school.pipeline.hlsPrefix(assetId);
    const files = await filesUnder(out);
    // a few uploads at a time
    for (let i = 0; i < files.length; i += 4) {
      await Promise.all(
        files.slice(i, i + 4).map((file) => {
          const key = prefix + path.relative(out, file).split(path.sep).join("/");
          return storage.upload(key, file, CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream");
        }),
      );
    }
    await services.school.pipeline.finish(assetId, source, ladder);
    ctx.log(
      `[worker] 视频 ${assetId} 转码完成：${ladder.video.map((r) => r.name).join("/")}，${source.durationSec.toFixed(1)} 秒，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`,
    );
    return "done";
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export const videoTranscodeJob: WorkerJob = {
  name: VIDEO_QUEUE,
  async register({ boss, services, log }) {
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
          await transcodeAsset({ services, log }, assetId);
        } catch (error) {
          if (error instanceof Interrupted || stopping) {
            // back to UPLOADED: the next worker to start (this one after a restart, or another) takes it
            await services.school.pipeline.requeue(assetId);
            log(`[worker] 视频 ${assetId} 转码因后台任务停止而中断，已放回队列，重新启动后继续`);
            return;
          }
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
    // Uploads completed in the gateway are found here within two seconds (and after a restart).
    let busy = false;
    const sweep = setInterval(() => {
      if (busy) return;
      busy = true;
      services.school.pipeline
        .awaiting()
        .then((ids) =>
          Promise.all(ids.map((assetId) => boss.send(VIDEO_QUEUE, { assetId }, { singletonKey: assetId }))),
        )
        .catch((error: Error) => log(`[worker] 视频队列：${error.message}`))
        .finally(() => (busy = false));
    }, 2000);
    sweep.unref();
    boss.on("stopped", () => clearInterval(sweep));
  },
};
