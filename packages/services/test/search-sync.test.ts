// The search outbox to an external engine: a stopped engine (closed port) or a process dying
// mid-push loses nothing; the documents wait and catch up. The catching-up target is a real engine
// (the embedded one, in a second database), so what arrives is searchable.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MeiliEngine, type SearchEngine } from "@dangjian/search";
import { searchLag, syncAll, syncBatch } from "../src/search/sync.ts";
import { embeddedEngine } from "../src/search/documents.ts";
import { createTestDatabase, loginActor, regionDatabase, type Region, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
let target: TestDatabase;
let region: Region;

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  ({ t, region } = await regionDatabase(new Date("2026-05-20T08:00:00Z")));
  target = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
  await target.drop();
});

describe("search outbox", () => {
  it("documents written in a transaction are queued for the external engine in it", async () => {
    const secretary = await loginActor(t, region.phones.secretary);
    const before = (await searchLag(t.services.deps)).pending;
    const m = await t.services.orglife.plan(secretary, {
      orgId: region.branchA,
      type: "THEME_DAY",
      topic: "同步测试主题党日",
      plannedStart: new Date("2026-05-18T01:00:00Z"),
      plannedEnd: new Date("2026-05-18T03:00:00Z"),
    });
    await t.services.orglife.record(secretary, { meetingId: m.id, minutes: "检验搜索同步不丢事件。" });
    const lag = await searchLag(t.services.deps);
    expect(lag.pending).toBe(before + 1); // coalesced: one key per document however often it changes
  });

  it("with the engine stopped (closed port) events wait, with the error recorded", async () => {
    await t.services.search.reindex();
    await t.services.deps.db.$executeRawUnsafe(
      `INSERT INTO "SearchOutbox" (key, type, "refId") SELECT key, type, "refId" FROM "SearchDocument" ON CONFLICT DO NOTHING`,
    );
    const pending = (await searchLag(t.services.deps)).pending;
    expect(pending).toBeGreaterThan(5);
    const stopped = new MeiliEngine({ host: `http://127.0.0.1:${await closedPort()}`, timeoutMs: 2_000 });
    await expect(syncAll(t.services.deps, stopped)).rejects.toThrow();
    const lag = await searchLag(t.services.deps);
    expect(lag.pending).toBe(pending);
    expect(lag.lastError).toBeTruthy();
    expect((await stopped.health()).ok).toBe(false);
  });

  it("a push that dies half-way keeps every key; the next run catches up completely", async () => {
    const real = embeddedEngine(target.services.deps.db);
    let upserts = 0;
    const dying: SearchEngine = {
      name: "meilisearch",
      applySettings: () => real.applySettings(),
      upsert: async (docs) => {
        upserts += 1;
        if (upserts > 1) throw new Error("killed mid-way");
        await real.upsert(docs);
      },
      delete: (refs) => real.delete(refs),
      search: (r) => real.search(r),
      health: () => real.health(),
    };
    const pending = (await searchLag(t.services.deps)).pending;
    await expect(syncBatch(t.services.deps, dying, 500)).rejects.toThrow("killed mid-way");
    expect((await searchLag(t.services.deps)).pending).toBe(pending);

    const result = await syncAll(t.services.deps, real, 7);
    expect(result.pushed + result.deleted).toBe(pending);
    expect((await searchLag(t.services.deps)).pending).toBe(0);
    const inTarget = await real.search({
      query: "不丢事件",
      tokens: ["branch.overview@" + region.branchA],
      page: 1,
      pageSize: 10,
    });
    expect(inTarget.total).toBe(1);
    const docs = await t.services.deps.db.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM "SearchDocument"`,
    );
    expect((await real.health()).documents).toBe(docs[0]!.n);
  });

  it("deletions travel too", async () => {
    const real = embeddedEngine(target.services.deps.db);
    const member = await t.services.deps.db.member.findFirstOrThrow({
      where: { branchId: region.branchB },
      select: { id: true, name: true },
    });
    await t.services.deps.db.$transaction(async (tx) => {
      await tx.member.update({ where: { id: member.id }, data: { active: false } });
      const { indexInTx } = await import("../src/search/documents.ts");
      await indexInTx(tx, [{ type: "member", id: member.id }]);
    });
    await syncAll(t.services.deps, real);
    const found = await real.search({
      query: member.name,
      tokens: ["member.list@" + region.county],
      page: 1,
      pageSize: 10,
    });
    expect(found.hits.map((h) => h.id)).not.toContain(member.id);
  });
});
