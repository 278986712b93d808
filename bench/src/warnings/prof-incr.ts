import pg from "pg";
import { createServices } from "@dangjian/services";
const url = "postgresql://postgres@127.0.0.1:57329/dangjian_bench_province";
const client = new pg.Client({ connectionString: url });
await client.connect();
const branches = (await client.query<{ id: string }>(`SELECT id FROM "Org" WHERE kind = 'BRANCH' ORDER BY id LIMIT 2000`)).rows.map((r) => r.id);
const services = createServices({ databaseUrl: url, poolSize: 4, now: () => new Date("2026-12-02T09:00:00Z") });
for (let i = 0; i < 8; i++) {
  const b = branches[i * 97]!;
  const t0 = performance.now();
  const s = await services.network.evaluateOrgs([b]);
  console.log(Math.round(performance.now() - t0), JSON.stringify(s.phases));
}
await services.close();
await client.end();
