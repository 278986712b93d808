// A migrated database per test file, copied from the template in milliseconds.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createServices, type Services } from "../../src/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgBaseUrl: string;
    pgTemplate: string;
  }
}

export interface TestDatabase {
  url: string;
  services: Services;
  /** set the clock the services see */
  setNow(date: Date): void;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${inject("pgBaseUrl")}postgres` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const template = inject("pgTemplate");
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
      break;
    } catch (error) {
      // Two files copying the template at the same instant collide; try again shortly.
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
    }
  }
  const url = `${inject("pgBaseUrl")}${name}`;
  let now = new Date();
  const services = createServices({ databaseUrl: url, poolSize: 4, now: () => now });
  return {
    url,
    services,
    setNow(date) {
      now = date;
    },
    async drop() {
      await services.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
