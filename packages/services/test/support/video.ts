// Real videos for the transcoding tests (worker and fault tests): ffmpeg makes them from a lavfi
// test pattern, and they arrive as an upload leaves them (the bytes in S3, the asset UPLOADED).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Db } from "@dangjian/db";
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

/** A video asset as transcoding leaves it (READY, renditions under x/; no bytes in S3): for tests of watching. */
export async function readyVideoAsset(db: Db, durationSec: number): Promise<string> {
  const asset = await db.videoAsset.create({
    data: {
      sourceKey: `videos/${crypto.randomUUID()}/source`,
      fileName: "a.mp4",
      contentType: "video/mp4",
      sizeBytes: BigInt(1),
      status: "READY",
      durationSec,
      outputPrefix: "x/",
    },
  });
  return asset.id;
}

/** A published course (for everyone, or only for `audienceOrgId`'s subtree) with one lesson on a ready video. */
export async function videoLesson(
  db: Db,
  input: { title: string; durationSec: number; audienceOrgId?: string | null },
): Promise<{ courseId: string; lessonId: string }> {
  const { title, durationSec } = input;
  const course = await db.course.create({
    data: { title, category: "理论学习", published: true, audienceOrgId: input.audienceOrgId ?? null },
  });
  const videoAssetId = await readyVideoAsset(db, durationSec);
  const lesson = await db.lesson.create({
    data: { courseId: course.id, title, kind: "VIDEO", durationSec, videoAssetId },
  });
  return { courseId: course.id, lessonId: lesson.id };
}
