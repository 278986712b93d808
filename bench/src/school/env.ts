// The benchmarks' environment, validated once.
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

export const env = createEnv({
  server: {
    /** where the benchmark's own PostgreSQL listens (a helper's test port) */
    DANGJIAN_TEST_PG_PORT: z.coerce.number().int().default(54330),
    /** write a V8 CPU profile of the gateway process into this directory */
    DANGJIAN_BENCH_CPU_PROF: z.string().optional(),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
