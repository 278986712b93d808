// Playable demo lessons on the first `npm start` (issue 17, ADR 0804). Once the platform is up,
// the worker generates a real video for each demo lesson still without one — ffmpeg's moving test
// pattern with a tone, 1.5–2.5 minutes — and uploads it as the demo school administrator through
// the same use cases the browser uses (presigned multipart parts, then complete), with Chinese
// WebVTT captions. The ordinary video-transcode job then probes and transcodes it like any upload.
// Only when the start script asks for it (DANGJIAN_DEMO_VIDEOS=1): never in production or tests.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { JobContext, WorkerJob } from "./types.ts";

export const DEMO_VIDEOS_QUEUE = "demo-videos";

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("ffmpeg", args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`ffmpeg exited ${code}: ${stderr.trim().split("\n").slice(-1)[0] ?? ""}`)),
    );
  });
}

/** A real H.264/AAC MP4: a moving lavfi test pattern with a sine tone, 640×360 at 25 fps. */
export function demoSourceArgs(file: string, lesson: { seconds: number; pattern: string; toneHz: number }): string[] {
  return [
    "-hide_banner",
    "-nostdin",
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `${lesson.pattern}=size=640x360:rate=25:duration=${lesson.seconds}`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=${lesson.toneHz}:sample_rate=44100:duration=${lesson.seconds}`,
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    "-g",
    "50",
    "-c:a",
    "aac",
    "-b:a",
    "96k",
    "-shortest",
    "-movflags",
    "+faststart",
    file,
  ];
}

export interface DemoVideoOptions {
  /** override every video's length (tests) */
  seconds?: number;
  /** at most this many lessons (tests) */
  limit?: number;
}

/** Generates and uploads the missing demo videos; returns the lessons handed to the pipeline. */
export async function prepareDemoVideos(
  ctx: Pick<JobContext, "services" | "log">,
  options: DemoVideoOptions = {},
): Promise<string[]> {
  const { services, log } = ctx;
  const work = await services.school.demoVideoWork();
  if (!work || work.lessons.length === 0) return [];
  const lessons = work.lessons
    .slice(0, options.limit ?? work.lessons.length)
    .map((l) => ({ ...l, seconds: options.seconds ?? l.seconds }));
  const dir = await mkdtemp(path.join(tmpdir(), "dangjian-demo-videos-"));
  const started = Date.now();
  const done: string[] = [];
  try {
    // generate every source first (seconds), so that every demo lesson shows "being prepared" at once
    const files = new Map<string, Buffer>();
    for (const [i, lesson] of lessons.entries()) {
      const file = path.join(dir, `demo-${i + 1}.mp4`);
      await ffmpeg(demoSourceArgs(file, lesson));
      files.set(lesson.lessonId, await readFile(file));
    }
    log(
      `[worker] 演示视频：已生成 ${lessons.length} 个源视频（${((Date.now() - started) / 1000).toFixed(1)} 秒），开始上传`,
    );
    for (const [i, lesson] of lessons.entries()) {
      const bytes = files.get(lesson.lessonId)!;
      const admin = services.school.admin;
      const upload = await admin.startUpload(work.actor, {
        lessonId: lesson.lessonId,
        fileName: `演示视频-${i + 1}.mp4`,
        contentType: "video/mp4",
        sizeBytes: bytes.length,
      });
      const numbers = Array.from({ length: upload.partCount }, (_, n) => n + 1);
      const parts: Array<{ partNumber: number; etag: string }> = [];
      for (let n = 0; n < numbers.length; n += 100) {
        const signed = await admin.signParts(work.actor, {
          assetId: upload.assetId,
          partNumbers: numbers.slice(n, n + 100),
        });
        for (const { partNumber, url } of signed) {
          const body = bytes.subarray((partNumber - 1) * upload.partSize, partNumber * upload.partSize);
          const response = await fetch(url, { method: "PUT", body: new Uint8Array(body) });
          const etag = response.headers.get("etag");
          if (!response.ok || !etag) throw new Error(`分片 ${partNumber} 上传失败（${response.status}）`);
          parts.push({ partNumber, etag });
        }
      }
      await admin.completeUpload(work.actor, { assetId: upload.assetId, parts });
      await admin.uploadCaptions(work.actor, { assetId: upload.assetId, vtt: lesson.vtt });
      done.push(lesson.lessonId);
    }
    log(
      `[worker] 演示视频：${done.length} 个已上传并附中文字幕，排队转码（共 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`,
    );
    return done;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const demoVideosJob: WorkerJob = {
  name: DEMO_VIDEOS_QUEUE,
  async register({ boss, services, log }) {
    // singleton: one run at a time across every worker process; a second start finds nothing to do
    await boss.createQueue(DEMO_VIDEOS_QUEUE, {
      name: DEMO_VIDEOS_QUEUE,
      policy: "singleton",
      retryLimit: 2,
      retryDelay: 10,
      expireInSeconds: 1800,
    });
    await boss.work(DEMO_VIDEOS_QUEUE, { pollingIntervalSeconds: 2, batchSize: 1 }, async () => {
      await prepareDemoVideos({ services, log });
    });
    await boss.send(DEMO_VIDEOS_QUEUE, {}, { singletonKey: "demo-videos" });
  },
};
