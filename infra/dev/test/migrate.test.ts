import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, migrationsDir } from "@dangjian/db/migrate";
import { createDatabase, query, type ClonedDatabase } from "../src/vitest-database.ts";

const databases: ClonedDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

async function emptyDatabase() {
  const db = await createDatabase({ empty: true });
  databases.push(db);
  return db;
}

describe("offline migrator", () => {
  it("applies every migration once, recording Prisma's checksums", async () => {
    const db = await emptyDatabase();
    const names = readdirSync(migrationsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(await migrate(db.url)).toEqual({ applied: names, alreadyApplied: 0 });
    const rows = await query<{ migration_name: string; checksum: string }>(
      db.url,
      `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual(
      names.map((name) => ({
        migration_name: name,
        checksum: createHash("sha256")
          .update(readFileSync(join(migrationsDir, name, "migration.sql"), "utf8"))
          .digest("hex"),
      })),
    );
    expect(
      await query(db.url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'OrgMonthFact'`),
    ).toHaveLength(1);
    expect(await migrate(db.url)).toEqual({ applied: [], alreadyApplied: names.length });
  });

  it("refuses to run when an applied migration was edited", async () => {
    const db = await emptyDatabase();
    await migrate(db.url);
    await query(
      db.url,
      `UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = (SELECT min(migration_name) FROM "_prisma_migrations")`,
    );
    await expect(migrate(db.url)).rejects.toThrow(/校验和不一致/);
  });

  it("rolls a failing migration back whole and applies it once fixed", async () => {
    const db = await emptyDatabase();
    const dir = mkdtempSync(join(tmpdir(), "dangjian-migrations-"));
    try {
      mkdirSync(join(dir, "001_ok"));
      writeFileSync(join(dir, "001_ok", "migration.sql"), "CREATE TABLE a (id int);");
      mkdirSync(join(dir, "002_bad"));
      writeFileSync(join(dir, "002_bad", "migration.sql"), "CREATE TABLE b (id int); SELECT no_such_function();");
      await expect(migrate(db.url, { dir })).rejects.toThrow(/002_bad/);
      expect(
        await query(
          db.url,
          `SELECT table_name FROM information_schema.tables WHERE table_name IN ('a', 'b') ORDER BY 1`,
        ),
      ).toEqual([{ table_name: "a" }]);
      writeFileSync(join(dir, "002_bad", "migration.sql"), "CREATE TABLE b (id int);");
      expect(await migrate(db.url, { dir })).toEqual({ applied: ["002_bad"], alreadyApplied: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
