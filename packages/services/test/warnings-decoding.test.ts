// The full pass's hand-written decoders (ADR 1067) read exactly what the plain ones read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "@dangjian/seed";
import { layFacts, loadMembers, loadOrgs } from "../src/warnings/signals.ts";
import { createMember, createRegion, createTestDatabase, type TestDatabase } from "./support/index.ts";

const FIELDS = ["assembly", "committee", "lecture", "theme", "expected", "present", "on_leave"] as const;
type Laid = Record<(typeof FIELDS)[number], number[]>;
const empty = (n: number): Laid => Object.fromEntries(FIELDS.map((f) => [f, new Array<number>(n).fill(0)])) as Laid;

/** the decoding as written before ADR 1067: split, Number, laid out on the window */
function reference(facts: string, first: number, n: number): Laid {
  const raw = empty(n);
  for (const fact of facts.split(";")) {
    const values = fact.split(",").map(Number);
    const i = values[0]! - first;
    if (i < 0 || i >= n) continue;
    FIELDS.forEach((f, k) => (raw[f][i] = values[k + 1]!));
  }
  return raw;
}

/** deterministic cases without a property-testing library */
const rng = mulberry32;

describe("an organisation's facts text", () => {
  const first = 2025 * 12 + 11;
  const random = rng(14_05);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const check = (text: string) => {
    const window = Array.from({ length: 7 }, () => new Array<number>(13).fill(0));
    layFacts(text, first, window);
    expect(Object.fromEntries(FIELDS.map((f, k) => [f, window[k]]))).toEqual(reference(text, first, 13));
  };
  it("is laid out on the window as split and Number lay it out", () => {
    for (let run = 0; run < 2000; run++) {
      const facts = Array.from({ length: int(1, 16) }, () =>
        [int(first - 3, first + 15), ...Array.from({ length: 7 }, () => int(0, int(0, 1) ? 3 : 100_000))].join(","),
      );
      check(facts.join(";"));
    }
  });
  it("odd fields (negative, empty, not a number, too few or many) read as Number reads them", () => {
    const odd = ["-3", "", "x", "1.5", "007", "-", "1-2", "99999999999999999", " 4", "1e3", "--1"];
    for (let run = 0; run < 2000; run++) {
      const facts = Array.from({ length: int(1, 6) }, () =>
        [
          String(int(first, first + 12)),
          ...Array.from({ length: int(0, 9) }, () =>
            int(0, 2) === 0 ? odd[int(0, odd.length - 1)]! : String(int(0, 50)),
          ),
        ].join(","),
      );
      check(facts.join(";"));
    }
  });
});

describe("a member's instants, read as epoch milliseconds (ADR 1067)", () => {
  let t: TestDatabase;
  let branch: string;
  const members: Record<string, string> = {};
  const now = new Date("2026-12-02T08:00:00Z");
  beforeAll(async () => {
    t = await createTestDatabase();
    const db = t.services.deps.db;
    branch = (await createRegion(db)).branchA;
    // listed (judged one by one) because in arrears: the last paid month is August
    members.paid = await createMember(db, { name: "甲", branchId: branch, joinedOn: new Date("1965-03-02T00:00:00Z") });
    members.never = await createMember(db, {
      name: "乙",
      branchId: branch,
      joinedOn: new Date("2026-10-31T00:00:00Z"),
    });
    members.studied = await createMember(db, {
      name: "丙",
      branchId: branch,
      joinedOn: new Date("1999-12-31T00:00:00Z"),
    });
    members.old = await createMember(db, { name: "丁", branchId: branch, joinedOn: new Date("1961-07-01T00:00:00Z") });
    // before 1970: a negative instant with milliseconds
    await db.$executeRawUnsafe(
      `INSERT INTO "MemberActivity" ("memberId", "lastPaidMonth", "lastPresentAt") VALUES ($1::uuid, '1969-12-01', '1969-12-31 23:59:59.999')
       ON CONFLICT ("memberId") DO UPDATE SET "lastPaidMonth" = EXCLUDED."lastPaidMonth", "lastPaidAt" = NULL, "lastPresentAt" = EXCLUDED."lastPresentAt"`,
      members.old,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "MemberActivity" ("memberId", "lastPaidMonth", "lastPaidAt", "lastPresentAt")
       VALUES ($1::uuid, '2026-08-01', '2026-09-15 10:20:30.123', '2026-01-01 00:00:00')
       ON CONFLICT ("memberId") DO UPDATE SET "lastPaidMonth" = EXCLUDED."lastPaidMonth", "lastPaidAt" = EXCLUDED."lastPaidAt", "lastPresentAt" = EXCLUDED."lastPresentAt"`,
      members.paid,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "MemberActivity" ("memberId", "lastPaidMonth") VALUES ($1::uuid, '2026-06-01')
       ON CONFLICT ("memberId") DO UPDATE SET "lastPaidMonth" = EXCLUDED."lastPaidMonth", "lastPaidAt" = NULL, "lastPresentAt" = NULL`,
      members.never,
    );
    // a study credit is a date: the latest activity is its midnight
    await db.$executeRawUnsafe(
      `INSERT INTO "MemberActivity" ("memberId", "lastPaidMonth", "lastPaidAt") VALUES ($1::uuid, '2026-07-01', '2026-07-03 09:00:00')
       ON CONFLICT ("memberId") DO UPDATE SET "lastPaidMonth" = EXCLUDED."lastPaidMonth", "lastPaidAt" = EXCLUDED."lastPaidAt", "lastPresentAt" = NULL`,
      members.studied,
    );
    await db.studyCredit.create({
      data: {
        memberId: members.studied!,
        year: 2026,
        seconds: 600,
        source: "LESSON",
        creditedOn: new Date("2026-08-20T00:00:00Z"),
      },
    });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("an organisation's last meeting, to the millisecond, and its ancestors, streamed as texts (ADR 1072)", async () => {
    const db = t.services.deps.db;
    await db.$executeRawUnsafe(
      `INSERT INTO "Meeting" (id, "orgId", type, topic, "plannedStart", "plannedEnd", status, "heldStart", "updatedAt")
       VALUES (gen_random_uuid(), $1::uuid, 'BRANCH_ASSEMBLY', '测试', '2026-09-15 10:00', '2026-09-15 11:00', 'HELD', '2026-09-15 10:20:30.123', now())`,
      branch,
    );
    for (const scope of [[branch], null]) {
      const orgs = await db.$transaction((tx) => loadOrgs(tx, scope, now));
      const org = orgs.find((o) => o.id === branch)!;
      const [stored] = await db.$queryRawUnsafe<Array<{ ancestors: string[] }>>(
        `SELECT "ancestorIds"::text[] AS ancestors FROM "Org" WHERE id = $1::uuid`,
        branch,
      );
      expect(org.ancestorIds).toEqual(stored!.ancestors);
      expect(org.ancestorIds.length).toBeGreaterThan(1);
      expect(org.raw.last_meeting).toEqual(new Date("2026-09-15T10:20:30.123Z"));
      expect(org.raw.last_payment).toBeNull();
    }
  });

  it("are the stored instants to the millisecond, in the keyed and the whole-table statement", async () => {
    for (const scope of [[branch], null]) {
      const read = await t.services.deps.db.$transaction((tx) => loadMembers(tx, scope, now));
      const listed = new Map(read.get(branch)!.members.map((m) => [m.memberId, m]));
      expect(listed.get(members.paid!)).toMatchObject({
        lastActivityAt: new Date("2026-09-15T10:20:30.123Z"),
        joinedOn: new Date("1965-03-02T00:00:00Z"),
        unpaidMonths: 3,
      });
      expect(listed.get(members.never!)).toMatchObject({
        lastActivityAt: null,
        joinedOn: new Date("2026-10-31T00:00:00Z"),
      });
      expect(listed.get(members.old!)).toMatchObject({
        lastActivityAt: new Date("1969-12-31T23:59:59.999Z"),
        joinedOn: new Date("1961-07-01T00:00:00Z"),
      });
      expect(listed.get(members.studied!)).toMatchObject({
        lastActivityAt: new Date("2026-08-20T00:00:00Z"),
        joinedOn: new Date("1999-12-31T00:00:00Z"),
      });
    }
  });
});
