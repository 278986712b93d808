// The only door to the database. Only @dangjian/services (and this package's seed and
// tooling) may import it: enforced by dependency-cruiser (packages/config/dependency-cruiser.cjs).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { registerConnections } from "./copy.ts";
import { PrismaClient } from "./generated/prisma/client.ts";

export { copyRows, copyText, eachTextRow } from "./copy.ts";

export * from "./generated/prisma/client.ts";
export { Prisma } from "./generated/prisma/client.ts";

export type Db = PrismaClient;
/** A client or an interactive transaction: services accept either. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface DbOptions {
  /** pool size */
  max?: number;
  /**
   * How long to wait for a connection (a new one, or a free one from the pool) before failing
   * (ADR 1040): a database that accepts no connection fails requests instead of hanging them.
   */
  connectionTimeoutMs?: number;
  /** Client-side bound on one query's answer; unset = none (the worker's long passes need none). */
  queryTimeoutMs?: number;
}

export function createDb(databaseUrl: string, options: DbOptions = {}): PrismaClient {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 15_000,
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
  });
  // the pool is ours so that a transaction's connection can be found for COPY (ADR 1070);
  // $disconnect still ends it
  registerConnections(pool);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}
