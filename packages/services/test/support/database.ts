// A migrated database per test file, the test run's S3 server, (copied from the template in milliseconds), with the
// services bound to it and a clock the test controls.
import { createDatabase, testStorageConfig } from "@dangjian/infra-dev/vitest";
import { createServices, type Services } from "../../src/index.ts";

export interface TestDatabase {
  url: string;
  services: Services;
  /** set the clock the services see */
  setNow(date: Date): void;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const database = await createDatabase();
  let now = new Date();
  const services = createServices({ databaseUrl: database.url, poolSize: 4, now: () => now, storage: testStorageConfig() });
  return {
    url: database.url,
    services,
    setNow(date) {
      now = date;
    },
    async drop() {
      await services.close();
      await database.drop();
    },
  };
}
