// Bulk insert through `INSERT … SELECT * FROM unnest($1::t[], …)`: one bind parameter per column
// however many rows. Prisma's createMany spends about half a millisecond of JavaScript per row,
// which for the ~35 000 attendance, dues and meeting rows alone was most of the seed's time
// budget; unnest writes them in about a tenth of that. Only for trusted, generated rows.
import type { Prisma } from "@dangjian/db";

/** PostgreSQL type of each written column: `uuid`, `text`, `int`, `bool`, `date`, `timestamp`, `jsonb` or a quoted enum. */
export type ColumnTypes<Row> = { readonly [K in keyof Row]?: string };

function toParam(value: unknown, sqlType: string): unknown {
  if (value === undefined || value === null) return null;
  // Prisma keeps DateTime as UTC in `timestamp(3)` columns; a zone suffix is ignored on input.
  if (value instanceof Date) return sqlType === "date" ? value.toISOString().slice(0, 10) : value.toISOString();
  if (sqlType === "jsonb") return JSON.stringify(value);
  return value;
}

export async function insertUnnest<Row extends object>(
  tx: Prisma.TransactionClient,
  table: string,
  types: ColumnTypes<Row>,
  rows: readonly Row[],
  chunkSize = 5000,
): Promise<number> {
  const columns = Object.entries(types) as [keyof Row & string, string][];
  const sql = `INSERT INTO "${table}" (${columns.map(([name]) => `"${name}"`).join(", ")}) SELECT * FROM unnest(${columns
    .map(([, type], i) => `$${i + 1}::${type}[]`)
    .join(", ")})`;
  let count = 0;
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = rows.slice(i, i + chunkSize);
    const params = columns.map(([name, type]) => chunk.map((row) => toParam(row[name], type)));
    count += await tx.$executeRawUnsafe(sql, ...params);
  }
  return count;
}
