// The only door to the database. Only @dangjian/services (and this package's seed and
// tooling) may import it: enforced by dependency-cruiser (packages/config/dependency-cruiser.cjs).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export * from "./generated/prisma/client.ts";
export { Prisma } from "./generated/prisma/client.ts";

export type Db = PrismaClient;
/** A client or an interactive transaction: services accept either. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(databaseUrl: string, options: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}
