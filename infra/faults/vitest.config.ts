// `npm run test:faults` (ADR 1040): tests that kill and restart real processes. They need minutes,
// not seconds, on a loaded two-core machine: generous timeouts, one file at a time (each starts
// processes of its own and would starve another file's).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    maxWorkers: 1,
    globalSetup: [fileURLToPath(new URL("../../packages/services/test/support/global-setup.ts", import.meta.url))],
  },
});
