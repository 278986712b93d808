// A real streaming replica of an embedded PostgreSQL server, from the same binaries (ADR 1002).
// The embedded package has no pg_basebackup, so the standby's files come from the online base
// backup the backup command takes (baseBackup, ADR 1022); then standby.signal, primary_conninfo
// and a physical replication slot that holds the primary's WAL until the standby has it.
import { appendFileSync, chmodSync, chownSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { baseBackup, walkOwn } from "./backup.ts";
import { freePort } from "./balancer.ts";
import { migrate } from "@dangjian/db/migrate";
import { dataDirFor, ensureDatabase, postgresUser, startPostgres, type PostgresServer } from "./postgres.ts";

export interface ReplicaServer extends PostgresServer {
  /** the physical replication slot on the primary (dropped when the replica is stopped) */
  slot: string;
}

const quote = (value: string) => `'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;

/**
 * Starts a hot standby of `primary` (an embedded server on this machine) in `dir` on `port`:
 * whatever `dir` held is replaced by a fresh base backup. Reads only; it streams the primary's
 * WAL through its own slot and replays it continuously.
 */
export async function startReplica(options: {
  primary: PostgresServer;
  dir: string;
  port: number;
  fast?: boolean;
  log?: (line: string) => void;
}): Promise<ReplicaServer> {
  const { primary } = options;
  const user = postgresUser();
  const root = dataDirFor(options.dir, user);
  const dataDir = join(root, "data");
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const slot = `dangjian_replica_${options.port}`;
  await primary.admin(async (client) => {
    await client.query(
      "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active",
      [slot],
    );
    // reserves the WAL from now on: nothing the standby needs after the backup can be recycled
    await client.query("SELECT pg_create_physical_replication_slot($1, true, false)", [slot]);
  });
  const dropSlot = () =>
    primary
      .admin((client) =>
        client.query(
          "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active",
          [slot],
        ),
      )
      .then(
        () => undefined,
        () => undefined,
      );
  let server: PostgresServer;
  try {
    await baseBackup(primary.url("postgres"), dataDir, options.log ? { log: options.log } : {});
    const url = new URL(primary.url("postgres"));
    const conninfo = [
      `host=${url.hostname}`,
      `port=${url.port}`,
      `user=${decodeURIComponent(url.username)}`,
      `password=${decodeURIComponent(url.password)}`,
      "application_name=dangjian_replica",
    ].join(" ");
    writeFileSync(join(dataDir, "standby.signal"), "");
    appendFileSync(
      join(dataDir, "postgresql.auto.conf"),
      `\n# streaming replica (infra/dev/src/replica.ts)\nprimary_conninfo = ${quote(conninfo)}\nprimary_slot_name = ${quote(slot)}\n`,
    );
    chmodSync(dataDir, 0o700);
    if (user) {
      chownSync(root, user.uid, user.gid);
      await walkOwn(dataDir, user);
    }
    server = await startPostgres({ dir: options.dir, port: options.port, fast: options.fast ?? false });
  } catch (error) {
    await dropSlot();
    throw error;
  }
  let stopping: Promise<void> | null = null;
  return {
    ...server,
    slot,
    stop() {
      stopping ??= server.stop().then(dropSlot);
      return stopping;
    },
  };
}

export interface ReplicatedPostgres {
  primary: PostgresServer;
  replica: ReplicaServer;
  /** the migrated database on the primary, and the same database on the replica */
  primaryUrl: string;
  replicaUrl: string;
  /** replica first (its slot is dropped), then the primary; removes the data directories */
  stop(): Promise<void>;
}

/**
 * A primary of its own with one migrated database and a streaming replica of it (tests that
 * pause replay, or stop the replica, must not touch the shared test server). Ports: free ones.
 */
export async function startReplicatedPostgres(options: {
  dir: string;
  database?: string;
  log?: (line: string) => void;
}): Promise<ReplicatedPostgres> {
  const database = options.database ?? "dangjian";
  const primary = await startPostgres({ dir: join(options.dir, "primary"), port: await freePort(), fast: true });
  let replica: ReplicaServer | undefined;
  try {
    await ensureDatabase(primary, database);
    await migrate(primary.url(database));
    replica = await startReplica({
      primary,
      dir: join(options.dir, "replica"),
      port: await freePort(),
      fast: true,
      ...(options.log ? { log: options.log } : {}),
    });
  } catch (error) {
    await primary.stop();
    throw error;
  }
  const started = replica;
  return {
    primary,
    replica: started,
    primaryUrl: primary.url(database),
    replicaUrl: started.url(database),
    async stop() {
      await started.stop();
      await primary.stop();
      for (const name of ["replica", "primary"]) {
        const wanted = join(options.dir, name);
        const actual = dataDirFor(wanted, postgresUser());
        rmSync(actual, { recursive: true, force: true });
        rmSync(wanted, { recursive: true, force: true });
      }
    },
  };
}
