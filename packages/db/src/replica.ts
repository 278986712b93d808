// A streaming replica for reads that may lag a little (ADR 1002). The replica's client, and a
// monitor that knows, at any moment and without a query, whether a read may go there:
//
// - twice a second or so it samples the primary's WAL insert position (with the time it asked)
//   and the replica's replay position; the replica has "caught up to" the newest sample whose
//   position it has replayed. Staleness = now − that sample's time: it grows by itself when the
//   replica stops replaying, when it is unreachable, or when the monitor itself is stuck, so a
//   read never trusts an old answer;
// - a read that must see a write (read-your-own-write) carries that write's WAL position (its
//   fence): it goes to the replica only once the replica has replayed past it;
// - a replica that is not in recovery (the URL names the primary, or a promoted former replica)
//   or belongs to another cluster is never used.
import { createDb, type Db } from "./index.ts";

/** A WAL position ("16/B374D848") as a number of bytes; null when the text is not one. */
export function parseLsn(text: string | null | undefined): bigint | null {
  if (typeof text !== "string") return null;
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** Sizes of the WAL's page headers (PostgreSQL's SizeOfXLogShortPHD / SizeOfXLogLongPHD, 64-bit). */
const SHORT_PAGE_HEADER = 24n;
const LONG_PAGE_HEADER = 40n;

/**
 * The primary's insert position, comparable with a replica's replay position. When the last
 * record ends exactly at a page boundary, the insert position points past the next page's
 * header, where no record is yet, while the replica reports the boundary itself as the end of
 * what it replayed: without this, an idle primary would look forever ahead of its replica.
 */
export function insertPositionAsRecordEnd(lsn: bigint, blockSize: bigint, segmentSize: bigint): bigint {
  if (lsn % segmentSize === LONG_PAGE_HEADER) return lsn - LONG_PAGE_HEADER;
  if (lsn % blockSize === SHORT_PAGE_HEADER) return lsn - SHORT_PAGE_HEADER;
  return lsn;
}

export type ReplicaStatus =
  /** not checked yet */
  | "starting"
  /** in recovery and within the staleness bound */
  | "streaming"
  /** reachable, but further behind than the bound (or replay paused) */
  | "lagging"
  /** unreachable, or a query on it just failed */
  | "down"
  /** reachable but not in recovery: the URL names a primary (perhaps this very one) */
  | "not_standby"
  /** a standby of another cluster (its system identifier differs) */
  | "other_cluster";

export interface ReplicaState {
  status: ReplicaStatus;
  /** the replica's replay position at the last check */
  replayLsn: string | null;
  /** how old the newest primary position the replica had replayed is, in ms; null = unknown */
  stalenessMs: number | null;
  /** bytes of WAL the replica had still to replay at the last check */
  lagBytes: number | null;
  /** when the replica last answered a check (epoch ms) */
  checkedAt: number | null;
}

export interface ReadReplicaOptions {
  /** the primary's client (its insert position is sampled) */
  primary: Db;
  /** the replica's connection string */
  url: string;
  /** a read goes to the replica only while it is at most this stale (default 5000 ms) */
  maxLagMs?: number;
  /** how often the positions are sampled (default 250 ms) */
  pollMs?: number;
  /** the replica's pool size (default 10) */
  poolSize?: number;
  /** how long a new connection to the replica may take (default 2000 ms: a dead replica costs little) */
  connectionTimeoutMs?: number;
  queryTimeoutMs?: number;
  /** called when the status changes (for the log) */
  onStatus?: (state: ReplicaState, previous: ReplicaStatus) => void;
  /** called after every check (for the metrics) */
  onCheck?: (state: ReplicaState) => void;
}

export interface ReadReplica {
  /** the replica's client: reads only */
  db: Db;
  maxLagMs: number;
  state(): ReplicaState;
  /**
   * May a read go to the replica now? `afterLsn`: the position of a write the read must see
   * (read-your-own-write); a fence that is not a WAL position keeps the read on the primary.
   */
  serves(afterLsn?: string | null): boolean;
  /** The primary's WAL position now: after a write, every read that must see it carries this. */
  fence(): Promise<string>;
  /** A query on the replica failed: reads go to the primary until a check succeeds again. */
  failed(): void;
  /** One check now (tests; the monitor checks by itself every pollMs). */
  check(): Promise<ReplicaState>;
  close(): Promise<void>;
}

interface Sample {
  at: number;
  lsn: bigint;
}

/** The newest samples not yet replayed are kept; older ones beyond this are dropped (conservative). */
const MAX_PENDING_SAMPLES = 512;

export function createReadReplica(options: ReadReplicaOptions): ReadReplica {
  const maxLagMs = options.maxLagMs ?? 5000;
  const pollMs = options.pollMs ?? 250;
  const db = createDb(options.url, {
    max: options.poolSize ?? 10,
    connectionTimeoutMs: options.connectionTimeoutMs ?? 2000,
    ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
  });
  const primary = options.primary;

  let status: ReplicaStatus = "starting";
  let replay: bigint | null = null;
  let caughtUpAt: number | null = null;
  let lagBytes: number | null = null;
  let checkedAt: number | null = null;
  let pending: Sample[] = [];
  let walGeometry: { block: bigint; segment: bigint } | null = null;
  let clusterChecked = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<ReplicaState> | null = null;

  const stalenessMs = () => (caughtUpAt === null ? null : Math.max(0, Date.now() - caughtUpAt));

  const state = (): ReplicaState => {
    let shown = status;
    const stale = stalenessMs();
    if (shown === "streaming" && (stale === null || stale > maxLagMs)) shown = "lagging";
    return {
      status: shown,
      replayLsn: replay === null ? null : formatLsn(replay),
      stalenessMs: stale,
      lagBytes,
      checkedAt,
    };
  };

  /** the status last reported through onStatus: staleness changes it between checks too */
  let reported: ReplicaStatus = "starting";
  const report = () => {
    const now = state();
    if (now.status === reported) return;
    const previous = reported;
    reported = now.status;
    options.onStatus?.(now, previous);
  };
  const setStatus = (next: ReplicaStatus) => {
    status = next;
    report();
  };

  async function geometry(): Promise<{ block: bigint; segment: bigint }> {
    if (walGeometry) return walGeometry;
    const [row] = await primary.$queryRawUnsafe<Array<{ block: string; segment: string }>>(
      "SELECT current_setting('wal_block_size') AS block, (SELECT setting FROM pg_settings WHERE name = 'wal_segment_size') AS segment",
    );
    walGeometry = { block: BigInt(row!.block), segment: BigInt(row!.segment) };
    return walGeometry;
  }

  async function primaryPosition(): Promise<bigint> {
    const { block, segment } = await geometry();
    const [row] = await primary.$queryRawUnsafe<Array<{ lsn: string }>>(
      "SELECT pg_current_wal_insert_lsn()::text AS lsn",
    );
    return insertPositionAsRecordEnd(parseLsn(row!.lsn)!, block, segment);
  }

  /** The system identifiers, where the role may read them (pg_control_system); null = cannot tell. */
  async function sameCluster(): Promise<boolean | null> {
    const sql = "SELECT system_identifier::text AS id FROM pg_control_system()";
    try {
      const [[a], [b]] = await Promise.all([
        primary.$queryRawUnsafe<Array<{ id: string }>>(sql),
        db.$queryRawUnsafe<Array<{ id: string }>>(sql),
      ]);
      return a!.id === b!.id;
    } catch {
      return null;
    }
  }

  async function checkOnce(): Promise<ReplicaState> {
    const at = Date.now(); // before asking: every commit before `at` is at or below the answer
    let sample: Sample;
    try {
      sample = { at, lsn: await primaryPosition() };
    } catch {
      // the primary does not answer: no new sample, so staleness grows by itself
      return state();
    }
    let row: { standby: boolean; replay: string | null } | undefined;
    try {
      [row] = await db.$queryRawUnsafe<Array<{ standby: boolean; replay: string | null }>>(
        "SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay",
      );
    } catch {
      clusterChecked = false;
      setStatus("down");
      return state();
    }
    checkedAt = Date.now();
    if (!row!.standby) {
      replay = null;
      lagBytes = null;
      caughtUpAt = null;
      pending = [];
      setStatus("not_standby");
      return state();
    }
    if (!clusterChecked) {
      const same = await sameCluster();
      if (same === false) {
        setStatus("other_cluster");
        return state();
      }
      clusterChecked = true;
    }
    replay = parseLsn(row!.replay);
    pending.push(sample);
    if (replay !== null) {
      let newest: Sample | null = null;
      while (pending.length > 0 && pending[0]!.lsn <= replay) newest = pending.shift()!;
      if (newest) caughtUpAt = Math.max(caughtUpAt ?? 0, newest.at);
      lagBytes = Number(sample.lsn > replay ? sample.lsn - replay : 0n);
    }
    if (pending.length > MAX_PENDING_SAMPLES) pending = pending.slice(-MAX_PENDING_SAMPLES);
    setStatus("streaming");
    return state();
  }

  const check = (): Promise<ReplicaState> => {
    inFlight ??= checkOnce()
      .then((result) => {
        report(); // staleness may have crossed the bound without a status change
        options.onCheck?.(result);
        return result;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const loop = () => {
    if (closed) return;
    timer = setTimeout(() => {
      void check().finally(loop);
    }, pollMs);
    timer.unref();
  };
  void check().finally(loop);

  return {
    db,
    maxLagMs,
    state,
    serves(afterLsn) {
      const now = state();
      if (now.status !== "streaming") return false;
      if (afterLsn === null || afterLsn === undefined) return true;
      const fence = parseLsn(afterLsn);
      return fence !== null && replay !== null && replay >= fence;
    },
    async fence() {
      return formatLsn(await primaryPosition());
    },
    failed() {
      clusterChecked = false;
      setStatus("down");
    },
    check,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await inFlight?.catch(() => undefined);
      await db.$disconnect();
    },
  };
}
