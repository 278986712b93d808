import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireStorage } from "../src/deps.ts";
import { createTestDatabase, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe("services get the test run's S3 server", () => {
  it("stores, heads and removes an object through deps.storage", async () => {
    const storage = requireStorage(t.services.deps);
    await storage.put("probe/a.txt", "支部", "text/plain; charset=utf-8");
    expect(await storage.head("probe/a.txt")).toMatchObject({ size: 6 });
    await storage.remove("probe/a.txt");
    expect(await storage.head("probe/a.txt")).toBeNull();
  });

  it("a browser on another origin may PUT to a presigned URL and read the ETag", async () => {
    const storage = requireStorage(t.services.deps);
    const url = await storage.signedPutUrl("probe/b.bin", "application/octet-stream", 60);
    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:3000",
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBeTruthy();
    const put = await fetch(url, {
      method: "PUT",
      body: new Uint8Array([1, 2]),
      headers: { "Content-Type": "application/octet-stream", Origin: "http://localhost:3000" },
    });
    expect(put.status).toBe(200);
    expect(put.headers.get("access-control-expose-headers") ?? "").toMatch(/etag/i);
  });

  it("without S3 a use case that needs it fails clearly", () => {
    expect(() => requireStorage({ ...t.services.deps, storage: undefined })).toThrow(/S3_ENDPOINT/);
  });
});
