// The data migration that encrypts ID numbers and phones stored in clear (before ADR 0752). SQL
// cannot do it (the key lives only in the application's environment), so the migrator runs this
// after the SQL migrations. Batches of rows still in clear are locked (FOR UPDATE SKIP LOCKED),
// encrypted and committed one batch at a time: a second run finds nothing and does nothing, a
// run that stopped half-way resumes where it stopped, two processes never encrypt a value twice.
import pg from "pg";
import { isEncryptedPii, sealPii, type PiiKeys } from "./pii.ts";

const CLEAR = (column: string) => `(${column} IS NOT NULL AND ${column} NOT LIKE 'pii1.%')`;

export async function migratePersonalData(
  databaseUrl: string,
  keys: PiiKeys,
  options: { batchSize?: number } = {},
): Promise<{ members: number; accounts: number }> {
  const batch = options.batchSize ?? 500;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const members = await inBatches(
      client,
      batch,
      `SELECT id, "idNumber", phone FROM "Member" WHERE ${CLEAR('"idNumber"')} OR ${CLEAR("phone")} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      async (row: { id: string; idNumber: string | null; phone: string | null }) => {
        const id = row.idNumber && !isEncryptedPii(row.idNumber) ? sealPii(keys, "idNumber", row.idNumber) : null;
        const phone = row.phone && !isEncryptedPii(row.phone) ? sealPii(keys, "phone", row.phone) : null;
        await client.query(
          `UPDATE "Member" SET "idNumber" = coalesce($2, "idNumber"), "idNumberHash" = coalesce($3, "idNumberHash"), phone = coalesce($4, phone), "phoneHash" = coalesce($5, "phoneHash") WHERE id = $1`,
          [row.id, id?.enc ?? null, id?.hash ?? null, phone?.enc ?? null, phone?.hash ?? null],
        );
      },
    );
    const accounts = await inBatches(
      client,
      batch,
      `SELECT id, phone FROM "Account" WHERE ${CLEAR("phone")} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      async (row: { id: string; phone: string }) => {
        const phone = sealPii(keys, "phone", row.phone);
        await client.query(`UPDATE "Account" SET phone = $2, "phoneHash" = $3 WHERE id = $1`, [
          row.id,
          phone.enc,
          phone.hash,
        ]);
      },
    );
    return { members, accounts };
  } finally {
    await client.end();
  }
}

async function inBatches<Row>(
  client: pg.Client,
  size: number,
  select: string,
  each: (row: Row) => Promise<void>,
): Promise<number> {
  let total = 0;
  for (;;) {
    await client.query("BEGIN");
    try {
      const { rows } = await client.query(select, [size]);
      for (const row of rows as Row[]) await each(row);
      await client.query("COMMIT");
      total += rows.length;
      if (rows.length < size) return total;
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  }
}
