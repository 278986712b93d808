// The benchmark's own PostgreSQL and the database of a region preset, shared by region.ts and
// profile-pass.ts so that both find the same generated region.
import { join } from "node:path";
import { dataRoot, startPostgres } from "@dangjian/infra-dev";
import { env } from "./env.ts";

// The server's settings for a region of this size: the 128 MB default cache cannot serve a
// province (6M members, ~20 GB), and a bulk load wants room for WAL between checkpoints.
export const SERVER_SETTINGS = {
  shared_buffers: "2GB",
  max_wal_size: "16GB",
  checkpoint_timeout: "30min",
  maintenance_work_mem: "1GB",
};

/**
 * The region's database: BENCH_DATABASE_URL; a server already on DANGJIAN_PG_PORT; or a server
 * started here with the settings above (data under BENCH_PG_DIR or the project's data root, so a
 * generated region is reused), which `server` stops.
 */
export async function benchDatabase(
  preset: string,
): Promise<{ url: string; server: Awaited<ReturnType<typeof startPostgres>> | null }> {
  const database = `dangjian_bench_${preset}`;
  if (env.BENCH_DATABASE_URL) return { url: env.BENCH_DATABASE_URL, server: null };
  if (env.DANGJIAN_PG_PORT)
    return { url: `postgresql://postgres@127.0.0.1:${env.DANGJIAN_PG_PORT}/${database}`, server: null };
  const server = await startPostgres({
    dir: env.BENCH_PG_DIR ?? join(dataRoot, "bench-warnings-pg"),
    port: env.DANGJIAN_BENCH_PG_PORT,
    settings: SERVER_SETTINGS,
  });
  return { url: server.url(database), server };
}
