import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byPhone, recordHeldMeeting, regionDatabase, type Region, type TestDatabase } from "@dangjian/services/testing";
import { metricsRequestHandler, runWithRequestId } from "@dangjian/observability";
import { startWorkerHttp } from "../src/http.ts";
import { startWorker, type RunningWorker } from "../src/worker.ts";
import { SEARCH_CAPTION_QUEUE } from "../src/jobs/search-captions.ts";

let t: TestDatabase;
let region: Region;
let worker: RunningWorker;

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
  worker = await startWorker({ services: t.services, databaseUrl: t.url, log: () => {} });
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

async function eventually<T>(probe: () => Promise<T | null>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting for the worker");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("fact-table job", () => {
  it("builds the monthly fact row after a meeting is recorded with an outbox event", async () => {
    const db = t.services.deps.db;
    const start = new Date("2026-10-07T08:00:00Z");
    await recordHeldMeeting(db, { orgId: region.branchA, type: "BRANCH_ASSEMBLY", topic: "支部党员大会", at: start }, [
      { memberId: region.members.alice, status: "PRESENT" },
      { memberId: region.members.bob, status: "ABSENT" },
    ]);
    // No explicit kick: the NOTIFY trigger wakes the worker.
    const fact = await eventually(() =>
      db.orgMonthFact.findUnique({ where: { orgId_month: { orgId: region.branchA, month: new Date("2026-10-01") } } }),
    );
    expect(fact).toMatchObject({ branchAssemblyHeld: 1, attendanceExpected: 2, attendancePresent: 1, memberCount: 3 });
    await eventually(async () => ((await t.services.outbox.pending()) === 0 ? true : null));
  });

  it("updates the row when a later fact changes the month", async () => {
    const db = t.services.deps.db;
    const start = new Date("2026-10-20T08:00:00Z");
    await recordHeldMeeting(db, { orgId: region.branchA, type: "PARTY_LECTURE", topic: "党课", at: start });
    const fact = await eventually(async () => {
      const row = await db.orgMonthFact.findUnique({
        where: { orgId_month: { orgId: region.branchA, month: new Date("2026-10-01") } },
      });
      return row && row.partyLectureHeld === 1 ? row : null;
    });
    expect(fact.branchAssemblyHeld).toBe(1);
  });
});

describe("housekeeping job (issue 13, defect 11)", () => {
  it("deletes ended sessions and old login attempts, keeps live ones", async () => {
    const db = t.services.deps.db;
    const account = await db.account.findUniqueOrThrow({ where: byPhone(region.phones.member) });
    const longAgo = new Date(Date.now() - 60 * 86_400_000);
    await db.session.createMany({
      data: [
        {
          id: "hk-ended",
          accountId: account.id,
          createdAt: longAgo,
          lastSeenAt: longAgo,
          expiresAt: new Date(longAgo.getTime() + 7 * 86_400_000),
        },
        { id: "hk-live", accountId: account.id, expiresAt: new Date(Date.now() + 86_400_000) },
      ],
    });
    await db.loginAttempt.create({ data: { identifier: "X", throttleKey: "name:X", succeeded: false, at: longAgo } });
    await worker.boss.send("housekeeping", {});
    await eventually(async () => ((await db.session.count({ where: { id: "hk-ended" } })) === 0 ? true : null));
    await eventually(async () => ((await db.loginAttempt.count({ where: { at: longAgo } })) === 0 ? true : null));
    expect(await db.session.count({ where: { id: "hk-live" } })).toBe(1);
  });
});

describe("caption backfill job (ADR 0605)", () => {
  it("reads captions uploaded before their words were kept, stores them and indexes the lesson", async () => {
    const db = t.services.deps.db;
    const storage = t.services.deps.storage;
    expect(storage, "the test platform has an S3 store").toBeTruthy();
    const asset = await db.videoAsset.create({
      data: {
        sourceKey: `videos/${crypto.randomUUID()}/source`,
        fileName: "old.mp4",
        contentType: "video/mp4",
        sizeBytes: BigInt(1),
        status: "READY",
      },
    });
    const key = `videos/${asset.id}/captions.vtt`;
    await storage!.put(key, "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n讲解耕地保护红线\n", "text/vtt; charset=utf-8");
    await db.videoAsset.update({ where: { id: asset.id }, data: { captionKey: key } });
    await worker.boss.send(SEARCH_CAPTION_QUEUE, {});
    const stored = await eventually(async () => {
      const row = await db.videoAsset.findUniqueOrThrow({ where: { id: asset.id } });
      return row.captionText === null ? null : row.captionText;
    });
    expect(stored).toBe("讲解耕地保护红线");
  });
});

describe("metrics and request ids (issue 14 §4)", () => {
  it("times jobs per queue, measures queue depth and outbox lag, behind the token on the worker's listener", async () => {
    const token = "worker-metrics-token-0123";
    const http = await startWorkerHttp({ port: 0, routes: { "/metrics": metricsRequestHandler(token) } });
    const server = { url: `${http.url}/metrics`, close: () => http.close() };
    try {
      expect((await fetch(server.url)).status).toBe(401);
      expect((await fetch(server.url, { headers: { authorization: "Bearer nope-nope-nope-nope" } })).status).toBe(401);
      const scrape = async () => {
        const res = await fetch(server.url, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        return res.text();
      };
      const count = (text: string, series: string) =>
        Number(
          text
            .split("\n")
            .find((l) => l.startsWith(series))
            ?.split(" ")
            .pop() ?? 0,
        );
      const series = 'dangjian_job_duration_seconds_count{queue="housekeeping",outcome="ok"}';
      const before = count(await scrape(), series);
      // a job sent inside a request's context carries its id; the job runs under it
      await runWithRequestId("req-from-a-gateway-1", () => worker.boss.send("housekeeping", {}));
      await eventually(async () => (count(await scrape(), series) > before ? true : null));
      const text = await scrape();
      expect(text).toMatch(/dangjian_job_queue_depth\{queue="housekeeping",state="queued"\} \d+/);
      expect(text).toMatch(/dangjian_outbox_pending_events \d+/);
      expect(text).toMatch(/dangjian_transcode_backlog \d+/);
      const jobs = await t.services.deps.db.$queryRawUnsafe<Array<{ data: { requestId?: string } }>>(
        `SELECT data FROM pgboss.job WHERE name = 'housekeeping' AND data->>'requestId' = 'req-from-a-gateway-1'`,
      );
      expect(jobs).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
