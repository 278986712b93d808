// A migrated database per test file, the test run's S3 server, (copied from the template in milliseconds), with the
// services bound to it and a clock the test controls.
import { randomBytes } from "node:crypto";
import { createDatabase, testStorageConfig } from "@dangjian/infra-dev/vitest";
import { createServices, type Services } from "../../src/index.ts";

// the PII key `npm test` passes (the embedded stack's), or a fresh one for a package-scoped run:
// services, fixtures and the demo seed of this test process all use the same one
process.env.DANGJIAN_PII_KEY ??= randomBytes(32).toString("base64");

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
  // the KEK `npm test` passes (the embedded stack's), or a fresh one for a package-scoped run
  const cardKek = process.env.DANGJIAN_CARD_KEK ?? randomBytes(32).toString("base64");
  const services = createServices({
    databaseUrl: database.url,
    poolSize: 4,
    now: () => now,
    storage: testStorageConfig(),
    cardKek,
  });
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
