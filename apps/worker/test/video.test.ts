import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  schoolAdminActor,
  testVideo,
  uploadedVideo,
  type TestDatabase,
} from "@dangjian/services/testing";
import { startWorker, type RunningWorker } from "../src/worker.ts";
import { interruptTranscodes, resumeTranscodes } from "../src/jobs/video-transcode.ts";

let t: TestDatabase;
let worker: RunningWorker;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  worker = await startWorker({ services: t.services, databaseUrl: t.url, log: () => {} });
  dir = mkdtempSync(path.join(tmpdir(), "dangjian-video-test-"));
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function settled(assetId: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  const seen = new Set<string>();
  for (;;) {
    const asset = await t.services.deps.db.videoAsset.findUniqueOrThrow({
      where: { id: assetId },
      include: { renditions: true },
    });
    seen.add(asset.status);
    if (asset.status === "READY" || asset.status === "FAILED") return { asset, seen };
    if (Date.now() > deadline) throw new Error(`still ${asset.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("video transcoding job", () => {
  it("turns a real 6 s 360p video into the HLS ladder with audio rung and poster", async () => {
    const file = path.join(dir, "in.mp4");
    const id = await uploadedVideo(t, testVideo(file, { seconds: 6 }), "in.mp4");
    const { asset, seen } = await settled(id);
    expect(asset.failureReason).toBeNull();
    expect(asset.status).toBe("READY");
    expect(seen.has("UPLOADED") || seen.has("PROBING") || seen.has("TRANSCODING")).toBe(true);
    expect(asset.renditions.map((r) => r.name).sort()).toEqual(["240p", "360p", "audio"]);
    expect(asset.durationSec).toBeCloseTo(6, 0);
    const storage = t.services.deps.storage!;
    // the attempt's own prefix (ADR 1041), and nothing else under the asset's HLS root
    const prefix = asset.outputPrefix!;
    expect(prefix).toMatch(new RegExp(`^videos/${id}/hls/[0-9a-f-]{36}/$`));
    expect(asset.posterKey).toBe(`${prefix}poster.jpg`);
    expect(asset.attempt).toBeNull();
    const keys = await storage.list(`videos/${id}/hls/`);
    expect(keys.every((k) => k.startsWith(prefix))).toBe(true);
    expect(keys).toContain(`${prefix}master.m3u8`);
    expect(keys).toContain(`${prefix}poster.jpg`);
    expect(keys.filter((k) => k.includes("360p/"))).toEqual(
      expect.arrayContaining([expect.stringMatching(/init(_\d+)?\.mp4$/), expect.stringMatching(/seg_000\.m4s$/)]),
    );
    const master = new TextDecoder().decode(await storage.getBytes(`${prefix}master.m3u8`));
    expect(master).toContain("360p/index.m3u8");
    const media = new TextDecoder().decode(await storage.getBytes(`${prefix}360p/index.m3u8`));
    expect(media).toMatch(/#EXT-X-MAP:URI="init(_\d+)?\.mp4"/);
    expect(media).toContain("#EXT-X-PLAYLIST-TYPE:VOD");

    // playback: playlists through the app, segments as signed S3 URLs
    const db = t.services.deps.db;
    const course = await db.course.create({ data: { title: "转码课程", category: "理论学习", published: true } });
    const lesson = await db.lesson.create({
      data: { courseId: course.id, title: "转码课时", kind: "VIDEO", videoAssetId: id },
    });
    const staff = schoolAdminActor();
    const served = await t.services.school.playlist(staff, lesson.id, "master.m3u8");
    expect(served.startsWith("#EXTM3U")).toBe(true);
    expect(served).toContain(`/api/school/media/${lesson.id}/360p/index.m3u8`);
    expect(served).not.toContain("audio/index.m3u8");
    const variant = await t.services.school.playlist(staff, lesson.id, "360p/index.m3u8");
    const segment = variant.split("\n").find((l) => l.startsWith("http"))!;
    expect(segment).toContain("X-Amz-Signature");
    expect((await fetch(segment)).status).toBe(200);
    const init = /URI="([^"]+)"/.exec(variant)![1]!;
    expect((await fetch(init)).status).toBe(200);
  });

  it("a transcode stopped by a worker shutdown goes back to the queue, never FAILED, and finishes after the restart", async () => {
    const file = path.join(dir, "long.mp4");
    const id = await uploadedVideo(t, testVideo(file, { seconds: 60 }), "long.mp4");
    const db = t.services.deps.db;
    const statusOf = async () => (await db.videoAsset.findUniqueOrThrow({ where: { id } })).status;
    await expect.poll(statusOf, { timeout: 60_000, interval: 100 }).toBe("TRANSCODING");
    interruptTranscodes(); // what the worker's stop() does first
    await expect.poll(statusOf, { timeout: 30_000, interval: 100 }).toBe("UPLOADED");
    // while stopped, nothing is failed either (the sweep keeps finding it and handing it back)
    await new Promise((r) => setTimeout(r, 3000));
    expect(["UPLOADED", "PROBING"]).toContain(await statusOf());
    resumeTranscodes(); // what a (re)started worker does
    const { asset, seen } = await settled(id, 120_000);
    expect(seen.has("FAILED")).toBe(false);
    expect(asset.failureReason).toBeNull();
    expect(asset.status).toBe("READY");
  }, 240_000);

  it("a file that is not a video ends FAILED with a reason, and its storage is removed", async () => {
    const id = await uploadedVideo(t, new TextEncoder().encode("这不是视频文件".repeat(100)), "fake.mp4");
    const { asset } = await settled(id);
    expect(asset.status).toBe("FAILED");
    expect(asset.failureReason).toMatch(/视频/);
    expect(await t.services.deps.storage!.list(`videos/${id}/`)).toEqual([]);
  });

  it("an HLS playlist that points at a file on the worker's disk is refused, not followed (issue 13, defect 10)", async () => {
    // a perfectly playable file elsewhere on the worker's disk: following the reference would publish it
    const secret = path.join(dir, "secret.ts");
    testVideo(secret, { seconds: 2, size: "320x240", audio: false, mpegts: true });
    const playlist = `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:2.0,\n${secret}\n#EXT-X-ENDLIST\n`;
    const id = await uploadedVideo(t, new TextEncoder().encode(playlist), "lecture.mp4");
    const { asset, seen } = await settled(id);
    expect(asset.status).toBe("FAILED");
    expect(asset.failureReason).toMatch(/无法解析/);
    expect(seen.has("TRANSCODING")).toBe(false);
    expect(await t.services.deps.storage!.list(`videos/${id}/hls/`)).toEqual([]);
  });

  it("a failing progress update is logged, never an unhandled rejection, and the video still finishes (defect 10)", async () => {
    const file = path.join(dir, "progress.mp4");
    const bytes = testVideo(file, { seconds: 4, size: "320x240", audio: false });
    const pipeline = t.services.school.pipeline;
    const original = pipeline.progress;
    let calls = 0;
    pipeline.progress = async () => {
      calls++;
      throw new Error("connection lost while writing progress");
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const id = await uploadedVideo(t, bytes, "progress.mp4");
      const { asset } = await settled(id);
      expect(calls).toBeGreaterThan(0);
      expect(asset.status).toBe("READY");
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);
    } finally {
      pipeline.progress = original;
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
