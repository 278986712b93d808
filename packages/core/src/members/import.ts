// The member import template and the check of each row. Pure: cells arrive as text (the
// services read the workbook), problems leave as message keys so the report speaks Chinese.
import type { MessageKey } from "../messages/index.ts";
import { parseResidentId } from "./id-number.ts";

export const IMPORT_COLUMNS = [
  { key: "name", header: "姓名", required: true },
  { key: "gender", header: "性别", required: true },
  { key: "idNumber", header: "居民身份证号", required: true },
  { key: "phone", header: "手机号", required: false },
  { key: "status", header: "党员类型", required: true },
  { key: "category", header: "人员类别", required: true },
  { key: "joinedOn", header: "入党日期", required: true },
  { key: "fullMemberOn", header: "转正日期", required: false },
  { key: "ethnicity", header: "民族", required: false },
  { key: "education", header: "学历", required: false },
  { key: "workUnit", header: "工作单位", required: false },
] as const;

export type ImportColumnKey = (typeof IMPORT_COLUMNS)[number]["key"];
export type ImportRowCells = Record<ImportColumnKey, string>;

/** At most this many rows in one file: a branch is rarely above 100 members. */
export const IMPORT_MAX_ROWS = 2000;

/**
 * How many people one account may check against the whole platform per day (adding, editing,
 * importing): a full import and a day of single additions, far below what probing would need.
 */
export const REGISTERED_CHECKS_PER_DAY = 3000;

/**
 * Bounds of an uploaded workbook, checked on the zip's entries before any spreadsheet library
 * builds objects from it (ADR 0703). Generous for the template filled by hand, tiny next to
 * what a crafted file can claim.
 */
export const IMPORT_BOUNDS = {
  /** the uploaded file */
  maxFileBytes: 5 * 1024 * 1024,
  /** entries in the zip (a workbook from Excel or WPS has about 10–20) */
  maxEntries: 200,
  /** uncompressed bytes of one entry, and of all entries together */
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalBytes: 40 * 1024 * 1024,
  /** row elements and cell elements in one worksheet (empty styled rows and cells count too) */
  maxRowElements: 10_000,
  maxCellElements: 200_000,
  /** the last row number a worksheet may use */
  maxRowIndex: 10_000,
} as const;

export const GENDER_LABELS = { 男: "MALE", 女: "FEMALE" } as const;
export const STATUS_LABELS = { 正式党员: "FULL", 预备党员: "PROBATIONARY" } as const;
/** The categories a member may be given, in the order forms list them. */
export const MEMBER_CATEGORIES = ["ON_DUTY", "RETIRED", "MOBILE", "STUDENT", "FARMER", "UNEMPLOYED"] as const;
export const CATEGORY_LABELS = {
  在岗: "ON_DUTY",
  离退休: "RETIRED",
  流动: "MOBILE",
  学生: "STUDENT",
  农民: "FARMER",
  未就业: "UNEMPLOYED",
} as const satisfies Record<string, (typeof MEMBER_CATEGORIES)[number]>;

export interface ImportedMember {
  name: string;
  gender: "MALE" | "FEMALE";
  idNumber: string;
  birthDate: Date;
  phone: string | null;
  status: "FULL" | "PROBATIONARY";
  category: (typeof CATEGORY_LABELS)[keyof typeof CATEGORY_LABELS];
  joinedOn: Date;
  fullMemberOn: Date | null;
  ethnicity: string | null;
  education: string | null;
  workUnit: string | null;
}

export interface CellProblem {
  column: ImportColumnKey;
  messageKey: MessageKey;
}

/** The header row must be the template's, in order (extra empty cells at the end are fine). */
export function checkImportHeader(headers: readonly string[]): { ok: true } | { ok: false; expected: string[] } {
  const trimmed = headers.map((h) => h.trim());
  while (trimmed.length > 0 && trimmed.at(-1) === "") trimmed.pop();
  const expected = IMPORT_COLUMNS.map((c) => c.header);
  const same = trimmed.length === expected.length && expected.every((h, i) => trimmed[i] === h);
  return same ? { ok: true } : { ok: false, expected };
}

/** "2020-07-01", "2020/7/1", "2020.07.01" → a UTC date; null when not a real day. */
export function parseImportDate(text: string): Date | null {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : null;
}

const PHONE = /^1[3-9]\d{9}$/;

export function validateImportRow(
  cells: ImportRowCells,
  today: Date,
): { ok: true; member: ImportedMember } | { ok: false; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const v = (key: ImportColumnKey) => (cells[key] ?? "").trim();
  for (const column of IMPORT_COLUMNS) {
    if (column.required && v(column.key) === "")
      problems.push({ column: column.key, messageKey: "members.importRequired" });
  }
  const name = v("name");
  if (name && (name.length > 30 || /\d/.test(name)))
    problems.push({ column: "name", messageKey: "members.importBadName" });
  const gender = GENDER_LABELS[v("gender") as keyof typeof GENDER_LABELS];
  if (v("gender") && !gender) problems.push({ column: "gender", messageKey: "members.importBadGender" });
  let idNumber = "";
  let birthDate: Date | null = null;
  if (v("idNumber")) {
    const parsed = parseResidentId(v("idNumber"), today);
    if (!parsed.ok) {
      problems.push({
        column: "idNumber",
        messageKey:
          parsed.problem === "checksum"
            ? "members.idChecksum"
            : parsed.problem === "birthDate"
              ? "members.idBirthDate"
              : "members.idFormat",
      });
    } else {
      idNumber = parsed.normalised;
      birthDate = parsed.id.birthDate;
      if (gender && parsed.id.gender !== gender)
        problems.push({ column: "gender", messageKey: "members.importGenderMismatch" });
    }
  }
  const phone = v("phone");
  if (phone && !PHONE.test(phone)) problems.push({ column: "phone", messageKey: "members.importBadPhone" });
  const status = STATUS_LABELS[v("status") as keyof typeof STATUS_LABELS];
  if (v("status") && !status) problems.push({ column: "status", messageKey: "members.importBadStatus" });
  const category = CATEGORY_LABELS[v("category") as keyof typeof CATEGORY_LABELS];
  if (v("category") && !category) problems.push({ column: "category", messageKey: "members.importBadCategory" });
  const joinedOn = v("joinedOn") ? parseImportDate(v("joinedOn")) : null;
  if (v("joinedOn") && (!joinedOn || joinedOn > today))
    problems.push({ column: "joinedOn", messageKey: "members.importBadDate" });
  if (joinedOn && birthDate && joinedOn.getUTCFullYear() - birthDate.getUTCFullYear() < 18)
    problems.push({ column: "joinedOn", messageKey: "members.importTooYoung" });
  const fullMemberOn = v("fullMemberOn") ? parseImportDate(v("fullMemberOn")) : null;
  if (v("fullMemberOn") && (!fullMemberOn || fullMemberOn > today || (joinedOn && fullMemberOn < joinedOn))) {
    problems.push({ column: "fullMemberOn", messageKey: "members.importBadDate" });
  }
  if (status === "FULL" && !v("fullMemberOn"))
    problems.push({ column: "fullMemberOn", messageKey: "members.importFullNeedsDate" });
  if (status === "PROBATIONARY" && v("fullMemberOn"))
    problems.push({ column: "fullMemberOn", messageKey: "members.importProbationaryNoDate" });
  if (problems.length > 0 || !gender || !status || !category || !joinedOn || !birthDate) return { ok: false, problems };
  return {
    ok: true,
    member: {
      name,
      gender,
      idNumber,
      birthDate,
      phone: phone || null,
      status,
      category,
      joinedOn,
      fullMemberOn,
      ethnicity: v("ethnicity") || null,
      education: v("education") || null,
      workUnit: v("workUnit") || null,
    },
  };
}

/** Problems that span rows: the same ID number or phone twice in one file. */
export function crossRowProblems(rows: ReadonlyArray<{ idNumber: string; phone: string }>): Map<number, CellProblem[]> {
  const out = new Map<number, CellProblem[]>();
  const add = (i: number, p: CellProblem) => out.set(i, [...(out.get(i) ?? []), p]);
  const seenId = new Map<string, number>();
  const seenPhone = new Map<string, number>();
  rows.forEach((row, i) => {
    const id = row.idNumber.trim().toUpperCase();
    if (id) {
      if (seenId.has(id)) add(i, { column: "idNumber", messageKey: "members.importDuplicateInFile" });
      else seenId.set(id, i);
    }
    const phone = row.phone.trim();
    if (phone) {
      if (seenPhone.has(phone)) add(i, { column: "phone", messageKey: "members.importDuplicateInFile" });
      else seenPhone.set(phone, i);
    }
  });
  return out;
}
