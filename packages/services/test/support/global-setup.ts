// Vitest global setup for integration tests: use the PostgreSQL server that `npm test`
// started (env), or start the test cluster here when vitest is run on its own.
import type { TestProject } from "vitest/node";
import { startTestDatabaseServer } from "@dangjian/infra-dev";
import "./database.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fromEnv = process.env.DANGJIAN_TEST_PG_BASE_URL;
  if (fromEnv) {
    project.provide("pgBaseUrl", fromEnv);
    project.provide("pgTemplate", process.env.DANGJIAN_TEST_TEMPLATE_DB ?? "dangjian_template");
    return async () => {};
  }
  const server = await startTestDatabaseServer();
  project.provide("pgBaseUrl", server.baseUrl);
  project.provide("pgTemplate", server.template);
  return () => server.stop();
}
