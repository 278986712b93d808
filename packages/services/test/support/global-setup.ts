// Vitest global setup for integration tests: the PostgreSQL server `npm test` started (or one
// started here when vitest runs on its own), and an S3-protocol server on a free port.
import type { TestProject } from "vitest/node";
import { setupTestDatabaseServer, setupTestStorageServer } from "@dangjian/infra-dev/vitest";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stopDatabase = await setupTestDatabaseServer(project);
  const stopStorage = await setupTestStorageServer(project);
  return async () => {
    await stopStorage();
    await stopDatabase();
  };
}
