// Bulk import from the Excel template (exceljs): every row checked, a report by row, and all or
// nothing in one transaction.
import { sealMemberRow } from "@dangjian/db/pii";
import ExcelJS from "exceljs";
import { z } from "zod";
import {
  AppError,
  checkImportHeader,
  crossRowProblems,
  IMPORT_BOUNDS,
  IMPORT_COLUMNS,
  IMPORT_MAX_ROWS,
  monthKey,
  t,
  validateImportRow,
  type CellProblem,
  type ImportedMember,
  type ImportRowCells,
} from "@dangjian/core";
import { authorize, type Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { publish } from "../outbox/outbox.ts";
import { isUniqueViolation, orgOrOwnBranch, retryOnUnique } from "../ledger/common.ts";
import { nextMemberNumbers } from "./members.ts";
import { findRegistered } from "./registered.ts";
import { checkWorkbookBounds } from "./workbook-bounds.ts";
import { indexInTx } from "../search/documents.ts";
import { audit } from "../audit.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const IMPORT_CONTENT_TYPE = XLSX;

/** The downloadable template: the header, text-formatted cells (ID numbers must not become numbers), pick lists. */
export async function importTemplate(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t("members.importSheet"));
  sheet.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === "idNumber" ? 22 : c.key === "workUnit" ? 24 : 12,
    style: { numFmt: "@" },
  }));
  sheet.getRow(1).font = { bold: true };
  const lists: Partial<Record<string, string>> = {
    gender: '"男,女"',
    status: '"正式党员,预备党员"',
    category: '"在岗,离退休,流动,学生,农民,未就业"',
  };
  IMPORT_COLUMNS.forEach((c, i) => {
    const list = lists[c.key];
    if (!list) return;
    for (let row = 2; row <= 501; row++)
      sheet.getCell(row, i + 1).dataValidation = { type: "list", allowBlank: true, formulae: [list] };
  });
  const help = workbook.addWorksheet("填写说明");
  help.addRows([
    ["每行一名党员，不要改动第一行表头。"],
    ["必填：姓名、性别、居民身份证号、党员类型、人员类别、入党日期；正式党员还要填转正日期。"],
    ["日期写成 2020-07-01；身份证号 18 位，最后一位可以是 X。"],
    ["只要有一行有错，整份文件都不会导入，会给出按行的错误报告。"],
  ]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    return "";
  }
  return String(value);
}

export interface ImportRowReport {
  row: number;
  problems: string[];
}

export type ImportResult =
  { ok: true; imported: number } | { ok: false; errorRows: ImportRowReport[]; totalRows: number; report: Uint8Array };

/** An .xlsx of a branch roster is a few hundred KB at most. */
export const importMembersInput = z.object({
  orgId: z.uuid().optional(),
  file: z.instanceof(Uint8Array).refine((f) => f.byteLength <= IMPORT_BOUNDS.maxFileBytes),
});

export async function importMembers(
  deps: ServiceDeps,
  actor: Actor,
  // any byte array (a Buffer's view too), not only the ArrayBuffer-backed one the schema's type names
  input: Omit<z.input<typeof importMembersInput>, "file"> & { file: Uint8Array },
): Promise<ImportResult> {
  const branchId = orgOrOwnBranch(actor, input.orgId);
  await authorize(deps, actor, "member.manage", branchId);
  // Size, entries, inflated sizes, rows and cells are bounded before exceljs sees the file.
  await checkWorkbookBounds(input.file);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(input.file) as unknown as ArrayBuffer);
  } catch {
    throw new AppError("BAD_INPUT", "members.errorNotXlsx");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError("BAD_INPUT", "members.errorNotXlsx");
  const headerRow = sheet.getRow(1);
  const headers: string[] = [];
  for (let c = 1; c <= Math.max(headerRow.cellCount, IMPORT_COLUMNS.length); c++)
    headers.push(cellText(headerRow.getCell(c).value));
  const header = checkImportHeader(headers);
  if (!header.ok) throw new AppError("BAD_INPUT", "members.errorBadHeader", { expected: header.expected.join("、") });

  // Only the rows the sheet really has (never every number up to rowCount), and stop past the limit.
  const rows: Array<{ row: number; cells: ImportRowCells }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    if (r < 2 || rows.length > IMPORT_MAX_ROWS) return;
    const cells = Object.fromEntries(
      IMPORT_COLUMNS.map((c, i) => [c.key, cellText(row.getCell(i + 1).value).trim()]),
    ) as ImportRowCells;
    if (Object.values(cells).every((v) => v === "")) return;
    rows.push({ row: r, cells });
  });
  if (rows.length === 0) throw new AppError("BAD_INPUT", "members.errorEmptyFile");
  if (rows.length > IMPORT_MAX_ROWS)
    throw new AppError("BAD_INPUT", "members.errorTooManyRows", { max: IMPORT_MAX_ROWS });

  const now = deps.now();
  const problems = new Map<number, CellProblem[]>();
  const valid: ImportedMember[] = [];
  rows.forEach((r, i) => {
    const result = validateImportRow(r.cells, now);
    if (result.ok) valid.push(result.member);
    else problems.set(i, result.problems);
  });
  for (const [i, list] of crossRowProblems(rows.map((r) => ({ idNumber: r.cells.idNumber, phone: r.cells.phone }))))
    problems.set(i, [...(problems.get(i) ?? []), ...list]);
  // already on the platform: budgeted, audited, and never which field matched or where
  const found = await findRegistered(deps, actor, {
    orgId: branchId,
    purpose: "import",
    people: rows.map((r) => ({ idNumber: r.cells.idNumber || null, phone: r.cells.phone || null })),
  });
  for (const [i, where] of found) {
    problems.set(i, [
      ...(problems.get(i) ?? []),
      {
        column: "name",
        messageKey: where === "here" ? "members.importAlreadyHere" : "members.importRegisteredElsewhere",
      },
    ]);
  }

  if (problems.size > 0) {
    const header = new Map<string, string>(IMPORT_COLUMNS.map((c) => [c.key, c.header]));
    const errorRows = [...problems.entries()]
      .sort(([a], [b]) => a - b)
      .map(([i, list]) => ({
        row: rows[i]!.row,
        problems: list.map((p) => `${header.get(p.column)}：${t(p.messageKey)}`),
      }));
    return { ok: false, errorRows, totalRows: rows.length, report: await errorReport(rows, errorRows) };
  }

  try {
    const imported = await retryOnUnique("memberNo", 3, () =>
      deps.db.$transaction(
        async (tx) => {
          const numbers = await nextMemberNumbers(tx, valid.length);
          await tx.member.createMany({
            data: valid.map((m, i) => sealMemberRow(deps.pii, { ...m, memberNo: numbers[i]!, branchId })),
          });
          const created = await tx.member.findMany({ where: { memberNo: { in: numbers } }, select: { id: true } });
          await indexInTx(
            tx,
            created.map((m) => ({ type: "member" as const, id: m.id })),
          );
          await publish(tx, "facts.touch", { keys: [{ orgId: branchId, month: monthKey(now) }] });
          await audit(tx, actor, {
            action: "members.import",
            entityType: "Org",
            entityId: branchId,
            orgId: branchId,
            data: { count: valid.length },
          });
          return valid.length;
        },
        { timeout: 60_000 },
      ),
    );
    return { ok: true, imported };
  } catch (error) {
    if (isUniqueViolation(error, "idNumber") || isUniqueViolation(error, "phone"))
      throw new AppError("CONFLICT", "members.errorRegisteredElsewhere");
    throw error;
  }
}

/** The uploaded rows again, with a column saying what is wrong in each bad row (highlighted). */
async function errorReport(
  rows: Array<{ row: number; cells: ImportRowCells }>,
  errorRows: ImportRowReport[],
): Promise<Uint8Array> {
  const byRow = new Map(errorRows.map((e) => [e.row, e.problems.join("；")]));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t("members.importReportSheet"));
  sheet.columns = [
    { header: t("members.importRow"), key: "row", width: 8 },
    { header: t("members.importReportColumn"), key: "problems", width: 50 },
    ...IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: 14, style: { numFmt: "@" } })),
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    const added = sheet.addRow({ row: r.row, problems: byRow.get(r.row) ?? "", ...r.cells });
    if (byRow.has(r.row))
      added.eachCell((cell) => (cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFDE2E1" } }));
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
