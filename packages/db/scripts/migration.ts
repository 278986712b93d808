// Writes a new migration, or checks that the schema has none pending, without Prisma 7's
// schema engine (which must be downloaded, and cannot be here). Prisma 6's CLI runs its WASM
// schema engine and diffs two datamodels: the snapshot kept beside the latest migration and
// the current schema. The engine insists on a reachable database even for a pure diff, so
// DATABASE_URL must point at any PostgreSQL (nothing is written to it).
// Usage: tsx scripts/migration.ts new <name> | tsx scripts/migration.ts check
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const migrationsDir = join(pkg, "prisma", "migrations");
const schemaPath = join(pkg, "prisma", "schema.prisma");
const [mode, name] = process.argv.slice(2);

if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL 未设置：Prisma 6 的 schema engine 需要连接任意一个 PostgreSQL（不会写入）。");
  process.exit(2);
}

/** Prisma 6 wants `url` in the datasource block; Prisma 7 forbids it there. */
function asPrisma6Schema(source: string, file: string): string {
  writeFileSync(
    file,
    readFileSync(source, "utf8").replace(
      /provider = "postgresql"/,
      'provider = "postgresql"\n  url      = env("DATABASE_URL")',
    ),
  );
  return file;
}

const migrations = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const latest = migrations.at(-1);
const work = join(tmpdir(), `dangjian-migration-${process.pid}`);
mkdirSync(work, { recursive: true });
const to = asPrisma6Schema(schemaPath, join(work, "to.prisma"));
const fromArgs = latest
  ? [
      "--from-schema-datamodel",
      asPrisma6Schema(join(migrationsDir, latest, "schema.prisma"), join(work, "from.prisma")),
    ]
  : ["--from-empty"];

let sql: string;
try {
  sql = execFileSync(
    process.execPath,
    [
      join(pkg, "node_modules/prisma6/build/index.js"),
      "migrate",
      "diff",
      "--config",
      join(pkg, "scripts/prisma6.config.ts"),
      ...fromArgs,
      "--to-schema-datamodel",
      to,
      "--script",
    ],
    {
      cwd: pkg,
      encoding: "utf8",
      env: {
        ...process.env,
        PRISMA_QUERY_ENGINE_LIBRARY: "/bin/true",
        PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
const empty = sql.trim() === "" || /^-- This is an empty migration\.?$/m.test(sql.trim());

if (mode === "check") {
  if (!empty) {
    console.error("schema.prisma 有未生成迁移的改动，请运行：pnpm --filter @dangjian/db migration:new <名称>\n" + sql);
    process.exit(1);
  }
  console.log(`迁移与 schema.prisma 一致（${migrations.length} 个迁移）`);
} else if (mode === "new") {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("用法：migration:new <名称>（小写字母、数字、下划线）");
    process.exit(2);
  }
  if (empty) {
    console.log("没有改动，不生成迁移。");
    process.exit(0);
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const dir = join(migrationsDir, `${stamp}_${name}`);
  if (existsSync(dir)) throw new Error(`${dir} 已存在`);
  mkdirSync(dir);
  writeFileSync(join(dir, "migration.sql"), sql);
  copyFileSync(schemaPath, join(dir, "schema.prisma"));
  console.log(`已生成 ${dir}`);
} else {
  console.error("用法：tsx scripts/migration.ts new <名称> | check");
  process.exit(2);
}
