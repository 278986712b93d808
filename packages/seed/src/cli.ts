// Applies migrations, then seeds the demo region.
// Usage: DATABASE_URL=postgresql://… tsx src/seed/cli.ts [--reference YYYY-MM]
import { createDb } from "@dangjian/db";
import { migrate } from "@dangjian/db/migrate";
import { seedDemo } from "./index.ts";

// A developer script run from a shell (eslint.config.js allows it to read the environment).
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL 未设置。用法：DATABASE_URL=postgresql://… tsx src/seed/cli.ts [--reference YYYY-MM]");
  process.exit(2);
}

const args = process.argv.slice(2);
const referenceArg = args[args.indexOf("--reference") + 1];
let referenceDate: Date | undefined;
if (args.includes("--reference")) {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(referenceArg ?? "");
  if (!match) {
    console.error("--reference 需要 YYYY-MM 格式的月份，例如 --reference 2026-11");
    process.exit(2);
  }
  referenceDate = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

const started = performance.now();
const migration = await migrate(databaseUrl);
console.log(`迁移：新应用 ${migration.applied.length} 个，已有 ${migration.alreadyApplied} 个。`);

const db = createDb(databaseUrl, { max: 2 });
try {
  const result = await seedDemo(db, {
    ...(referenceDate ? { referenceDate } : {}),
    log: (message) => console.log(message),
  });
  if (result.seeded) {
    console.table(result.counts);
  }
  console.log(`完成，总用时 ${((performance.now() - started) / 1000).toFixed(1)} s。`);
} catch (error) {
  console.error("演示数据写入失败，事务已回滚：", error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
