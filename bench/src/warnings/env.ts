import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Where the benchmark's own database lives: BENCH_DATABASE_URL; or a PostgreSQL already listening
 * on DANGJIAN_PG_PORT; by default a server the benchmark starts itself (data kept under the
 * project's data root, so a generated region is reused) on DANGJIAN_BENCH_PG_PORT.
 */
export const env = createEnv({
  server: {
    BENCH_DATABASE_URL: z.url().optional(),
    DANGJIAN_PG_PORT: z.coerce.number().int().optional(),
    DANGJIAN_BENCH_PG_PORT: z.coerce.number().int().default(55_439),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
