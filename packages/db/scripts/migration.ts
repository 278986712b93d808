// Writes a new migration, or checks that the migrations and schema.prisma agree, without Prisma 7's
// schema engine (which must be downloaded, and cannot be here). ADR 0002:
//   1. a scratch database is created on the PostgreSQL server of DATABASE_URL and the migrations
//      are applied to it by our own migrator (src/migrate.ts), exactly as everywhere else;
//   2. Prisma 6's CLI (WASM schema engine) introspects it (`db pull`) into a datamodel;
//   3. `migrate diff` from that datamodel to schema.prisma gives the SQL still missing;
//   4. the scratch database is dropped.
// No schema snapshot is kept beside the migrations: the migrated database is the history.
// Usage: tsx scripts/migration.ts new <name> | tsx scripts/migration.ts check
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { migrate, migrationsDir } from "../src/migrate.ts";

/**
 * Tables that live only in hand-written SQL migrations, because Prisma cannot describe them
 * (tsvector columns, GIN indexes): the search index (ADR 0601). Introspection finds them; they are
 * not drift. Add a table here only together with the migration that creates it.
 */
const SQL_ONLY_TABLES = ["SearchDocument", "SearchOutbox"];

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const schemaPath = join(pkg, "prisma", "schema.prisma");
const [mode, name] = process.argv.slice(2);

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error("DATABASE_URL 未设置：需要一个可以新建数据库的 PostgreSQL（只在其上建一个临时库，用完即删）。");
  process.exit(2);
}
if (mode === "new" && (!name || !/^[a-z0-9_]+$/.test(name))) {
  console.error("用法：migration:new <名称>（小写字母、数字、下划线）");
  process.exit(2);
}
if (mode !== "new" && mode !== "check") {
  console.error("用法：tsx scripts/migration.ts new <名称> | check");
  process.exit(2);
}

/** Prisma 6 wants `url` in the datasource block; Prisma 7 forbids it there. */
function asPrisma6Schema(file: string): string {
  writeFileSync(
    file,
    readFileSync(schemaPath, "utf8").replace(
      /provider = "postgresql"/,
      'provider = "postgresql"\n  url      = env("DATABASE_URL")',
    ),
  );
  return file;
}

function prisma6(args: string[], databaseUrl: string): string {
  return execFileSync(
    process.execPath,
    [join(pkg, "node_modules/prisma6/build/index.js"), ...args, "--config", join(pkg, "scripts/prisma6.config.ts")],
    {
      cwd: pkg,
      encoding: "utf8",
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PRISMA_QUERY_ENGINE_LIBRARY: "/bin/true",
        PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/** Removes `model X { … }` blocks of the SQL-only tables from an introspected datamodel. */
function withoutSqlOnlyTables(datamodel: string): string {
  const blocks = datamodel.split(/\n(?=(?:\/\/\/[^\n]*\n)*(?:model|enum|view|type) )/);
  return blocks
    .filter((block) => {
      const model = /^(?:\/\/\/[^\n]*\n)*model (\w+) \{/.exec(block)?.[1];
      const mapped = /@@map\("([^"]+)"\)/.exec(block)?.[1];
      return !model || !SQL_ONLY_TABLES.includes(mapped ?? model);
    })
    .join("\n");
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  // the maintenance database, so that the one DATABASE_URL names (often a template) keeps no connection
  const client = new pg.Client({ connectionString: onServer("postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const migrations = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const scratch = `dangjian_migration_${process.pid}_${Date.now()}`;
/** the same server, another database */
const onServer = (database: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
};
const scratchUrl = onServer(scratch);
const work = join(tmpdir(), `dangjian-migration-${process.pid}`);
mkdirSync(work, { recursive: true });

let sql: string;
try {
  await admin((c) => c.query(`CREATE DATABASE "${scratch}" TEMPLATE template0`));
  await migrate(scratchUrl);
  const migrated = asPrisma6Schema(join(work, "migrated.prisma"));
  prisma6(["db", "pull", "--schema", migrated], scratchUrl); // rewrites the file with what the database holds
  writeFileSync(migrated, withoutSqlOnlyTables(readFileSync(migrated, "utf8")));
  const to = asPrisma6Schema(join(work, "schema.prisma"));
  sql = prisma6(
    ["migrate", "diff", "--from-schema-datamodel", migrated, "--to-schema-datamodel", to, "--script"],
    scratchUrl,
  );
} catch (error) {
  const stderr = (error as { stderr?: string }).stderr;
  console.error(stderr ?? error);
  process.exit(1);
} finally {
  rmSync(work, { recursive: true, force: true });
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`));
}
const empty = sql.trim() === "" || /^-- This is an empty migration\.?$/m.test(sql.trim());

if (mode === "check") {
  if (!empty) {
    console.error(
      "迁移与 schema.prisma 不一致：按顺序执行全部迁移后的数据库还缺少下面的改动。\n" +
        "请运行：pnpm --filter @dangjian/db migration:new <名称>" +
        "（若是只在手写 SQL 中建的表，把表名加入 scripts/migration.ts 的 SQL_ONLY_TABLES）\n" +
        sql,
    );
    process.exit(1);
  }
  console.log(`迁移与 schema.prisma 一致（${migrations.length} 个迁移）`);
} else {
  if (empty) {
    console.log("没有改动，不生成迁移。");
    process.exit(0);
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const dir = join(migrationsDir, `${stamp}_${name}`);
  const latest = migrations.at(-1);
  if (latest && `${stamp}_${name}` <= latest) throw new Error(`${dir} 排在已有迁移 ${latest} 之前`);
  if (existsSync(dir)) throw new Error(`${dir} 已存在`);
  mkdirSync(dir);
  writeFileSync(join(dir, "migration.sql"), sql);
  console.log(`已生成 ${dir}`);
}
