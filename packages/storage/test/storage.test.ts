import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3, type S3Server } from "@dangjian/infra-dev";
import { createStorage, type Storage } from "../src/index.ts";

let server: S3Server;
let storage: Storage;
const dir = mkdtempSync(join(tmpdir(), "dangjian-s3-"));

beforeAll(async () => {
  server = await startS3({ dir, port: 0, bucket: "test-bucket" });
  storage = createStorage({
    endpoint: server.endpoint,
    bucket: server.bucket,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
  });
  await storage.ensureBucket();
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("S3 storage against a real S3-protocol server", () => {
  it("stores and reads back an object", async () => {
    await storage.put("meetings/a/minutes.txt", "会议记录：学习党章", "text/plain; charset=utf-8");
    expect(new TextDecoder().decode(await storage.getBytes("meetings/a/minutes.txt"))).toBe("会议记录：学习党章");
  });

  it("serves a presigned GET", async () => {
    await storage.put("photos/p.bin", new Uint8Array([1, 2, 3]), "application/octet-stream");
    const url = await storage.signedGetUrl("photos/p.bin", 60);
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(new Uint8Array(await ok.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("refuses credentials it does not know", async () => {
    // s3rver does not check V4 signatures themselves (real S3 does), but it does check the key.
    const stranger = createStorage({
      endpoint: server.endpoint,
      bucket: server.bucket,
      accessKeyId: "NOBODY",
      secretAccessKey: "x",
    });
    await storage.put("private/doc.txt", "内部", "text/plain");
    await expect(stranger.getBytes("private/doc.txt")).rejects.toThrow(/access key/i);
  });

  it("accepts an upload through a presigned PUT", async () => {
    const url = await storage.signedPutUrl("uploads/u.txt", "text/plain", 60);
    const response = await fetch(url, { method: "PUT", body: "上传", headers: { "content-type": "text/plain" } });
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(await storage.getBytes("uploads/u.txt"))).toBe("上传");
  });

  it("forgets a removed object", async () => {
    await storage.put("tmp/x", "x", "text/plain");
    await storage.remove("tmp/x");
    await expect(storage.getBytes("tmp/x")).rejects.toThrow();
  });
});
