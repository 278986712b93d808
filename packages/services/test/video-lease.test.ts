// Transcode attempts and leases (ADR 1041), with the clock moved by hand: a live attempt keeps the
// asset, a dead one (lease passed) is reclaimed with its partial output removed, the dead attempt
// cannot finish over the new one, and finishing leaves only the winning attempt's output.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
const start = new Date("2026-12-05T04:00:00Z");
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
const source = { width: 640, height: 360, fps: 25, durationSec: 6, hasAudio: true };
const ladder = { video: [{ name: "360p", height: 360, width: 640, bitrateKbps: 800 }], audioKbps: 64 };

beforeAll(async () => {
  t = await createTestDatabase();
  t.setNow(start);
});
afterAll(() => t.drop());

async function uploadedAsset(): Promise<string> {
  const id = crypto.randomUUID();
  await t.services.deps.storage!.put(`videos/${id}/source`, "x", "video/mp4");
  await t.services.deps.db.videoAsset.create({
    data: {
      id,
      sourceKey: `videos/${id}/source`,
      fileName: "a.mp4",
      contentType: "video/mp4",
      sizeBytes: 1n,
      status: "UPLOADED",
    },
  });
  return id;
}

describe("video transcode leases", () => {
  it("a dead attempt is reclaimed after its lease, loses to the next one, and leaves no file behind", async () => {
    const pipeline = t.services.school.pipeline;
    const storage = t.services.deps.storage!;
    const id = await uploadedAsset();
    const jobA = crypto.randomUUID();
    const a = (await pipeline.beginProbe(id, jobA))!;
    expect(a.prefix).toBe(`videos/${id}/hls/${a.attempt}/`);
    // a second claim while A's lease holds gets nothing
    expect(await pipeline.beginProbe(id, crypto.randomUUID())).toBeNull();
    await pipeline.beginTranscode(id, a.attempt, source as never);
    await storage.put(`${a.prefix}360p/seg_000.m4s`, "partial", "video/iso.segment");

    // renewed in time: nothing to reclaim
    t.setNow(at(20));
    expect(await pipeline.renewLease(id, a.attempt)).toBe(true);
    t.setNow(at(20 + pipeline.LEASE_SECONDS - 1));
    expect(await pipeline.reclaimExpired()).toEqual([]);

    // A's worker died: the lease passes, the sweep reclaims it and removes A's partial output
    t.setNow(at(20 + pipeline.LEASE_SECONDS + 1));
    expect(await pipeline.reclaimExpired()).toEqual([{ assetId: id, jobId: jobA, removedFiles: 1 }]);
    expect(await pipeline.reclaimExpired()).toEqual([]);
    expect(await storage.list(`videos/${id}/hls/`)).toEqual([]);
    expect(await pipeline.renewLease(id, a.attempt)).toBe(false);

    // B (the retry) claims it; A, if it was not dead after all, can neither report nor finish
    const b = (await pipeline.beginProbe(id, jobA))!;
    expect(b.attempt).not.toBe(a.attempt);
    await pipeline.beginTranscode(id, b.attempt, source as never);
    await storage.put(`${a.prefix}360p/seg_001.m4s`, "late write of the zombie", "video/iso.segment");
    await pipeline.progress(id, a.attempt, 99);
    expect((await t.services.deps.db.videoAsset.findUniqueOrThrow({ where: { id } })).progress).toBe(0);
    await expect(pipeline.finish(id, a.attempt, source as never, ladder as never)).rejects.toThrow(/lease/);
    expect(await storage.list(a.prefix)).toEqual([]);

    for (const name of ["master.m3u8", "poster.jpg", "360p/index.m3u8", "360p/seg_000.m4s", "audio/index.m3u8"])
      await storage.put(`${b.prefix}${name}`, "ok", "application/octet-stream");
    // something an earlier attempt left that no one reclaimed (e.g. written after its reclaim)
    await storage.put(`videos/${id}/hls/${crypto.randomUUID()}/360p/seg_009.m4s`, "stray", "video/iso.segment");
    await pipeline.finish(id, b.attempt, source as never, ladder as never);
    const asset = await t.services.deps.db.videoAsset.findUniqueOrThrow({
      where: { id },
      include: { renditions: true },
    });
    expect(asset).toMatchObject({ status: "READY", outputPrefix: b.prefix, attempt: null, leaseUntil: null });
    expect(asset.renditions.map((r) => r.playlistKey).sort()).toEqual([
      `${b.prefix}360p/index.m3u8`,
      `${b.prefix}audio/index.m3u8`,
    ]);
    const left = await storage.list(`videos/${id}/hls/`);
    expect(left.length).toBe(5);
    expect(left.every((k) => k.startsWith(b.prefix))).toBe(true);
    // READY is never claimed again
    expect(await pipeline.beginProbe(id, null)).toBeNull();
  });

  it("a failed attempt gives the asset back for pg-boss's retry without queueing it a second time", async () => {
    const pipeline = t.services.school.pipeline;
    const id = await uploadedAsset();
    const a = (await pipeline.beginProbe(id, null))!;
    await pipeline.beginTranscode(id, a.attempt, source as never);
    await t.services.deps.storage!.put(`${a.prefix}master.m3u8`, "partial", "application/vnd.apple.mpegurl");
    await pipeline.abandon(id, a.attempt);
    const asset = await t.services.deps.db.videoAsset.findUniqueOrThrow({ where: { id } });
    expect(asset).toMatchObject({ status: "TRANSCODING", attempt: null });
    expect(await pipeline.awaiting()).not.toContain(id); // the sweep does not send another job
    expect(await t.services.deps.storage!.list(`videos/${id}/hls/`)).toEqual([]);
    expect(await pipeline.beginProbe(id, null)).not.toBeNull(); // the retry can claim it
  });
});
