import pg from "pg";
import { loadMembers } from "../../../packages/services/src/network/signals.ts";
const url = "postgresql://postgres@127.0.0.1:57329/dangjian_bench_province";
const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query("BEGIN");
for (const s of ["SET LOCAL jit = off", "SET LOCAL enable_nestloop = off", "SET LOCAL work_mem = '256MB'", "SET LOCAL parallel_setup_cost = 10", "SET LOCAL parallel_tuple_cost = 0.001"]) await client.query(s);
const fake = {
  $queryRawUnsafe: async (sql: string, ...params: unknown[]) => {
    const t0 = performance.now();
    const r = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    console.log(r.rows.map((x) => x["QUERY PLAN"]).join("\n"));
    console.log("ms", Math.round(performance.now() - t0));
    return [];
  },
};
await loadMembers(fake as never, null, new Date("2026-12-02T09:00:00Z"));
await client.query("ROLLBACK");
await client.end();
