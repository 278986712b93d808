import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { piiKeysFromEnv, sealPii } from "@dangjian/db/pii";
import ExcelJS from "exceljs";
import { IMPORT_COLUMNS, idNumberCheckChar, REGISTERED_CHECKS_PER_DAY, t as messageText } from "@dangjian/core";
import type { Actor } from "../src/index.ts";
import {
  createHeldMeeting,
  createMember,
  errorOf,
  grantRole,
  loginActor,
  setUp,
  type Region,
  type TestDatabase,
  type Who,
} from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let actors: Record<Who, Actor>;

beforeAll(async () => {
  ({ t, region, actors } = await setUp(new Date("2026-12-02T08:00:00Z")));
});
afterAll(() => t.drop());

const id = (body17: string) => body17 + idNumberCheckChar(body17);
const fields = (idNumber: string) => ({
  name: "孙丽",
  idNumber,
  status: "FULL" as const,
  category: "ON_DUTY" as const,
  joinedOn: new Date("2015-07-01"),
  fullMemberOn: new Date("2016-07-01"),
});

async function workbook(headers: string[], rows: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("党员名册");
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
const headers = IMPORT_COLUMNS.map((c) => c.header);
const row = (name: string, idNumber: string, phone = "") => [
  name,
  "女",
  idNumber,
  phone,
  "正式党员",
  "在岗",
  "2015-07-01",
  "2016-07-01",
  "汉族",
  "大学",
  "东村",
];

describe("adding and editing members", () => {
  it("adds a member with a number, gender and birth date from the ID number", async () => {
    const result = await t.services.members.add(actors.secretary, fields(id("53040219900101002")));
    expect(result!.memberNo).toMatch(/^DY\d{8}$/);
    const member = await t.services.deps.db.member.findUniqueOrThrow({ where: { id: result!.id } });
    expect(member).toMatchObject({ gender: "FEMALE", birthDate: new Date("1990-01-01"), branchId: region.branchA });
    const list = await t.services.members.list(actors.secretary, {});
    const shown = list.members.find((m) => m.id === result!.id)!;
    expect(shown.idNumberMasked).toBe("530402********" + id("53040219900101002").slice(14));
    expect(JSON.stringify(list)).not.toContain(id("53040219900101002"));
  });
  it("stores ID number and phone encrypted, lists them masked, reveals the full value only with an audit entry", async () => {
    const idNumber = id("53040219880808002");
    const added = await t.services.members.add(actors.secretary, { ...fields(idNumber), phone: "13912340001" });
    const row = await t.services.deps.db.member.findUniqueOrThrow({ where: { id: added!.id } });
    expect(row.idNumber).toMatch(/^pii1\./);
    expect(row.phone).toMatch(/^pii1\./);
    expect(JSON.stringify(row)).not.toMatch(/13912340001|19880808/);
    const shown = (await t.services.members.list(actors.secretary, {})).members.find((m) => m.id === added!.id)!;
    expect(shown.phoneMasked).toBe("139****0001");
    const revealed = await t.services.members.reveal(actors.secretary, { memberId: added!.id, field: "phone" });
    expect(revealed.value).toBe("13912340001");
    const audit = await t.services.deps.db.auditLog.findFirst({
      where: { action: "members.reveal", entityId: added!.id },
      orderBy: { id: "desc" },
    });
    expect(audit).toMatchObject({ accountId: actors.secretary.accountId, data: { field: "phone" } });
    expect(
      (await errorOf(t.services.members.reveal(actors.member, { memberId: added!.id, field: "idNumber" }))).code,
    ).toBe("FORBIDDEN");
  });
  it("refuses a bad ID number and a duplicate, changing nothing", async () => {
    const before = await t.services.deps.db.member.count();
    const bad = await errorOf(t.services.members.add(actors.secretary, fields("530402199001010021")));
    expect(bad.messageKey).toBe("members.errorIdNumber");
    const dup = await errorOf(t.services.members.add(actors.secretary, fields(id("53040219900101002"))));
    expect(dup.messageKey).toBe("members.errorAlreadyHere");
    expect(await t.services.deps.db.member.count()).toBe(before);
  });
  it("edits, marks lost contact (twice is harmless) and clears it", async () => {
    const { alice } = region.members;
    await t.services.members.update(actors.secretary, {
      memberId: alice,
      ...fields(id("53040219850505004")),
      name: "李红",
    });
    const lost = await t.services.members.setLostContact(actors.secretary, { memberId: alice, lost: true });
    const again = await t.services.members.setLostContact(actors.secretary, { memberId: alice, lost: true });
    expect(again.lostContactSince).toEqual(lost.lostContactSince);
    expect((await t.services.deps.db.member.findUniqueOrThrow({ where: { id: alice } })).lostContact).toBe(true);
    await t.services.members.setLostContact(actors.secretary, { memberId: alice, lost: false });
    expect((await t.services.deps.db.member.findUniqueOrThrow({ where: { id: alice } })).lostContactSince).toBeNull();
  });
  it("an edit leaves every field the form does not send as it was (defect: ethnicity and education were nulled)", async () => {
    const added = await t.services.members.add(actors.secretary, {
      ...fields(id("53040219920303002")),
      ethnicity: "汉族",
      education: "大学",
      workUnit: "东村合作社",
      phone: "13911112222",
    });
    // exactly what the branch UI's edit form sends: no ethnicity, no education, no ID number (kept unless retyped)
    await t.services.members.update(actors.secretary, {
      memberId: added!.id,
      name: "孙丽华",
      status: "FULL",
      category: "RETIRED",
      joinedOn: new Date("2015-07-01"),
      fullMemberOn: new Date("2016-07-01"),
      phone: "13911112222",
      workUnit: "东村合作社",
    });
    const after = await t.services.deps.db.member.findUniqueOrThrow({ where: { id: added!.id } });
    expect(after).toMatchObject({
      name: "孙丽华",
      category: "RETIRED",
      ethnicity: "汉族",
      education: "大学",
      workUnit: "东村合作社",
    });
    expect(after.gender).toBe("FEMALE");
    // a field sent as null is cleared on purpose
    await t.services.members.update(actors.secretary, { memberId: added!.id, education: null });
    expect(await t.services.deps.db.member.findUniqueOrThrow({ where: { id: added!.id } })).toMatchObject({
      name: "孙丽华",
      ethnicity: "汉族",
      education: null,
      workUnit: "东村合作社",
    });
  });
  it("refuses members and other branches", async () => {
    expect((await errorOf(t.services.members.add(actors.member, fields(id("53040219900101012"))))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (
        await errorOf(
          t.services.members.setLostContact(actors.secretary, { memberId: region.members.dave, lost: true }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});

describe("组织关系转接", () => {
  it("needs both branches; the member's history moves with them", async () => {
    const { carol } = region.members;
    const db = t.services.deps.db;
    const meeting = await createHeldMeeting(db, {
      orgId: region.branchA,
      type: "THEME_DAY",
      topic: "十一月主题党日",
      at: new Date("2026-11-07"),
    });
    await db.attendance.create({ data: { meetingId: meeting.id, memberId: carol, status: "PRESENT" } });
    const targets = await t.services.members.transferTargets(actors.secretary, { query: "西村" });
    expect(targets.map((x) => x.id)).toEqual([region.branchB]);
    const request = await t.services.members.requestTransfer(actors.secretary, {
      memberId: carol,
      toOrgId: region.branchB,
      reason: "外出务工",
    });
    expect(request.status).toBe("SENDER_APPROVED");
    expect(
      (
        await errorOf(
          t.services.members.requestTransfer(actors.secretary, {
            memberId: carol,
            toOrgId: region.branchB,
            reason: "",
          }),
        )
      ).messageKey,
    ).toBe("members.errorTransferPending");
    // the sending branch cannot approve for the receiving one
    expect(
      (await errorOf(t.services.members.decideTransfer(actors.secretary, { transferId: request.id, approve: true })))
        .code,
    ).toBe("FORBIDDEN");
    expect((await t.services.members.list(actors.secretary, {})).outgoing.map((x) => x.memberName)).toEqual(["张芳"]);
    // county staff cover branch B's subtree
    expect((await t.services.members.list(actors.county, { orgId: region.branchB })).incoming).toHaveLength(1);
    await grantRole(db, region.phones.memberB, "BRANCH_SECRETARY", region.branchB);
    const secretaryB = await loginActor(t, region.phones.memberB);
    const done = await t.services.members.decideTransfer(secretaryB, { transferId: request.id, approve: true });
    expect(done.status).toBe("COMPLETED");
    expect(
      (await errorOf(t.services.members.decideTransfer(secretaryB, { transferId: request.id, approve: true })))
        .messageKey,
    ).toBe("members.errorTransferState");
    const moved = await db.member.findUniqueOrThrow({ where: { id: carol }, include: { attendances: true } });
    expect(moved.branchId).toBe(region.branchB);
    expect(moved.partyGroupId).toBeNull();
    expect(moved.attendances).toHaveLength(1);
  });
  it("refuses its own branch, a party group, and the receiver may send it back", async () => {
    const { bob } = region.members;
    expect(
      (
        await errorOf(
          t.services.members.requestTransfer(actors.secretary, { memberId: bob, toOrgId: region.branchA, reason: "" }),
        )
      ).messageKey,
    ).toBe("members.errorTransferSameBranch");
    expect(
      (
        await errorOf(
          t.services.members.requestTransfer(actors.secretary, { memberId: bob, toOrgId: region.groupA1, reason: "" }),
        )
      ).messageKey,
    ).toBe("members.errorTransferTarget");
  });
});

describe("Excel import", () => {
  it("offers a template whose header the import accepts", async () => {
    const template = await t.services.members.importTemplate();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(template) as unknown as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(headers);
    await expect(t.services.members.import(actors.secretary, { file: template })).rejects.toMatchObject({
      messageKey: "members.errorEmptyFile",
    });
  });
  it("imports every row of a good file", async () => {
    const before = await t.services.deps.db.member.count({ where: { branchId: region.branchA } });
    const file = await workbook(headers, [
      row("周一", id("53040219800101002"), "13600000001"),
      row("周二", id("53040219800101004")),
    ]);
    const result = await t.services.members.import(actors.secretary, { file });
    expect(result).toEqual({ ok: true, imported: 2 });
    expect(await t.services.deps.db.member.count({ where: { branchId: region.branchA } })).toBe(before + 2);
  });
  it("imports nothing when one row has a bad ID number, and reports it by row", async () => {
    const before = await t.services.deps.db.member.count();
    const file = await workbook(headers, [
      row("吴一", id("53040219800202002")),
      row("吴二", "530402198002020041"),
      row("吴三", id("53040219800202006")),
    ]);
    const result = await t.services.members.import(actors.secretary, { file });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errorRows).toEqual([{ row: 3, problems: ["居民身份证号：身份证号校验位不对，请核对"] }]);
    expect(result.totalRows).toBe(3);
    const report = new ExcelJS.Workbook();
    await report.xlsx.load(Buffer.from(result.report) as unknown as ArrayBuffer);
    const sheet = report.worksheets[0]!;
    expect(sheet.getRow(3).getCell(1).value).toBe(3);
    expect(String(sheet.getRow(3).getCell(2).value)).toContain("校验位");
    expect(await t.services.deps.db.member.count()).toBe(before);
  });
  it("reports duplicates within the file and against the platform", async () => {
    const file = await workbook(headers, [
      row("郑一", id("53040219800101002")),
      row("郑二", id("53040219800303002")),
      row("郑三", id("53040219800303002")),
    ]);
    const result = await t.services.members.import(actors.secretary, { file });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errorRows.map((r) => r.row)).toEqual([2, 4]);
  });
  it("refuses a wrong header and a file that is not Excel", async () => {
    const wrong = await workbook(["名字", ...headers.slice(1)], [row("钱一", id("53040219800404002"))]);
    const error = await errorOf(t.services.members.import(actors.secretary, { file: wrong }));
    expect(error.messageKey).toBe("members.errorBadHeader");
    expect(String(error.params.expected)).toContain("居民身份证号");
    expect(
      (await errorOf(t.services.members.import(actors.secretary, { file: new TextEncoder().encode("姓名,性别") })))
        .messageKey,
    ).toBe("members.errorNotXlsx");
    expect((await errorOf(t.services.members.import(actors.member, { file: wrong }))).code).toBe("FORBIDDEN");
  });
});

describe("membership probing (issue 13 defect 8)", () => {
  const daveId = id("53040219770707002");
  let secretaryB: Actor;
  beforeAll(async () => {
    await t.services.deps.db.member.update({
      where: { id: region.members.dave },
      data: (({ enc, hash }) => ({ idNumber: enc, idNumberHash: hash }))(sealPii(piiKeysFromEnv(), "idNumber", daveId)),
    });
    await createMember(t.services.deps.db, {
      name: "西村书记",
      branchId: region.branchB,
      phone: "13900000099",
      roles: [{ role: "BRANCH_SECRETARY", orgId: region.branchB }],
    });
    secretaryB = await loginActor(t, "13900000099");
  });
  const checks = (accountId: string) =>
    t.services.deps.db.auditLog.findMany({
      where: { accountId, action: "members.registeredCheck" },
      orderBy: { id: "asc" },
    });

  it("adding someone registered in another organisation says only: registered elsewhere, contact the superior organisation; the check is audited", async () => {
    const before = (await checks(actors.secretary.accountId)).length;
    const error = await errorOf(t.services.members.add(actors.secretary, fields(daveId)));
    expect(error.code).toBe("CONFLICT");
    expect(error.messageKey).toBe("members.errorRegisteredElsewhere");
    expect(messageText(error.messageKey, error.params)).toMatch(/上级党组织/);
    expect(JSON.stringify(error.params ?? {})).not.toMatch(/西村|branch|org/i);
    const audit = await checks(actors.secretary.accountId);
    expect(audit).toHaveLength(before + 1);
    expect(audit.at(-1)!.data).toMatchObject({ checked: 1, found: 1, purpose: "add" });
    expect(JSON.stringify(audit.at(-1)!.data)).not.toContain(daveId);
  });

  it("the import marks the row without saying which field matched or where", async () => {
    const file = await workbook(headers, [row("赵伟", daveId), row("新党员", id("53040219910909002"), "13900000005")]);
    const result = await t.services.members.import(actors.secretary, { file });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problems = result.errorRows.flatMap((r) => r.problems).join("；");
    expect(problems).toContain("已在其他党组织登记");
    expect(problems).not.toMatch(/身份证号：|手机号：|西村/);
    expect((await checks(actors.secretary.accountId)).at(-1)!.data).toMatchObject({
      checked: 2,
      found: 2,
      purpose: "import",
    });
  });

  it("a daily budget of checks per account, kept in PostgreSQL and held under concurrent requests", async () => {
    const db = t.services.deps.db;
    // spend all but three of secretary B's budget
    await db.auditLog.create({
      data: {
        accountId: secretaryB.accountId,
        action: "members.registeredCheck",
        entityType: "Org",
        entityId: region.branchB,
        orgId: region.branchB,
        at: t.services.deps.now(),
        data: { checked: REGISTERED_CHECKS_PER_DAY - 3, found: 0, purpose: "import" },
      },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.services.members.add(secretaryB, fields(id(`5304021980010${String(i + 10).padStart(2, "0")}03`))).then(
          () => "ok",
          (e: { code?: string; messageKey?: string }) => e.messageKey ?? String(e),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(3);
    expect(outcomes.filter((o) => o === "members.errorCheckLimit")).toHaveLength(5);
    // the next day the budget is back
    t.setNow(new Date("2026-12-03T09:00:00Z"));
    try {
      await t.services.members.add(secretaryB, fields(id("53040219800120003")));
    } finally {
      t.setNow(new Date("2026-12-02T08:00:00Z"));
    }
  });
});
