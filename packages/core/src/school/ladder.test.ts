import { describe, expect, it } from "vitest";
import {
  ffmpegArgs,
  partPlan,
  safeInputArgs,
  planLadder,
  progressPercent,
  sourceFromProbe,
  MIN_PART_BYTES,
  MAX_VIDEO_BYTES,
} from "./ladder.ts";

const hd = { width: 1280, height: 720, fps: 25, durationSec: 60, bitRate: 5_000_000, hasAudio: true };

describe("ladder", () => {
  it("has rungs only at or below the source height, bitrate from bits per pixel", () => {
    const ladder = planLadder(hd);
    expect(ladder.video.map((r) => r.name)).toEqual(["240p", "360p", "480p", "720p"]);
    expect(ladder.video[3]).toEqual({
      name: "720p",
      width: 1280,
      height: 720,
      bitrateKbps: Math.round((1280 * 720 * 25 * 0.11) / 1000),
    });
    expect(ladder.audioKbps).toBe(64);
  });
  it("caps bitrate at the source's and handles tiny or silent sources", () => {
    expect(planLadder({ ...hd, bitRate: 300_000 }).video.every((r) => r.bitrateKbps <= 300)).toBe(true);
    const tiny = planLadder({ ...hd, width: 320, height: 180, hasAudio: false });
    expect(tiny.video).toHaveLength(1);
    expect(tiny.video[0]!.height).toBe(180);
    expect(tiny.audioKbps).toBeNull();
  });
  it("builds one ffmpeg pass with 4 s fMP4 segments, a master playlist, audio rung and poster", () => {
    const args = ffmpegArgs("in.mp4", "/out", hd, planLadder(hd));
    const joined = args.join(" ");
    expect(joined).toContain("-hls_segment_type fmp4");
    expect(joined).toContain("-hls_time 4");
    expect(joined).toContain("-master_pl_name master.m3u8");
    expect(joined).toContain("a:4,name:audio");
    expect(joined).toContain("-g 100");
    expect(joined).toContain("/out/poster.jpg");
    expect(args.filter((a) => a === "-i")).toHaveLength(1);
  });
  it("reads the upload only through a fixed demuxer list and the file protocol, with the probed demuxer", () => {
    const args = ffmpegArgs("in.mp4", "/out", { ...hd, format: "mov" }, planLadder(hd));
    const beforeInput = args.slice(0, args.indexOf("-i")).join(" ");
    expect(beforeInput).toContain("-protocol_whitelist file");
    expect(beforeInput).toContain("-format_whitelist mov,matroska,avi,flv,mpegts,mpeg,asf");
    expect(beforeInput).toContain("-f mov");
    expect(safeInputArgs("hls")).not.toContain("hls");
    expect(
      sourceFromProbe({
        streams: [{ codec_type: "video", width: 640, height: 360 }],
        format: { duration: "3", format_name: "mov,mp4,m4a,3gp,3g2,mj2" },
      })?.format,
    ).toBe("mov");
    expect(
      sourceFromProbe({
        streams: [{ codec_type: "video", width: 640, height: 360 }],
        format: { duration: "3", format_name: "hls" },
      })?.format,
    ).toBeUndefined();
  });
  it("reports progress and reads ffprobe output", () => {
    expect(progressPercent(30e6, 60)).toBe(50);
    expect(progressPercent(90e6, 60)).toBe(99);
    expect(sourceFromProbe({ streams: [{ codec_type: "audio" }], format: { duration: "3" } })).toBeNull();
    expect(sourceFromProbe({})).toBeNull();
    expect(
      sourceFromProbe({
        streams: [
          { codec_type: "video", width: 640, height: 360, avg_frame_rate: "30000/1001" },
          { codec_type: "audio" },
        ],
        format: { duration: "30.0", bit_rate: "900000" },
      }),
    ).toMatchObject({ width: 640, height: 360, hasAudio: true, bitRate: 900000 });
  });
  it("plans 8–64 MiB parts, at most 10,000", () => {
    expect(partPlan(1000)).toEqual({ partSize: MIN_PART_BYTES, partCount: 1 });
    expect(partPlan(MAX_VIDEO_BYTES).partCount).toBeLessThanOrEqual(10_000);
    expect(partPlan(MAX_VIDEO_BYTES).partSize).toBeLessThanOrEqual(64 * 1024 * 1024);
  });
});
