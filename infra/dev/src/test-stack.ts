// The PostgreSQL server integration tests use: one cluster, a freshly migrated template
// database, and one database per test file copied from it (CREATE DATABASE … TEMPLATE).
import { join } from "node:path";
import { migrate } from "@dangjian/db/migrate";
import { dataRoot } from "./paths.ts";
import { recreateDatabase, startPostgres, type PostgresServer } from "./postgres.ts";

export const TEST_PG_PORT = Number(process.env.DANGJIAN_TEST_PG_PORT ?? 54330);
export const TEMPLATE_DB = "dangjian_template";

export interface TestDatabaseServer {
  /** postgresql://…/ without a database name */
  baseUrl: string;
  template: string;
  stop(): Promise<void>;
}

export async function prepareTemplate(server: PostgresServer): Promise<void> {
  await recreateDatabase(server, TEMPLATE_DB);
  await migrate(server.url(TEMPLATE_DB));
  // A template must have no open connections when copied; migrate() closes its own.
}

export async function startTestDatabaseServer(): Promise<TestDatabaseServer> {
  const server = await startPostgres({ dir: join(dataRoot, "test-pg"), port: TEST_PG_PORT, fast: true });
  await prepareTemplate(server);
  return { baseUrl: server.url(""), template: TEMPLATE_DB, stop: () => server.stop() };
}
