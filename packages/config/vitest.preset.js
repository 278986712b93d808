// Shared Vitest preset. Unit tests sit beside the code (*.test.ts); integration tests
// (*.int.test.ts) get a migrated database of their own through @dangjian/services/testing.
import { defineConfig } from "vitest/config";

/** @param {{ integration?: boolean, globalSetup?: string }} [options] */
export function vitestPreset(options = {}) {
  return defineConfig({
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      environment: "node",
      testTimeout: options.integration ? 30_000 : 5_000,
      hookTimeout: 60_000,
      ...(options.globalSetup ? { globalSetup: [options.globalSetup] } : {}),
      // Integration tests each create a database; two cores do not gain from more forks.
      ...(options.integration ? { maxWorkers: 2 } : {}),
    },
  });
}
