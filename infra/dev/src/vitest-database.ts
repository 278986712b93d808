// Test databases for Vitest: a global setup that finds (or starts) the test PostgreSQL, and a
// per-file clone of the migrated template. Used by every package with integration tests.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import type { TestProject } from "vitest/node";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startS3 } from "./s3.ts";
import { startTestDatabaseServer } from "./test-stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgBaseUrl: string;
    pgTemplate: string;
    /** the S3-protocol server of this test run (see setupTestStorageServer) */
    s3: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  }
}

/** Vitest globalSetup: the server `npm test` started (env), or one started here. */
export async function setupTestDatabaseServer(project: TestProject): Promise<() => Promise<void>> {
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

/** Vitest globalSetup: an S3-protocol server on a free port, in a temporary directory. */
export async function setupTestStorageServer(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "dangjian-test-s3-"));
  const server = await startS3({ dir, port: 0, bucket: "test" });
  project.provide("s3", {
    endpoint: server.endpoint,
    bucket: server.bucket,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
  });
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

/** The storage configuration of this test run (needs setupTestStorageServer in globalSetup). */
export function testStorageConfig(): {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
} {
  return inject("s3");
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

export interface ClonedDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database: a copy of the migrated template, or empty with `{ empty: true }`. */
export async function createDatabase(options: { empty?: boolean } = {}): Promise<ClonedDatabase> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const template = options.empty ? "template0" : inject("pgTemplate");
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
  return {
    name,
    url: `${inject("pgBaseUrl")}${name}`,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** One query on a test database, on a connection of its own. */
export async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
