// Heartbeat ingest with one and with two gateway processes, side by side in one run (issue 14
// §5, ADR 1001): the same database, members and script; autocannon spreads its connections over
// the processes' URLs (connection i → process i mod n), so every member's watch sessions are
// served by both processes, as behind any load balancer. After each run the processes stop
// (their final flush) and the crediting is checked: no member is credited more than the wall
// clock of the run, and every credited second is a distinct second of stored coverage.
// Usage: pnpm --filter @dangjian/bench bench:school-heartbeats-scale [seconds] [connections]
// (needs the apps built, as bench:school-heartbeats).
import { spawn, type ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { migrate } from "@dangjian/db/migrate";
import { createDb } from "@dangjian/db";
import { piiKeysFromEnv, sealAccountRow, sealMemberRow } from "@dangjian/db/pii";
import { dataRoot, recreateDatabase, startPostgres } from "@dangjian/infra-dev";
import { createServices, hashPassword } from "@dangjian/services";
import { markdownTable } from "../table.ts";
import { env } from "./env.ts";

// eslint-disable-next-line no-restricted-properties
process.env.DANGJIAN_PII_KEY ??= (await import("node:crypto")).randomBytes(32).toString("base64");

const durationSec = Number(process.argv[2] ?? 20);
const connections = Number(process.argv[3] ?? 64);
const MEMBERS = 400;
const LESSONS = 10;
const SESSIONS_PER_MEMBER = 5;
const CONFIGS = [1, 2];

const pg = await startPostgres({ dir: join(dataRoot, "bench-pg"), port: env.DANGJIAN_TEST_PG_PORT, fast: true });
const url = pg.url("bench_heartbeats_scale");
const children: ChildProcess[] = [];

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "heartbeat-server.ts"), url], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const m = /URL (\S+)/.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  return {
    url: base,
    stop: async () => {
      child.kill("SIGTERM"); // closes and writes everything behind (final flush)
      await exited;
    },
  };
}

try {
  await recreateDatabase(pg, "bench_heartbeats_scale");
  await migrate(url);
  const db = createDb(url, { max: 4 });
  const org = await db.org.create({
    data: { name: "基准测试支部", kind: "BRANCH", level: "BRANCH", ancestorIds: [], path: "/b/", depth: 0 },
  });
  const course = await db.course.create({ data: { title: "基准课程", category: "理论学习", published: true } });
  // each configuration watches lessons of its own, so that nothing was covered before it
  const lessonIds: string[][] = [];
  for (const n of CONFIGS) {
    const ids: string[] = [];
    for (let i = 0; i < LESSONS; i++) {
      const asset = await db.videoAsset.create({
        data: {
          sourceKey: `bench/${n}/${i}`,
          fileName: "a.mp4",
          contentType: "video/mp4",
          sizeBytes: BigInt(1),
          status: "READY",
          durationSec: 3600,
          outputPrefix: "bench/",
        },
      });
      ids.push(
        (
          await db.lesson.create({
            data: {
              courseId: course.id,
              title: `课时 ${n}-${i}`,
              kind: "VIDEO",
              durationSec: 3600,
              videoAssetId: asset.id,
            },
          })
        ).id,
      );
    }
    lessonIds.push(ids);
  }
  const passwordHash = await hashPassword("Bench@2026");
  const memberIds: string[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const phone = `1770000${String(i).padStart(4, "0")}`;
    const member = await db.member.create({
      data: sealMemberRow(piiKeysFromEnv(), {
        memberNo: `BM${i}`,
        name: `党员${i}`,
        gender: "MALE" as const,
        status: "FULL" as const,
        category: "ON_DUTY" as const,
        joinedOn: new Date("2010-01-01"),
        branchId: org.id,
        phone,
      }),
    });
    memberIds.push(member.id);
    await db.account.create({
      data: {
        memberId: member.id,
        displayName: `党员${i}`,
        ...sealAccountRow(piiKeysFromEnv(), { phone }),
        passwordHash,
        roleGrants: { create: [{ role: "MEMBER", orgId: org.id }] },
      },
    });
  }
  const services = createServices({ databaseUrl: url, poolSize: 4 });
  const tokens: string[] = [];
  for (let i = 0; i < MEMBERS; i++)
    tokens.push(
      (
        await services.auth.login({
          identifier: `1770000${String(i).padStart(4, "0")}`,
          password: "Bench@2026",
          ip: null,
          userAgent: null,
        })
      ).token,
    );
  await services.close();

  const rows: Array<Array<string | number>> = [];
  for (const [k, n] of CONFIGS.entries()) {
    const lessons = lessonIds[k]!;
    const sessions = Array.from({ length: MEMBERS * SESSIONS_PER_MEMBER }, (_, i) => ({
      member: i % MEMBERS,
      lessonId: lessons[(i + Math.floor(i / MEMBERS)) % LESSONS]!,
      sessionId: crypto.randomUUID(),
      seq: 0,
      startedAt: 0,
    }));
    await db.watchSession.createMany({
      data: sessions.map((s) => ({
        id: s.sessionId,
        memberId: memberIds[s.member]!,
        lessonId: s.lessonId,
        playlistAt: new Date(),
      })),
    });
    const servers = await Promise.all(Array.from({ length: n }, () => startServer()));
    let next = 0;
    const statuses = new Map<number, number>();
    const run = (limit: { duration: number } | { amount: number }, record: boolean) =>
      autocannon({
        // several URLs: connection i goes to URL i mod n (autocannon's types say one string)
        url: servers.map((s) => `${s.url}/api/school/heartbeat`) as unknown as string,
        method: "POST",
        connections,
        ...limit,
        requests: [
          {
            setupRequest: (req) => {
              const s = sessions[next++ % sessions.length]!;
              const now = Date.now();
              if (s.startedAt === 0) s.startedAt = now;
              return {
                ...req,
                headers: { "content-type": "application/json", cookie: `dj_session=${tokens[s.member]}` },
                body: JSON.stringify({
                  lessonId: s.lessonId,
                  sessionId: s.sessionId,
                  seq: s.seq++,
                  positionSec: Math.min(3599, (now - s.startedAt) / 1000),
                  playing: true,
                  rate: 1,
                  visible: true,
                }),
              };
            },
            onResponse: (status) => {
              if (record) statuses.set(status, (statuses.get(status) ?? 0) + 1);
            },
          },
        ],
      });
    const loadBefore = loadavg()[0]!;
    const runStart = Date.now();
    await run({ amount: sessions.length * 2 }, false); // warm-up: every session loaded everywhere it lands
    const result = await run({ duration: durationSec }, true);
    await Promise.all(servers.map((s) => s.stop()));
    const wallSec = (Date.now() - runStart) / 1000;
    const loadAfter = loadavg()[0]!;

    const perKey = await db.$queryRawUnsafe<Array<{ memberId: string; credited: number; covered: number }>>(
      `SELECT p."memberId"::text AS "memberId", p."coveredSec" AS covered,
              coalesce((SELECT sum(seconds) FROM "StudyCredit" c WHERE c."memberId" = p."memberId" AND c."lessonId" = p."lessonId"), 0)::float8 AS credited
       FROM "LessonProgress" p WHERE p."lessonId" = ANY($1::uuid[])`,
      lessons,
    );
    const byMember = new Map<string, number>();
    for (const r of perKey) byMember.set(r.memberId, (byMember.get(r.memberId) ?? 0) + r.credited);
    const credited = perKey.reduce((a, r) => a + r.credited, 0);
    const covered = perKey.reduce((a, r) => a + r.covered, 0);
    const maxPerMember = Math.max(0, ...byMember.values());
    // the credited whole seconds of a lesson are its covered seconds rounded down (ADR 1001)
    const worstKey = Math.max(0, ...perKey.map((r) => Math.abs(r.credited - r.covered)));
    const exact =
      maxPerMember <= Math.ceil(wallSec) &&
      perKey.every((r) => r.credited <= r.covered + 1e-6 && r.covered - r.credited < 1);
    const ok = statuses.get(200) ?? 0;
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    rows.push([
      n,
      `${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
      Math.round(result.requests.average).toLocaleString("en"),
      `${result.latency.p50} ms`,
      `${result.latency.p97_5} ms`,
      `${result.latency.p99} ms`,
      total - ok,
      `${Math.round(credited).toLocaleString("en")} s`,
      `${Math.round(covered).toLocaleString("en")} s`,
      `${maxPerMember} s ≤ ${wallSec.toFixed(1)} s`,
      `${worstKey.toFixed(2)} s`,
      exact ? "yes" : "**NO**",
    ]);
    if (!exact) process.exitCode = 1;
  }
  await db.$disconnect();
  console.log(
    `\n${connections} connections, ${durationSec} s per configuration, ${MEMBERS * SESSIONS_PER_MEMBER} watch sessions of ${MEMBERS} members (5 at once each: the budget binds), processes + PostgreSQL + autocannon on the same machine\n`,
  );
  console.log(
    markdownTable(
      [
        "gateway processes",
        "load avg (1 min)",
        "heartbeats/s (mean)",
        "p50",
        "p97.5",
        "p99",
        "non-2xx",
        "credited",
        "covered",
        "most credited to one member ≤ run's wall clock",
        "worst |credited − covered| per lesson",
        "exact",
      ],
      rows,
    ),
  );
} finally {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1000));
  await pg.stop();
}
