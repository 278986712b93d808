// Personal data at rest (issue 13, ADR 0752): no ID number or phone in clear anywhere in the
// database after seeding, and after the data migration over rows written in clear before it.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@dangjian/db";
import { DEMO_ACCOUNTS, seedDemo } from "@dangjian/seed";
import { openPii, piiHash, piiKeysFromEnv, sealPii } from "@dangjian/db/pii";
import { migratePersonalData } from "@dangjian/db/pii-migrate";
import { createDatabase, query, type ClonedDatabase } from "../src/vitest-database.ts";

process.env.DANGJIAN_PII_KEY ??= randomBytes(32).toString("base64");

const PHONE = String.raw`(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)`;
const ID_NUMBER = String.raw`[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]`;

/** Every text, varchar and JSON column of every table, searched for anything shaped like a phone or an ID number. */
async function clearValues(url: string): Promise<string[]> {
  const columns = await query<{ table_name: string; column_name: string }>(
    url,
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY')`,
  );
  const found: string[] = [];
  for (const c of columns) {
    const rows = await query<{ n: string }>(
      url,
      `SELECT count(*) AS n FROM "${c.table_name}" WHERE "${c.column_name}"::text ~ $1 OR "${c.column_name}"::text ~ $2`,
      [PHONE, ID_NUMBER],
    );
    if (Number(rows[0]!.n) > 0) found.push(`${c.table_name}.${c.column_name} (${rows[0]!.n})`);
  }
  return found;
}

let seeded: ClonedDatabase;
let legacy: ClonedDatabase;
beforeAll(async () => {
  seeded = await createDatabase();
  legacy = await createDatabase();
  const db = createDb(seeded.url, { max: 2 });
  try {
    await seedDemo(db, { referenceDate: new Date("2026-11-22T08:00:00Z") });
  } finally {
    await db.$disconnect();
  }
}, 120_000);
afterAll(async () => {
  await seeded.drop();
  await legacy.drop();
});

describe("no ID number or phone in clear", () => {
  it("after seeding the demo region", async () => {
    expect(await clearValues(seeded.url)).toEqual([]);
    // and the values are really there: encrypted, hashed, readable with the key
    const keys = piiKeysFromEnv();
    const [account] = await query<{ phone: string }>(seeded.url, `SELECT phone FROM "Account" WHERE "phoneHash" = $1`, [
      piiHash(keys, "phone", DEMO_ACCOUNTS.member.phone),
    ]);
    expect(openPii(keys, account!.phone)).toBe(DEMO_ACCOUNTS.member.phone);
    const [ids] = await query<{ n: string }>(
      seeded.url,
      `SELECT count(*) AS n FROM "Member" WHERE "idNumber" LIKE 'pii1.%' AND "idNumberHash" IS NOT NULL`,
    );
    expect(Number(ids!.n)).toBeGreaterThan(500);
  }, 60_000);

  it("after the data migration over rows stored in clear; a second run changes nothing; a half-done run resumes", async () => {
    const keys = piiKeysFromEnv();
    const [org] = await query<{ id: string }>(
      legacy.url,
      `INSERT INTO "Org" (id, name, kind, level, "ancestorIds", path, depth, "updatedAt") VALUES (gen_random_uuid(), '旧数据支部', 'BRANCH', 'BRANCH', '{}', '/', 0, now()) RETURNING id`,
    );
    const people = Array.from({ length: 7 }, (_, i) => ({
      idNumber: `53040219800101${String(100 + i)}${i}`,
      phone: `1390000${String(1000 + i)}`,
    }));
    for (const [i, p] of people.entries()) {
      // the first two as a run that stopped half-way left them: already encrypted
      const id = i < 2 ? sealPii(keys, "idNumber", p.idNumber) : { enc: p.idNumber, hash: null };
      const phone = i < 2 ? sealPii(keys, "phone", p.phone) : { enc: p.phone, hash: null };
      const [m] = await query<{ id: string }>(
        legacy.url,
        `INSERT INTO "Member" (id, "memberNo", name, gender, "idNumber", "idNumberHash", phone, "phoneHash", status, category, "joinedOn", "branchId", "updatedAt")
         VALUES (gen_random_uuid(), $1, '旧党员', 'MALE', $2, $3, $4, $5, 'FULL', 'ON_DUTY', '2000-07-01', $6, now()) RETURNING id`,
        [`OLD${i}`, id.enc, id.hash, phone.enc, phone.hash, org!.id],
      );
      await query(
        legacy.url,
        `INSERT INTO "Account" (id, "memberId", "displayName", phone, "phoneHash", "passwordHash", "updatedAt") VALUES (gen_random_uuid(), $1, '旧党员', $2, $3, 'x', now())`,
        [m!.id, phone.enc, phone.hash],
      );
    }
    const before = await query<{ idNumber: string }>(
      legacy.url,
      `SELECT "idNumber" FROM "Member" WHERE "memberNo" IN ('OLD0', 'OLD1') ORDER BY "memberNo"`,
    );
    expect(await clearValues(legacy.url)).not.toEqual([]);

    expect(await migratePersonalData(legacy.url, keys, { batchSize: 2 })).toEqual({ members: 5, accounts: 5 });
    expect(await clearValues(legacy.url)).toEqual([]);
    // the half-done rows were not encrypted twice
    expect(
      await query(
        legacy.url,
        `SELECT "idNumber" FROM "Member" WHERE "memberNo" IN ('OLD0', 'OLD1') ORDER BY "memberNo"`,
      ),
    ).toEqual(before);
    // every value reads back, and is found by its hash (login by phone keeps working)
    for (const [i, p] of people.entries()) {
      const [m] = await query<{ idNumber: string; phone: string }>(
        legacy.url,
        `SELECT "idNumber", phone FROM "Member" WHERE "memberNo" = $1`,
        [`OLD${i}`],
      );
      expect([openPii(keys, m!.idNumber), openPii(keys, m!.phone)]).toEqual([p.idNumber, p.phone]);
      const [a] = await query<{ n: string }>(legacy.url, `SELECT count(*) AS n FROM "Account" WHERE "phoneHash" = $1`, [
        piiHash(keys, "phone", p.phone),
      ]);
      expect(a!.n).toBe("1");
    }
    expect(await migratePersonalData(legacy.url, keys)).toEqual({ members: 0, accounts: 0 });
  }, 60_000);
});
