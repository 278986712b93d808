// COPY … FROM STDIN (ADR 1070) and streamed reads (ADR 1072) on the connection of a Prisma
// interactive transaction.
//
// Prisma offers no COPY. A province's first warning pass inserts about a million warnings and as
// many transitions; as JSON decoded by PostgreSQL per 20,000-row statement this was the pass's
// longest write. COPY streams the rows instead: Node formats while PostgreSQL inserts, on two
// cores at once. It must run inside the pass's transaction (the rows commit with everything else
// or not at all), so it needs that transaction's own pg connection, which Prisma hides. Every pool
// createDb makes registers its connections by backend process id; `copyRows` asks the transaction
// for `pg_backend_pid()` and streams on the one connection with that id. When there is not exactly
// one (a pooler in front of PostgreSQL, a client built elsewhere, two servers with the same pid)
// nothing is sent and the caller writes its usual way.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** the connections of every pool createDb made, by backend process id */
const connections = new Map<number, Set<pg.PoolClient>>();

/** Records a pool's connections as they open, and forgets them when they close. */
export function registerConnections(pool: pg.Pool): void {
  pool.on("connect", (client) => {
    const pid = backendPid(client);
    if (pid === null) return;
    let set = connections.get(pid);
    if (!set) connections.set(pid, (set = new Set()));
    set.add(client);
    client.once("end", () => {
      set.delete(client);
      if (set.size === 0 && connections.get(pid) === set) connections.delete(pid);
    });
  });
}

function backendPid(client: pg.PoolClient): number | null {
  // set from the server's BackendKeyData when the connection opened (not in pg's types)
  const pid = (client as unknown as { processID?: unknown }).processID;
  return typeof pid === "number" ? pid : null;
}

/** Anything with Prisma's raw query: a client or an interactive transaction. */
interface RawQueryable {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** A value as COPY's text format wants it: \N for null, backslash escapes for the four special characters. */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text =
    typeof value === "string"
      ? value
      : value instanceof Date
        ? value.toISOString()
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : text;
}
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** bytes of formatted rows per chunk handed to the connection */
const CHUNK = 1 << 16;

/**
 * Streams `rows` (values in `columns` order; objects become JSON, dates ISO text) into `table` with
 * COPY on the transaction's own connection. Returns false, having sent nothing, when that
 * connection cannot be found; the caller then writes another way. A failure during the COPY
 * (a constraint, a lost connection) rejects, and the transaction is aborted with it.
 */
export async function copyRows(
  tx: RawQueryable,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
): Promise<boolean> {
  const client = await connectionOf(tx);
  if (!client) return false;
  const head = `COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`;
  function* chunks(): Generator<string> {
    let buffer = "";
    for (const row of rows) {
      for (let i = 0; i < row.length; i++) buffer += (i ? "\t" : "") + copyText(row[i]);
      buffer += "\n";
      if (buffer.length >= CHUNK) {
        yield buffer;
        buffer = "";
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(head)));
  return true;
}

/** each transaction's connection once found: the incremental pass reads three times per evaluation */
const found = new WeakMap<RawQueryable, pg.PoolClient | null>();

/** The transaction's own registered connection, or null when there is not exactly one. */
async function connectionOf(tx: RawQueryable): Promise<pg.PoolClient | null> {
  const known = found.get(tx);
  if (known !== undefined) return known;
  const [{ pid } = { pid: null }] = await tx.$queryRawUnsafe<Array<{ pid: number }>>("SELECT pg_backend_pid() AS pid");
  const candidates = pid === null ? undefined : connections.get(pid);
  const client = candidates?.size === 1 ? [...candidates][0]! : null;
  found.set(tx, client);
  return client;
}

/** every column as the text PostgreSQL sent */
const AS_TEXT = { getTypeParser: () => (text: string) => text };

/**
 * Hands each row of `sql` to `onRow` as its columns' texts (null for NULL), in order, without
 * collecting the rows first (ADR 1072). Every column of `sql` must be text (cast with `::text`).
 * On the transaction's own connection the rows are streamed: each row's strings are garbage as soon
 * as `onRow` has decoded what it keeps, so the garbage collector never copies a whole result.
 * Without that connection (a pooler in front) the rows are read through Prisma, as texts too, and
 * handed over the same way.
 */
export async function eachTextRow(
  tx: RawQueryable,
  sql: string,
  params: readonly unknown[],
  onRow: (columns: ReadonlyArray<string | null>) => void,
): Promise<void> {
  const client = await connectionOf(tx);
  if (!client) {
    for (const row of await tx.$queryRawUnsafe<Array<Record<string, string | null>>>(sql, ...params))
      onRow(Object.values(row));
    return;
  }
  await new Promise<void>((resolve, reject) => {
    // a Date as its exact instant: pg would send it in the process's local time, which a cast to
    // a timestamp without time zone would keep (Prisma stores UTC)
    const values = params.map((value) => (value instanceof Date ? value.toISOString() : value));
    const query = new pg.Query({ text: sql, values, rowMode: "array", types: AS_TEXT } as pg.QueryConfig);
    let failed: unknown = null;
    query.on("row", (row: Array<string | null>) => {
      if (failed) return;
      try {
        onRow(row);
      } catch (error: unknown) {
        // the statement runs to its end (the connection stays usable); the caller sees the error
        failed = error;
      }
    });
    query.on("error", reject);
    query.on("end", () => (failed ? reject(failed as Error) : resolve()));
    void client.query(query as unknown as pg.QueryConfig);
  });
}
