// The member import bounds its input before exceljs builds anything (issue 13, defect 3): a tiny
// .xlsx with one cell in its last row, a zip bomb, too many rows or cells, too many entries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { IMPORT_COLUMNS } from "@dangjian/core";
import type { Actor } from "../src/index.ts";
import { errorOf, setUp, type TestDatabase, type Who } from "./support/index.ts";

let t: TestDatabase;
let actors: Record<Who, Actor>;

beforeAll(async () => {
  ({ t, actors } = await setUp(new Date("2026-12-02T08:00:00Z")));
});
afterAll(() => t.drop());

const headers = IMPORT_COLUMNS.map((c) => c.header);

async function headerOnly(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("党员名册").addRow(headers);
  return wb;
}
const bytes = async (wb: ExcelJS.Workbook) => new Uint8Array(await wb.xlsx.writeBuffer());

/** Rewrites the first worksheet's XML inside a valid workbook. */
async function withSheetXml(edit: (xml: string) => string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await bytes(await headerOnly()));
  const name = Object.keys(zip.files).find((n) => /^xl\/worksheets\/sheet1\.xml$/.test(n))!;
  zip.file(name, edit(await zip.file(name)!.async("string")));
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

describe("member import bounds", () => {
  it("a tiny file with one cell in the sheet's last row is refused at once, without walking a million rows", async () => {
    const wb = await headerOnly();
    wb.worksheets[0]!.getCell(1_048_576, 1).value = "孙丽";
    const file = await bytes(wb);
    expect(file.byteLength).toBeLessThan(20_000);
    const { value: error, ms } = await timed(() => errorOf(t.services.members.import(actors.secretary, { file })));
    expect(error.code).toBe("BAD_INPUT");
    expect(error.messageKey).toBe("members.errorRowOutOfRange");
    expect(ms).toBeLessThan(2_000);
  });

  it("a zip bomb (a sheet that inflates far beyond the limit) is refused before exceljs loads it", async () => {
    const padding = " ".repeat(64 * 1024 * 1024);
    const file = await withSheetXml((xml) => xml.replace("<sheetData>", `<sheetData>${padding}`));
    expect(file.byteLength).toBeLessThan(1_000_000);
    const { value: error, ms } = await timed(() => errorOf(t.services.members.import(actors.secretary, { file })));
    expect(error.messageKey).toBe("members.errorWorkbookTooLarge");
    expect(ms).toBeLessThan(5_000);
  });

  it("a sheet with more row elements than the import takes is refused before it is loaded", async () => {
    // row elements without row numbers (the r attribute is optional): only counting them catches this
    const rows = Array.from({ length: 12_000 }, () => `<row><c t="inlineStr"><is><t>x</t></is></c></row>`).join("");
    const file = await withSheetXml((xml) =>
      xml.replace(
        /<sheetData>([\s\S]*?)<\/sheetData>/,
        (_m, inner: string) => `<sheetData>${inner}${rows}</sheetData>`,
      ),
    );
    const error = await errorOf(t.services.members.import(actors.secretary, { file }));
    expect(error.messageKey).toBe("members.errorTooManyRows");
  });

  it("a file over the size limit is refused before it is opened", async () => {
    const file = new Uint8Array(6 * 1024 * 1024);
    const error = await errorOf(t.services.members.import(actors.secretary, { file }));
    expect(error.messageKey).toBe("members.errorFileTooLarge");
  });
});
