// Profiles the full warning pass on a region the warnings benchmark generated (region.ts): runs
// `evaluateAll()` (the full pass; `--changed` the nightly pass) `--runs` times at the instant after
// the last evaluation, and writes a V8 CPU profile of each run (only the pass, not the start-up)
// into `--prof <dir>` when given. Prints each run's wall time, Node CPU, load average and phases.
// `--after M` sets the clock M minutes after the last evaluation (default 1; 1440: a day later).
// `--first` makes every run a first pass: the warnings, tasks and outbox events are deleted before
// it (not timed), as region.ts does before its first pass.
// Usage: node --import tsx src/warnings/profile-pass.ts [city|province] [--runs N] [--prof DIR] [--changed] [--after M] [--first]
// Same database discovery as region.ts (BENCH_DATABASE_URL, DANGJIAN_PG_PORT, or its own server
// on BENCH_PG_DIR / DANGJIAN_BENCH_PG_PORT). One pass at a time, never beside another benchmark
// on the same data directory.
import { writeFileSync, mkdirSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createServices } from "@dangjian/services";
import { benchDatabase } from "./server.ts";

// eslint-disable-next-line no-restricted-properties
process.env.DANGJIAN_PII_KEY ??= (await import("node:crypto")).randomBytes(32).toString("base64");

const presetName = process.argv[2] === "province" ? "province" : "city";
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg("--runs") ?? 1);
const profDir = arg("--prof");
const changedOnly = process.argv.includes("--changed");
const afterMs = Number(arg("--after") ?? 1) * 60_000;
const firstPass = process.argv.includes("--first");

const { url, server } = await benchDatabase(presetName);

try {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const [last] = (await client.query<{ at: Date | null }>(`SELECT max("lastEvaluatedAt") AS at FROM "Warning"`)).rows;
  if (!last?.at) throw new Error("no warnings yet: run the warnings benchmark (region.ts) first");
  let now = new Date(last.at.getTime() + afterMs);
  /** --first: no warning stored before the run (as region.ts clears them before its first pass) */
  const clear = async () => {
    const started = performance.now();
    await client.query(`DELETE FROM "Warning"`);
    await client.query(`DELETE FROM "TaskTarget"; DELETE FROM "Task"; DELETE FROM "OutboxEvent"`);
    await client.query(`VACUUM ANALYZE "Warning"`);
    console.log(`cleared the warnings, tasks and outbox events in ${Math.round(performance.now() - started)} ms`);
  };
  const services = createServices({ databaseUrl: url, poolSize: 4, now: () => now });
  const session = new Session();
  session.connect();
  if (profDir) {
    mkdirSync(profDir, { recursive: true });
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 1000 });
  }
  for (let run = 1; run <= runs; run++) {
    if (firstPass) await clear();
    const load = loadavg()[0]!.toFixed(1);
    if (profDir) await session.post("Profiler.start");
    const cpu = process.cpuUsage();
    const startedAt = Date.now();
    const stats = await services.warnings.evaluateAll(changedOnly ? { changedOnly: true } : {});
    const c = process.cpuUsage(cpu);
    if (profDir) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(join(profDir, `pass-${run}.cpuprofile`), JSON.stringify(profile));
    }
    const picked = stats.changes
      ? ` (${stats.changes.mode}: ${stats.orgs} of ${stats.changes.total} judged, ${stats.changes.dirty} marked, ${stats.changes.due} due, ${stats.changes.lifecycle} lifecycle)`
      : "";
    console.log(
      `run ${run} at ${now.toISOString()} (started ${startedAt / 1000})${picked}: ${stats.ms} ms, Node CPU ${Math.round((c.user + c.system) / 1000)} ms, load average ${load}, ${stats.results} results, ${stats.written} written; phases ${JSON.stringify(stats.phases).replace(/"/g, "")}`,
    );
    now = new Date(now.getTime() + 60_000);
  }
  session.disconnect();
  await services.close();
  await client.end();
} finally {
  await server?.stop();
}
