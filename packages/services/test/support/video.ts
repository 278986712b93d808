// Real videos for the transcoding tests (worker and fault tests): ffmpeg makes them from a lavfi
// test pattern, and they arrive as an upload leaves them (the bytes in S3, the asset UPLOADED).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { TestDatabase } from "./database.ts";

export interface TestVideoOptions {
  seconds: number;
  /** width×height, 640x360 unless given */
  size?: string;
  rate?: number;
  /** a sine tone as an AAC audio track (default), or video only */
  audio?: boolean;
  /** an MPEG-TS file instead of an MP4 */
  mpegts?: boolean;
}

/** Writes a real H.264 video to `file` and returns its bytes. */
export function testVideo(file: string, options: TestVideoOptions): Buffer {
  const { seconds, size = "640x360", rate = 25, audio = true, mpegts = false } = options;
  const args = ["-v", "error", "-f", "lavfi", "-i", `testsrc=duration=${seconds}:size=${size}:rate=${rate}`];
  if (audio) args.push("-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`);
  args.push("-c:v", "libx264", "-preset", "ultrafast");
  if (audio) args.push("-c:a", "aac", "-shortest");
  if (mpegts) args.push("-f", "mpegts");
  args.push("-y", file);
  execFileSync("ffmpeg", args);
  return readFileSync(file);
}

/** A video source as an upload leaves it: the bytes at videos/<id>/source, the asset row UPLOADED. */
export async function uploadedVideo(
  t: TestDatabase,
  bytes: Uint8Array,
  fileName: string,
  id: string = crypto.randomUUID(),
): Promise<string> {
  const key = `videos/${id}/source`;
  await t.services.deps.storage!.put(key, bytes, "video/mp4");
  await t.services.deps.db.videoAsset.create({
    data: {
      id,
      sourceKey: key,
      fileName,
      contentType: "video/mp4",
      sizeBytes: BigInt(bytes.length),
      status: "UPLOADED",
    },
  });
  return id;
}
