// Personal data at rest through the use cases (issue 13, ADR 0752): every path that writes an ID
// number or a phone (add, edit, import, login by phone or a mistyped ID number, the search index
// and its outbox) leaves no clear value in any column of any table, and search never finds a
// member by their phone or ID number.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/index.ts";
import {
  errorOf,
  memberImportFile,
  setUp,
  uniqueIdNumber,
  type Region,
  type TestDatabase,
  type Who,
} from "./support/index.ts";

const PHONE = String.raw`(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)`;
const ID_NUMBER = String.raw`[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]`;

let t: TestDatabase;
let region: Region;
let actors: Record<Who, Actor>;

beforeAll(async () => {
  ({ t, region, actors } = await setUp(new Date("2026-12-02T08:00:00Z")));
}, 120_000);
afterAll(() => t.drop());

/** Every text, JSON and array column of every table holding anything shaped like a phone or an ID number. */
async function clearValues(): Promise<string[]> {
  const db = t.services.deps.db;
  const columns = await db.$queryRawUnsafe<Array<{ table_name: string; column_name: string }>>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'tsvector')`,
  );
  const found: string[] = [];
  for (const c of columns) {
    const rows = await db.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM "${c.table_name}" WHERE "${c.column_name}"::text ~ $1 OR "${c.column_name}"::text ~ $2`,
      PHONE,
      ID_NUMBER,
    );
    if (rows[0]!.n > 0) found.push(`${c.table_name}.${c.column_name} (${rows[0]!.n})`);
  }
  return found;
}

describe("no clear ID number or phone after the use cases that write them", () => {
  const added = { idNumber: uniqueIdNumber(), phone: "13977770001", newPhone: "13977770002" };
  const imported = [
    { idNumber: uniqueIdNumber(), phone: "13977770003" },
    { idNumber: uniqueIdNumber(), phone: "13977770004" },
  ];

  it("add, edit, import, log in, index for search: nothing in clear anywhere", async () => {
    const member = await t.services.members.add(actors.secretary, {
      name: "钱敏",
      idNumber: added.idNumber,
      phone: added.phone,
      status: "FULL",
      category: "ON_DUTY",
      joinedOn: new Date("2015-07-01"),
      fullMemberOn: new Date("2016-07-01"),
    });
    await t.services.members.update(actors.secretary, { memberId: member!.id, phone: added.newPhone });
    const file = await memberImportFile(
      imported.map((p, i) => [
        ["赵一", "赵二"][i]!,
        Number(p.idNumber[16]) % 2 ? "男" : "女",
        p.idNumber,
        p.phone,
        "正式党员",
        "在岗",
        "2015-07-01",
        "2016-07-01",
        "汉族",
        "大学",
        "东村",
      ]),
    );
    const result = await t.services.members.import(actors.secretary, { file });
    expect(result.ok ? result : result.errorRows).toEqual({ ok: true, imported: 2 });
    // logins: the right phone, a wrong password for a known phone, an unknown phone, an ID number typed by mistake
    await t.services.auth.login({
      identifier: region.phones.member,
      password: "Test@12345",
      ip: "127.0.0.1",
      userAgent: "vitest",
    });
    for (const identifier of [region.phones.member, "13977779999", added.idNumber, `+86${added.newPhone}`]) {
      expect(
        (
          await errorOf(
            t.services.auth.login({ identifier, password: "wrong-password", ip: "127.0.0.2", userAgent: "vitest" }),
          )
        ).messageKey,
      ).toBe("auth.wrongCredentials");
    }
    await t.services.search.reindex();

    expect(await clearValues()).toEqual([]);
    // the values are really there: the new phone reads back (audited) and logs nobody in by the old one
    expect((await t.services.members.reveal(actors.secretary, { memberId: member!.id, field: "phone" })).value).toBe(
      added.newPhone,
    );
  }, 120_000);

  it("search never finds a member by phone or ID number (full or in part)", async () => {
    for (const q of [
      added.newPhone,
      added.idNumber,
      imported[0]!.phone,
      imported[0]!.idNumber.slice(0, 14),
      "7770002",
    ]) {
      const result = await t.services.search.query(actors.county, { q });
      expect(
        result.hits.filter((h) => h.type === "member"),
        q,
      ).toEqual([]);
    }
    // while the name does find them
    const byName = await t.services.search.query(actors.county, { q: "钱敏" });
    expect(byName.hits.some((h) => h.type === "member")).toBe(true);
  });
});
