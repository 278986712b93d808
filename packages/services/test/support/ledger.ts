// Fixtures for the ledger domains (dues, tasks, members): valid ID numbers and import files.
import ExcelJS from "exceljs";
import { IMPORT_COLUMNS, idNumberCheckChar } from "@dangjian/core";

let idSeq = 0;
/** A valid, unique 居民身份证号 (born 1980–1999, region 530402). */
export function uniqueIdNumber(): string {
  idSeq += 1;
  const n = (Date.now() % 100_000) * 100 + idSeq;
  const year = 1980 + (n % 20);
  const month = 1 + (Math.floor(n / 20) % 12);
  const day = 1 + (Math.floor(n / 240) % 28);
  const seq = String(Math.floor(n / 6720) % 1000).padStart(3, "0");
  const body = `530402${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${seq}`;
  return body + idNumberCheckChar(body);
}

/** An .xlsx in the import template's shape with the given rows (cells in template order). */
export async function memberImportFile(
  rows: string[][],
  headers: string[] = IMPORT_COLUMNS.map((c) => c.header),
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("党员名册");
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
