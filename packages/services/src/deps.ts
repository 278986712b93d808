import type { Db } from "@dangjian/db";

/** What every use case needs: the database and a clock (tests move time explicitly). */
export interface ServiceDeps {
  db: Db;
  now: () => Date;
}
