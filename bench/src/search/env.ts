import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** Switches of the search benchmark (see bench.ts). */
export const searchEnv = createEnv({
  server: {
    /** "1": keep the indexed database of an earlier run with the same document count */
    BENCH_SEARCH_REUSE: z.enum(["0", "1"]).default("0"),
    /** "1": queries only, no write-path measurement */
    BENCH_SEARCH_SKIP_WRITE: z.enum(["0", "1"]).default("0"),
  },
  runtimeEnv: process.env,
  emptyStringAsUndefined: true,
});
