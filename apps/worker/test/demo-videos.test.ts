// The demo lessons' videos (ADR 0804): generated with ffmpeg, uploaded as the demo school
// administrator through the upload use cases, captioned in Chinese, then transcoded by the
// ordinary job; a member can then play the lesson with its captions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  loginActor,
  seedDemo,
  type TestDatabase,
} from "@dangjian/services/testing";
import { startWorker, type RunningWorker } from "../src/worker.ts";
import { prepareDemoVideos } from "../src/jobs/demo-videos.ts";

let t: TestDatabase;
let worker: RunningWorker;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.services.deps.db, { referenceDate: new Date() });
  worker = await startWorker({ services: t.services, databaseUrl: t.url, log: () => {} });
}, 120_000);
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

describe("demo videos", () => {
  it("a demo lesson gets a real captioned video through the upload use cases and the transcode job, once", async () => {
    const before = await t.services.school.demoVideoWork();
    expect(before?.lessons.length).toBe(4);
    expect(before?.actor.grants.some((g) => g.role === "SCHOOL_ADMIN")).toBe(true);
    const first = before!.lessons[0]!;
    expect(first.vtt.startsWith("WEBVTT")).toBe(true);
    expect(first.vtt).toContain("本课学习");

    const logs: string[] = [];
    const done = await prepareDemoVideos({ services: t.services, log: (m) => logs.push(m) }, { seconds: 5, limit: 1 });
    expect(done).toEqual([first.lessonId]);
    const db = t.services.deps.db;
    const deadline = Date.now() + 120_000;
    let asset;
    for (;;) {
      const lesson = await db.lesson.findUniqueOrThrow({
        where: { id: first.lessonId },
        include: { videoAsset: { include: { renditions: true } } },
      });
      asset = lesson.videoAsset!;
      if (asset.status === "READY" || asset.status === "FAILED" || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(asset.failureReason).toBeNull();
    expect(asset.status).toBe("READY");
    expect(asset.createdById).toBe(before!.actor.accountId);
    expect(asset.durationSec).toBeCloseTo(5, 0);
    expect(asset.renditions.map((r) => r.name)).toContain("audio");
    expect(asset.captionKey).toBe(`videos/${asset.id}/captions.vtt`);
    const vtt = new TextDecoder().decode(await t.services.deps.storage!.getBytes(asset.captionKey!));
    expect(vtt).toBe(first.vtt);

    // the member opens it: a playable video with captions, credited from zero
    const member = await loginActor(t, DEMO_ACCOUNTS.member.phone, DEMO_PASSWORD);
    const view = await t.services.school.lesson(member, first.lessonId);
    expect(view.video?.captionsUrl).toContain("X-Amz-Signature");
    expect(view.video?.durationSec).toBeCloseTo(5, 0);
    expect(view.progress.coveredSec).toBe(0);
    expect((await t.services.school.playlist(member, first.lessonId, "master.m3u8")).startsWith("#EXTM3U")).toBe(true);

    // done lessons are not generated again; the others remain
    const after = await t.services.school.demoVideoWork();
    expect(after?.lessons.map((l) => l.lessonId)).not.toContain(first.lessonId);
    expect(after?.lessons.length).toBe(3);
  }, 180_000);
});
