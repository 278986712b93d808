// The object store unreachable (issue 14 §2, ADR 1040): playback, uploads and captions fail with
// the clear storage message (503), fast; nothing is half recorded (no video asset or lesson link
// without its object, no caption key without its file, an open upload stays open and resumable);
// /readyz names "storage"; and when S3 is back the same calls succeed without a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3, type S3Server } from "@dangjian/infra-dev";
import { createDatabase, type ClonedDatabase } from "@dangjian/infra-dev/vitest";
import { createServices, type Services } from "@dangjian/services";
import { createMember, createRegion, PASSWORD, type Region } from "@dangjian/services/testing";
import { createGateway, type Gateway } from "@dangjian/gateway";
import { getJson, waitFor } from "../src/index.ts";

let database: ClonedDatabase;
let s3: S3Server | null = null;
let s3Dir: string;
let s3Port = 0;
let services: Services;
let gateway: Gateway;
let region: Region;
let cookie = "";
const ids = { readyLesson: "", readyAsset: "", emptyLesson: "" };

async function startStore(): Promise<void> {
  s3 = await startS3({ dir: s3Dir, port: s3Port });
  s3Port = Number(new URL(s3.endpoint).port);
}
async function stopStore(): Promise<void> {
  await s3?.stop();
  s3 = null;
}

beforeAll(async () => {
  s3Dir = mkdtempSync(path.join(tmpdir(), "dangjian-faults-s3-"));
  await startStore();
  database = await createDatabase();
  services = createServices({
    databaseUrl: database.url,
    poolSize: 4,
    storage: {
      endpoint: s3!.endpoint,
      bucket: s3!.bucket,
      accessKeyId: s3!.accessKeyId,
      secretAccessKey: s3!.secretAccessKey,
    },
  });
  const db = services.deps.db;
  region = await createRegion(db);
  await createMember(db, {
    name: "党校管理员",
    branchId: region.branchA,
    phone: "13600000031",
    roles: [{ role: "SCHOOL_ADMIN", orgId: region.city }],
  });
  const { token } = await services.auth.login({
    identifier: "13600000031",
    password: PASSWORD,
    ip: null,
    userAgent: null,
  });
  cookie = `dj_session=${encodeURIComponent(token)}`;

  const course = await db.course.create({ data: { title: "存储故障课程", category: "理论学习", published: true } });
  ids.readyAsset = crypto.randomUUID();
  const prefix = `videos/${ids.readyAsset}/hls/a/`;
  const storage = services.deps.storage!;
  await storage.put(`videos/${ids.readyAsset}/source`, "source", "video/mp4");
  await storage.put(
    `${prefix}master.m3u8`,
    "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=400000\n360p/index.m3u8\n",
    "application/vnd.apple.mpegurl",
  );
  await db.videoAsset.create({
    data: {
      id: ids.readyAsset,
      sourceKey: `videos/${ids.readyAsset}/source`,
      fileName: "a.mp4",
      contentType: "video/mp4",
      sizeBytes: 6n,
      status: "READY",
      outputPrefix: prefix,
      durationSec: 60,
    },
  });
  ids.readyLesson = (
    await db.lesson.create({
      data: { courseId: course.id, title: "可播放课时", kind: "VIDEO", durationSec: 60, videoAssetId: ids.readyAsset },
    })
  ).id;
  ids.emptyLesson = (await db.lesson.create({ data: { courseId: course.id, title: "待上传课时", kind: "VIDEO" } })).id;
  gateway = await createGateway({ services, port: 0, withoutApps: true });
});

afterAll(async () => {
  await gateway?.close();
  await services?.close();
  await database?.drop();
  await stopStore();
  if (s3Dir) rmSync(s3Dir, { recursive: true, force: true });
});

async function call(procedure: string, input: unknown): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${gateway.url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: gateway.url, cookie },
    body: JSON.stringify({ json: input }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text(), ms: performance.now() - started };
}
const result = (text: string) =>
  (JSON.parse(text) as { result: { data: { json: Record<string, unknown> } } }).result.data.json;
async function playlist(): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${gateway.url}/api/school/media/${ids.readyLesson}/master.m3u8`, {
    headers: { cookie },
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text(), ms: performance.now() - started };
}
const STORAGE_MESSAGE = "文件存储暂时连接不上";

describe("S3 unreachable", () => {
  it("fails clearly and fast, records nothing by halves, and recovers when S3 is back", async () => {
    const db = services.deps.db;
    expect((await playlist()).status).toBe(200);
    const bytes = new Uint8Array(64 * 1024).fill(7);

    await stopStore();
    const down = await waitFor("readyz to report storage", async () => {
      const r = await getJson(`${gateway.url}/readyz`);
      return r.status === 503 ? r : null;
    });
    expect((down.body as { failed: string[] }).failed).toEqual(["storage"]);

    // playback: 503 with the message, not a 500
    const play = await playlist();
    expect(play.status).toBe(503);
    expect(play.text).toContain(STORAGE_MESSAGE);
    expect(play.ms).toBeLessThan(10_000);

    // a new upload: refused before anything is recorded
    const start = await call("school.admin.startUpload", {
      lessonId: ids.emptyLesson,
      fileName: "第一讲.mp4",
      contentType: "video/mp4",
      sizeBytes: bytes.length,
    });
    expect(start.status).toBe(503);
    expect(start.text).toContain(STORAGE_MESSAGE);
    expect(start.ms).toBeLessThan(10_000);
    expect((await db.lesson.findUniqueOrThrow({ where: { id: ids.emptyLesson } })).videoAssetId).toBeNull();
    expect(await db.videoAsset.count()).toBe(1);

    // captions: no caption key without its file
    const captions = await call("school.admin.uploadCaptions", {
      assetId: ids.readyAsset,
      vtt: "WEBVTT\n\n00:00.000 --> 00:02.000\n同志们好\n",
    });
    expect(captions.status).toBe(503);
    expect(captions.text).toContain(STORAGE_MESSAGE);
    expect((await db.videoAsset.findUniqueOrThrow({ where: { id: ids.readyAsset } })).captionKey).toBeNull();

    // S3 is back: the same calls work, no process restarted
    await startStore();
    await waitFor("readyz to be ready again", async () => (await getJson(`${gateway.url}/readyz`)).status === 200);
    expect((await playlist()).status).toBe(200);
    const started = await call("school.admin.startUpload", {
      lessonId: ids.emptyLesson,
      fileName: "第一讲.mp4",
      contentType: "video/mp4",
      sizeBytes: bytes.length,
    });
    expect(started.status, started.text).toBe(200);
    const { assetId } = result(started.text) as { assetId: string };
    const signed = await call("school.admin.signParts", { assetId, partNumbers: [1] });
    const [part] = result(signed.text) as unknown as Array<{ partNumber: number; url: string }>;
    const put = await fetch(part!.url, { method: "PUT", body: bytes });
    expect(put.status).toBe(200);
    const etag = put.headers.get("etag")!;

    // S3 goes away between the last part and the completion: the upload stays open, not "invalid"
    await stopStore();
    const failedCompletion = await call("school.admin.completeUpload", { assetId, parts: [{ partNumber: 1, etag }] });
    expect(failedCompletion.status).toBe(503);
    expect(failedCompletion.text).toContain(STORAGE_MESSAGE);
    expect(await db.videoAsset.findUniqueOrThrow({ where: { id: assetId } })).toMatchObject({ status: "UPLOADING" });

    await startStore();
    const completed = await call("school.admin.completeUpload", { assetId, parts: [{ partNumber: 1, etag }] });
    expect(completed.status, completed.text).toBe(200);
    expect(result(completed.text)).toMatchObject({ status: "UPLOADED" });
    // and a repeated completion (its answer lost) is not "invalid parts" either
    const again = await call("school.admin.completeUpload", { assetId, parts: [{ partNumber: 1, etag }] });
    expect(again.status).toBe(409);

    // a completion that reached S3 but whose answer was lost: repeating it finishes the upload
    const course = await db.lesson.findUniqueOrThrow({ where: { id: ids.emptyLesson } });
    const second = await db.lesson.create({ data: { courseId: course.courseId, title: "第二讲", kind: "VIDEO" } });
    const secondStart = await call("school.admin.startUpload", {
      lessonId: second.id,
      fileName: "第二讲.mp4",
      contentType: "video/mp4",
      sizeBytes: bytes.length,
    });
    const secondAsset = result(secondStart.text) as { assetId: string; uploadId: string };
    const [secondPart] = result(
      (await call("school.admin.signParts", { assetId: secondAsset.assetId, partNumbers: [1] })).text,
    ) as unknown as Array<{ url: string }>;
    const secondPut = await fetch(secondPart!.url, { method: "PUT", body: bytes });
    const secondParts = [{ partNumber: 1, etag: secondPut.headers.get("etag")! }];
    await services.deps.storage!.completeMultipart(
      `videos/${secondAsset.assetId}/source`,
      secondAsset.uploadId,
      secondParts,
    );
    const repeated = await call("school.admin.completeUpload", { assetId: secondAsset.assetId, parts: secondParts });
    expect(repeated.status, repeated.text).toBe(200);
    expect(result(repeated.text)).toMatchObject({ status: "UPLOADED" });

    const captioned = await call("school.admin.uploadCaptions", {
      assetId: ids.readyAsset,
      vtt: "WEBVTT\n\n00:00.000 --> 00:02.000\n同志们好\n",
    });
    expect(captioned.status, captioned.text).toBe(200);

    // nothing by halves: every recorded asset's objects exist, every lesson link resolves
    const storage = services.deps.storage!;
    for (const asset of await db.videoAsset.findMany()) {
      if (asset.status === "UPLOADED" || asset.status === "READY")
        expect(await storage.head(asset.sourceKey), asset.sourceKey).toMatchObject({ size: Number(asset.sizeBytes) });
      if (asset.captionKey) expect(await storage.head(asset.captionKey)).not.toBeNull();
    }
    expect((await db.lesson.findUniqueOrThrow({ where: { id: ids.emptyLesson } })).videoAssetId).toBe(assetId);
  });
});
