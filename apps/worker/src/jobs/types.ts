import type PgBoss from "pg-boss";
import type { Services } from "@dangjian/services";

export interface JobContext {
  boss: PgBoss;
  services: Services;
  databaseUrl: string;
  log: (message: string) => void;
}

/** One kind of background work: creates its queue(s), workers and schedules. */
export interface WorkerJob {
  name: string;
  register(context: JobContext): Promise<void>;
}
