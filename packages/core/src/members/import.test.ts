import { describe, expect, it } from "vitest";
import {
  checkImportHeader,
  crossRowProblems,
  IMPORT_COLUMNS,
  parseImportDate,
  validateImportRow,
  type ImportRowCells,
} from "./import.ts";

const today = new Date("2026-12-02T00:00:00Z");
const good: ImportRowCells = {
  name: "李明",
  gender: "女",
  idNumber: "11010519491231002X",
  phone: "13912345678",
  status: "正式党员",
  category: "离退休",
  joinedOn: "1975-07-01",
  fullMemberOn: "1976-07-01",
  ethnicity: "汉族",
  education: "",
  workUnit: "",
};

describe("import header", () => {
  it("accepts the template header, ignoring trailing empties", () => {
    expect(checkImportHeader([...IMPORT_COLUMNS.map((c) => c.header), "", ""])).toEqual({ ok: true });
  });
  it("refuses a missing, renamed or reordered column", () => {
    const headers = IMPORT_COLUMNS.map((c) => c.header);
    expect(checkImportHeader(headers.slice(1)).ok).toBe(false);
    expect(checkImportHeader(["名字", ...headers.slice(1)]).ok).toBe(false);
    expect(checkImportHeader([headers[1]!, headers[0]!, ...headers.slice(2)]).ok).toBe(false);
  });
});

describe("import rows", () => {
  it("turns a good row into a member", () => {
    const result = validateImportRow(good, today);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.member).toMatchObject({
        gender: "FEMALE",
        status: "FULL",
        category: "RETIRED",
        birthDate: new Date("1949-12-31T00:00:00Z"),
      });
  });
  it("reports a bad ID number", () => {
    expect(validateImportRow({ ...good, idNumber: "110105194912310021" }, today)).toEqual({
      ok: false,
      problems: [{ column: "idNumber", messageKey: "members.idChecksum" }],
    });
  });
  it("reports every problem of a row at once", () => {
    const result = validateImportRow(
      { ...good, name: "", gender: "X", phone: "123", status: "党员", category: "工人", joinedOn: "2030-01-01" },
      today,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.column).sort()).toEqual([
        "category",
        "fullMemberOn",
        "gender",
        "joinedOn",
        "name",
        "phone",
        "status",
      ]);
    }
  });
  it("checks gender against the ID number and the full-member date against the status", () => {
    expect(validateImportRow({ ...good, gender: "男" }, today)).toMatchObject({
      ok: false,
      problems: [{ messageKey: "members.importGenderMismatch" }],
    });
    expect(validateImportRow({ ...good, fullMemberOn: "" }, today)).toMatchObject({
      ok: false,
      problems: [{ messageKey: "members.importFullNeedsDate" }],
    });
    expect(validateImportRow({ ...good, status: "预备党员" }, today)).toMatchObject({
      ok: false,
      problems: [{ messageKey: "members.importProbationaryNoDate" }],
    });
    expect(validateImportRow({ ...good, joinedOn: "1960-01-01", fullMemberOn: "1961-01-01" }, today)).toMatchObject({
      ok: false,
      problems: [{ messageKey: "members.importTooYoung" }],
    });
  });
  it("reads the usual date spellings", () => {
    expect(parseImportDate("2020/7/1")).toEqual(new Date("2020-07-01T00:00:00Z"));
    expect(parseImportDate("2020年7月1日")).toEqual(new Date("2020-07-01T00:00:00Z"));
    expect(parseImportDate("2020-02-30")).toBeNull();
  });
  it("finds duplicates across rows", () => {
    const problems = crossRowProblems([
      { idNumber: "A", phone: "1" },
      { idNumber: "a", phone: "2" },
      { idNumber: "B", phone: "1" },
    ]);
    expect([...problems.keys()]).toEqual([1, 2]);
  });
});
