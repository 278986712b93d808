// Heartbeat ingest: sustained heartbeats per second on this machine, with p50/p95/p99, using
// autocannon against the real gateway endpoint (POST /api/school/heartbeat) and a real
// PostgreSQL. The gateway runs in a child process; autocannon in this one, same machine.
// Every request is a valid heartbeat of one of many watch sessions (distinct members, lessons,
// increasing sequence numbers, positions that follow wall-clock time), so each one is really
// credited. Usage: pnpm --filter @dangjian/bench bench:school-heartbeats [seconds] [connections]
// (needs the apps built: pnpm exec turbo run build --filter=@dangjian/branch --filter=@dangjian/school --filter=@dangjian/card)
import { spawn } from "node:child_process";
import { join } from "node:path";
import autocannon from "autocannon";
import { migrate } from "@dangjian/db/migrate";
import { createDb } from "@dangjian/db";
import { piiKeysFromEnv, sealAccountRow, sealMemberRow } from "@dangjian/db/pii";
import { dataRoot, recreateDatabase, startPostgres } from "@dangjian/infra-dev";
import { createServices, hashPassword } from "@dangjian/services";
import { markdownTable } from "../table.ts";
import { env } from "./env.ts";

// benchmarks write synthetic people: a throwaway key unless one is given (ADR 0752)
// eslint-disable-next-line no-restricted-properties
process.env.DANGJIAN_PII_KEY ??= (await import("node:crypto")).randomBytes(32).toString("base64");

const durationSec = Number(process.argv[2] ?? 20);
const connections = Number(process.argv[3] ?? 64);
const MEMBERS = 400;
const LESSONS = 10;
const SESSIONS_PER_MEMBER = 5;
const port = env.DANGJIAN_TEST_PG_PORT;

const pg = await startPostgres({ dir: join(dataRoot, "bench-pg"), port, fast: true });
const url = pg.url("bench_heartbeats");
let child: ReturnType<typeof spawn> | undefined;
try {
  await recreateDatabase(pg, "bench_heartbeats");
  await migrate(url);
  const db = createDb(url, { max: 4 });
  // one branch, members with accounts, READY video lessons of one hour
  const org = await db.org.create({
    data: { name: "基准测试支部", kind: "BRANCH", level: "BRANCH", ancestorIds: [], path: "/b/", depth: 0 },
  });
  const course = await db.course.create({ data: { title: "基准课程", category: "理论学习", published: true } });
  const lessonIds: string[] = [];
  for (let i = 0; i < LESSONS; i++) {
    const asset = await db.videoAsset.create({
      data: {
        sourceKey: `bench/${i}`,
        fileName: "a.mp4",
        contentType: "video/mp4",
        sizeBytes: BigInt(1),
        status: "READY",
        durationSec: 3600,
        outputPrefix: "bench/",
      },
    });
    lessonIds.push(
      (
        await db.lesson.create({
          data: { courseId: course.id, title: `课时 ${i}`, kind: "VIDEO", durationSec: 3600, videoAssetId: asset.id },
        })
      ).id,
    );
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
  await db.$disconnect();
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

  child = spawn(
    process.execPath,
    [
      ...(env.DANGJIAN_BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${env.DANGJIAN_BENCH_CPU_PROF}`] : []),
      "--import",
      "tsx",
      join(import.meta.dirname, "heartbeat-server.ts"),
      url,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const base = await new Promise<string>((resolve, reject) => {
    child!.stdout!.on("data", (chunk: Buffer) => {
      const m = /URL (\S+)/.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
    child!.on("exit", (code) => reject(new Error(`server exited ${code}`)));
  });

  // watch sessions: member i watches lesson (i + k) % LESSONS in session k
  const sessions = Array.from({ length: MEMBERS * SESSIONS_PER_MEMBER }, (_, n) => ({
    token: tokens[n % MEMBERS]!,
    lessonId: lessonIds[(n + Math.floor(n / MEMBERS)) % LESSONS]!,
    sessionId: crypto.randomUUID(),
    seq: 0,
    startedAt: 0,
  }));
  // every session was opened by its player's playlist fetch (ADR 0753): heartbeats are believed only then
  const opener = createDb(url, { max: 1 });
  await opener.watchSession.createMany({
    data: sessions.map((s, n) => ({
      id: s.sessionId,
      memberId: memberIds[n % MEMBERS]!,
      lessonId: s.lessonId,
      playlistAt: new Date(),
    })),
  });
  await opener.$disconnect();
  let next = 0;
  const statuses = new Map<number, number>();
  const outcomes = new Map<string, number>();
  const run = (limit: { duration: number } | { amount: number }, record: boolean) =>
    autocannon({
      url: `${base}/api/school/heartbeat`,
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
              headers: { "content-type": "application/json", cookie: `dj_session=${s.token}` },
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
          onResponse: (status, body) => {
            if (!record) return;
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            try {
              const outcome = (JSON.parse(body) as { outcome?: string }).outcome ?? "error";
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
            } catch {
              outcomes.set("unparsed", (outcomes.get("unparsed") ?? 0) + 1);
            }
          },
        },
      ],
    });
  // Warm-up: every watch session receives its first heartbeats (the cold path: access check and
  // loading its state, one session lookup per member). Measured separately below.
  const warm = await run({ amount: sessions.length * 2 }, false);
  const result = await run({ duration: durationSec }, true);
  await new Promise((r) => setTimeout(r, 1500)); // the last write-behind flush
  const check = createDb(url, { max: 1 });
  const credited = await check.studyCredit.aggregate({ _sum: { seconds: true } });
  const rows = await check.lessonProgress.count();
  await check.$disconnect();
  const ok = statuses.get(200) ?? 0;
  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  console.log(
    `\n${connections} connections, ${durationSec} s, ${sessions.length} watch sessions of ${MEMBERS} members, gateway + autocannon on the same machine\n`,
  );
  console.log(
    markdownTable(
      ["heartbeats/s (mean)", "p50", "p90", "p97.5", "p99", "max", "2xx", "non-2xx", "outcomes"],
      [
        [
          Math.round(result.requests.average),
          `${result.latency.p50} ms`,
          `${result.latency.p90} ms`,
          `${result.latency.p97_5} ms`,
          `${result.latency.p99} ms`,
          `${result.latency.max} ms`,
          ok,
          total - ok,
          [...outcomes.entries()].map(([k, v]) => `${k} ${v}`).join(", "),
        ],
      ],
    ),
  );
  console.log(
    `\ncold path (first two heartbeats of each of the ${sessions.length} sessions): ${Math.round(warm.requests.average)}/s, p50 ${warm.latency.p50} ms, p99 ${warm.latency.p99} ms`,
  );
  console.log(
    `\ncredited in the database after the run: ${credited._sum.seconds ?? 0} s over ${rows} lesson-progress rows`,
  );
} finally {
  child?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 2000));
  await pg.stop();
}
