// Heartbeat ingest with one and with two gateway processes, side by side in one run (issue 14
// §5, ADR 1001): the same database, members and script; autocannon spreads its connections over
// the processes' URLs (connection i → process i mod n), so every member's watch sessions are
// served by both processes, as behind any load balancer. After each run the processes stop
// (their final flush) and the crediting is checked: no member is credited more than the wall
// clock of the run, and every credited second is a distinct second of stored coverage.
// Usage: pnpm --filter @dangjian/bench bench:school-heartbeats-scale [seconds] [connections]
// (needs the apps built, as bench:school-heartbeats).
import { loadavg } from "node:os";
import { markdownTable } from "../table.ts";
import { openHeartbeatBench } from "./heartbeat-fixture.ts";

const durationSec = Number(process.argv[2] ?? 20);
const connections = Number(process.argv[3] ?? 64);
const MEMBERS = 400;
const SESSIONS_PER_MEMBER = 5;
const CONFIGS = [1, 2];

// each configuration watches lessons of its own, so that nothing was covered before it
const bench = await openHeartbeatBench("bench_heartbeats_scale", {
  members: MEMBERS,
  lessons: 10,
  sets: CONFIGS.map((n) => `${n}/`),
  sessionsPerMember: SESSIONS_PER_MEMBER,
});
try {
  const rows: Array<Array<string | number>> = [];
  for (const [k, n] of CONFIGS.entries()) {
    const lessons = bench.lessonIds[k]!;
    const sessions = await bench.openSessions(lessons);
    const servers = await Promise.all(Array.from({ length: n }, () => bench.startServer()));
    const statuses = new Map<number, number>();
    const run = bench.load(
      servers.map((s) => s.url),
      sessions,
      connections,
      (status) => void statuses.set(status, (statuses.get(status) ?? 0) + 1),
    );
    const loadBefore = loadavg()[0]!;
    const runStart = Date.now();
    await run({ amount: sessions.length * 2 }, false); // warm-up: every session loaded everywhere it lands
    const result = await run({ duration: durationSec }, true);
    await Promise.all(servers.map((s) => s.stop()));
    const wallSec = (Date.now() - runStart) / 1000;
    const loadAfter = loadavg()[0]!;

    const perKey = await bench.db.$queryRawUnsafe<Array<{ memberId: string; credited: number; covered: number }>>(
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
  await bench.close();
}
