import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Where the benchmark's own database lives: BENCH_DATABASE_URL; or a PostgreSQL already listening
 * on DANGJIAN_PG_PORT; by default a server the benchmark starts itself (data kept under the
 * project's data root or BENCH_PG_DIR, so a generated region is reused) on DANGJIAN_BENCH_PG_PORT.
 */
export const env = createEnv({
  server: {
    BENCH_DATABASE_URL: z.url().optional(),
    DANGJIAN_PG_PORT: z.coerce.number().int().optional(),
    DANGJIAN_BENCH_PG_PORT: z.coerce.number().int().default(55_439),
    /** where the self-started server keeps its data (default: <data root>/bench-warnings-pg); a
     * directory outside the worktree lets another checkout reuse a generated province (~20 GB) */
    BENCH_PG_DIR: z.string().min(1).optional(),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
