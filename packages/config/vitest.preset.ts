import { defineConfig } from "vitest/config";

/** Unit tests sit beside the code; integration tests are named *.int.test.ts. */
export function vitestPreset(options: { integration?: boolean } = {}) {
  return defineConfig({
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      environment: "node",
      testTimeout: options.integration ? 30_000 : 5_000,
      hookTimeout: 60_000,
    },
  });
}
