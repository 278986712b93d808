// /healthz and /readyz (ADR 1040) on a started gateway: ready with the real database, S3 and the
// embedded search engine; 503 naming the object store, without quoting any configuration, when
// S3 cannot be reached; /healthz stays 200 whatever the dependencies do.
import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStorageConfig } from "@dangjian/infra-dev/vitest";
import { createServices, type Services } from "@dangjian/services";
import { createTestDatabase, type TestDatabase } from "@dangjian/services/testing";
import { createGateway, type Gateway } from "../src/index.ts";

let t: TestDatabase;
let gateway: Gateway;
let broken: Services;
let brokenGateway: Gateway;
const secret = `s3cr3t-${randomBytes(8).toString("hex")}`;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  t = await createTestDatabase();
  gateway = await createGateway({ services: t.services, port: 0, withoutApps: true });
  broken = createServices({
    databaseUrl: t.url,
    poolSize: 2,
    storage: {
      ...testStorageConfig(),
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      secretAccessKey: secret,
    },
  });
  brokenGateway = await createGateway({ services: broken, port: 0, withoutApps: true });
});
afterAll(async () => {
  await brokenGateway?.close();
  await gateway?.close();
  await broken?.close();
  await t.drop();
});

describe("probes", () => {
  it("/readyz is 200 when the database, S3 and search answer", async () => {
    // each check gives up after 2 s: on a machine loaded far beyond its cores one may, now and then
    let response = await fetch(`${gateway.url}/readyz`);
    for (let attempt = 0; response.status !== 200 && attempt < 10; attempt++) {
      await new Promise((r) => setTimeout(r, 1100)); // past the one-second shared answer
      response = await fetch(`${gateway.url}/readyz`);
    }
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { ready: boolean; failed: string[]; checks: Record<string, unknown> };
    expect(body).toMatchObject({
      ready: true,
      failed: [],
      checks: { database: { ok: true }, storage: { ok: true }, search: { ok: true } },
    });
  });

  it("/readyz is 503 naming S3 when it cannot be reached, quickly and without configuration in the answer", async () => {
    const started = performance.now();
    const response = await fetch(`${brokenGateway.url}/readyz`);
    const text = await response.text();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(response.status).toBe(503);
    const body = JSON.parse(text) as { ready: boolean; failed: string[]; checks: Record<string, { reason?: string }> };
    expect(body.ready).toBe(false);
    expect(body.failed).toEqual(["storage"]);
    expect(body.checks.storage!.reason).toBe("unreachable");
    expect(text).not.toContain(secret);
    expect(text).not.toContain("127.0.0.1");
    expect(text).not.toContain("S3RVER");
    // alive all the same
    expect((await fetch(`${brokenGateway.url}/healthz`)).status).toBe(200);
  });

  it("a burst of probes costs one check (answers are shared for a second)", async () => {
    let calls = 0;
    const counting = {
      ...t.services,
      readiness: async (options?: { timeoutMs?: number }) => {
        calls++;
        return t.services.readiness(options);
      },
    } as Services;
    const probed = await createGateway({ services: counting, port: 0, withoutApps: true });
    try {
      const answers = await Promise.all(Array.from({ length: 40 }, () => fetch(`${probed.url}/readyz`)));
      // one shared answer (200, or 503 if the machine is too loaded for the 2 s checks)
      expect(new Set(answers.map((r) => r.status)).size).toBe(1);
      expect(calls).toBe(1);
    } finally {
      await probed.close();
    }
  });
});
