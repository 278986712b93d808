// EXPLAIN (ANALYZE, BUFFERS) of every statement the embedded engine runs for a few queries, on the
// database the search benchmark left behind (run bench:search first; it keeps .data/bench-search-pg).
// Run: pnpm --filter @dangjian/bench bench:search:explain [--year=2025] [query …]
import { join } from "node:path";
import pg from "pg";
import { actorTokens, type OrgRef } from "@dangjian/core";
import { EmbeddedEngine, type SqlExecutor } from "@dangjian/search";
import { dataRoot, startPostgres } from "@dangjian/infra-dev";
import { env } from "../warnings/env.ts";

const server = await startPostgres({
  dir: join(dataRoot, "bench-search-pg"),
  port: env.DANGJIAN_BENCH_PG_PORT,
  fast: true,
  settings: { shared_buffers: "1GB", work_mem: "16MB" },
});
const pool = new pg.Pool({ connectionString: server.url("bench_search"), max: 2 });
pool.on("error", () => undefined);
try {
  // the benchmark's region: the first county (id …02) and its first branch
  const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  const county: OrgRef = { id: uuid(2), ancestorIds: [uuid(1)] };
  const tokens = actorTokens({ grants: [{ role: "COMMITTEE_STAFF", orgId: county.id }], branch: null, memberId: null });
  let plans: string[] = [];
  const explain: SqlExecutor = async <T>(sql: string, params: readonly unknown[]) => {
    if (/^\s*(SELECT|WITH)/i.test(sql)) {
      const { rows } = await pool.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`,
        params as unknown[],
      );
      plans.push(rows.map((r) => r["QUERY PLAN"]).join("\n"));
    }
    return (await pool.query(sql, params as unknown[])).rows as T[];
  };
  const engine = new EmbeddedEngine(explain);
  const args = process.argv.slice(2);
  const year = args.find((a) => a.startsWith("--year="));
  const filters = year ? { year: Number(year.slice(7)) } : {};
  const words = args.filter((a) => !a.startsWith("--"));
  const queries = words.length > 0 ? words : ["主题党日", "党", "柏树村", "wsdx"];
  for (const q of queries) {
    await engine.search({ query: q, tokens, page: 1, pageSize: 10, filters }); // warm
    plans = [];
    const t0 = performance.now();
    const result = await engine.search({ query: q, tokens, page: 1, pageSize: 10, filters });
    console.log(
      `\n## ${q}: total ${result.total}${result.totalCapped ? "+" : ""}, ${(performance.now() - t0).toFixed(1)} ms with EXPLAIN\n`,
    );
    for (const p of plans) console.log(p + "\n");
  }
} finally {
  await pool.end();
  await server.stop();
}
