// PostgreSQL restarted under load (issue 14 §2, ADR 1040): while it is down, requests fail fast
// with a clear Chinese message (no hanging request), /readyz says "database"; when it is back,
// the pools recover by themselves and /readyz is ready again.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStorageConfig } from "@dangjian/infra-dev/vitest";
import { createServices, type Services } from "@dangjian/services";
import { createRegion, PASSWORD, type Region } from "@dangjian/services/testing";
import { createGateway, type Gateway } from "@dangjian/gateway";
import { getJson, ownPostgres, waitFor, type OwnPostgres } from "../src/index.ts";

let pg: OwnPostgres;
let services: Services;
let gateway: Gateway;
let region: Region;
let cookie = "";

beforeAll(async () => {
  process.env.DANGJIAN_PII_KEY ??= randomBytes(32).toString("base64");
  pg = await ownPostgres();
  services = createServices({ databaseUrl: pg.url, poolSize: 4, storage: testStorageConfig() });
  region = await createRegion(services.deps.db);
  const { token } = await services.auth.login({
    identifier: region.phones.member,
    password: PASSWORD,
    ip: null,
    userAgent: null,
  });
  cookie = `dj_session=${encodeURIComponent(token)}`;
  gateway = await createGateway({ services, port: 0, withoutApps: true });
});

afterAll(async () => {
  await gateway?.close();
  await services?.close();
  await pg?.destroy();
});

const me = () =>
  fetch(`${gateway.url}/api/trpc/auth.me`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) }).then(
    async (r) => ({ status: r.status, text: await r.text() }),
  );

describe("PostgreSQL restarted", () => {
  it("readiness, fast failures with a clear message, and recovery without a restart of the gateway", async () => {
    const ready = await getJson(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: true, failed: [] });
    expect((await me()).status).toBe(200);

    await pg.stop();

    const down = await waitFor("readyz to report the database", async () => {
      const r = await getJson(`${gateway.url}/readyz`);
      return r.status === 503 ? r : null;
    });
    expect(down.body).toMatchObject({ ready: false });
    expect((down.body as { failed: string[] }).failed).toContain("database");
    expect((down.body as { checks: { storage: { ok: boolean } } }).checks.storage.ok).toBe(true);
    expect(down.ms).toBeLessThan(5000);
    expect((await getJson(`${gateway.url}/healthz`)).status).toBe(200);

    const started = performance.now();
    const failed = await me();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(failed.status).toBe(503);
    expect(failed.text).toContain("数据库");

    await pg.start();
    await waitFor("readyz to be ready again", async () => (await getJson(`${gateway.url}/readyz`)).status === 200, {
      timeoutMs: 30_000,
    });
    expect((await me()).status).toBe(200);
  });
});
