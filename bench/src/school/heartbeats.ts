// Heartbeat ingest: sustained heartbeats per second on this machine, with p50/p95/p99, using
// autocannon against the real gateway endpoint (POST /api/school/heartbeat) and a real
// PostgreSQL. The gateway runs in a child process; autocannon in this one, same machine.
// Every request is a valid heartbeat of one of many watch sessions (distinct members, lessons,
// increasing sequence numbers, positions that follow wall-clock time), so each one is really
// credited. Usage: pnpm --filter @dangjian/bench bench:school-heartbeats [seconds] [connections]
// (needs the apps built: pnpm exec turbo run build --filter=@dangjian/branch --filter=@dangjian/school --filter=@dangjian/card)
import { markdownTable } from "../table.ts";
import { env } from "./env.ts";
import { openHeartbeatBench } from "./heartbeat-fixture.ts";

const durationSec = Number(process.argv[2] ?? 20);
const connections = Number(process.argv[3] ?? 64);
const MEMBERS = 400;

// one branch, members with accounts, READY video lessons of one hour
const bench = await openHeartbeatBench("bench_heartbeats", {
  members: MEMBERS,
  lessons: 10,
  sets: [""],
  sessionsPerMember: 5,
});
try {
  const cpuProf = env.DANGJIAN_BENCH_CPU_PROF;
  const server = await bench.startServer(cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${cpuProf}`] : []);
  const sessions = await bench.openSessions(bench.lessonIds[0]!);
  const statuses = new Map<number, number>();
  const outcomes = new Map<string, number>();
  const run = bench.load([server.url], sessions, connections, (status, body) => {
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    try {
      const outcome = (JSON.parse(body) as { outcome?: string }).outcome ?? "error";
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    } catch {
      outcomes.set("unparsed", (outcomes.get("unparsed") ?? 0) + 1);
    }
  });
  // Warm-up: every watch session receives its first heartbeats (the cold path: access check and
  // loading its state, one session lookup per member). Measured separately below.
  const warm = await run({ amount: sessions.length * 2 }, false);
  const result = await run({ duration: durationSec }, true);
  await new Promise((r) => setTimeout(r, 1500)); // the last write-behind flush
  const credited = await bench.db.studyCredit.aggregate({ _sum: { seconds: true } });
  const rows = await bench.db.lessonProgress.count();
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
  await bench.close();
}
