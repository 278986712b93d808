import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** Where the benchmark's own database lives: BENCH_DATABASE_URL, or the dev PostgreSQL port. */
export const env = createEnv({
  server: {
    BENCH_DATABASE_URL: z.url().optional(),
    DANGJIAN_PG_PORT: z.coerce.number().int().default(5432),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
