// Issue 13 defect 4, through the API: subtree lists are paged with a maximum page size,
// committees get counts and drill down instead of dumps, phones are shown masked, and ids from
// another organisation answer nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAGE_MAX, PAGE_SIZE_MAX } from "@dangjian/core";
import { createMember, regionDatabase, type Region, type TestDatabase } from "@dangjian/services/testing";
import type { AppCaller } from "../src/index.ts";
import { codeOf, signedInCaller } from "./callers.ts";

let t: TestDatabase;
let region: Region;
const callers: Record<string, AppCaller> = {};
const EXTRA = PAGE_SIZE_MAX + 30;

const callerFor = (phone: string) => signedInCaller(t, phone, { ip: null, userAgent: null });

beforeAll(async () => {
  ({ t, region } = await regionDatabase(new Date("2026-12-02T08:00:00Z")));
  // a branch larger than the largest page, every member with a phone; some declared and owing dues
  for (let i = 0; i < EXTRA; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, EXTRA - i) }, (_, k) =>
        createMember(t.services.deps.db, {
          name: `分页党员${String(i + k).padStart(3, "0")}`,
          branchId: region.branchA,
          joinedOn: new Date("2015-07-01T00:00:00Z"),
          phone: `1370000${String(i + k).padStart(4, "0")}`,
        }),
      ),
    );
  }
  const ids = await t.services.deps.db.member.findMany({
    where: { name: { startsWith: "分页党员" } },
    select: { id: true },
  });
  await t.services.deps.db.duesDeclaration.createMany({
    data: ids.map((m) => ({
      memberId: m.id,
      effectiveFrom: new Date("2026-01-01T00:00:00Z"),
      category: "SALARIED" as const,
      monthlyIncomeFen: 300_000,
      monthlyDuesFen: 1500,
    })),
  });
  for (const [who, phone] of Object.entries(region.phones)) callers[who] = await callerFor(phone);
}, 180_000);
afterAll(() => t.drop());

describe("members.list", () => {
  it("pages a branch: every member exactly once, at most the maximum per page, total counted", async () => {
    const seen = new Set<string>();
    const first = await callers.secretary!.members.list({ pageSize: PAGE_SIZE_MAX });
    expect(first.members).toHaveLength(PAGE_SIZE_MAX);
    expect(first.total).toBe(EXTRA + 3);
    expect(first.page).toMatchObject({ page: 1, pageSize: PAGE_SIZE_MAX, pages: 2 });
    for (const m of first.members) seen.add(m.id);
    const second = await callers.secretary!.members.list({ pageSize: PAGE_SIZE_MAX, page: 2 });
    expect(second.members).toHaveLength(EXTRA + 3 - PAGE_SIZE_MAX);
    for (const m of second.members) seen.add(m.id);
    expect(seen.size).toBe(EXTRA + 3);
    // the default page is smaller than the maximum
    expect((await callers.secretary!.members.list({})).members.length).toBeLessThanOrEqual(PAGE_SIZE_MAX);
  });

  it("shows phones and ID numbers masked, never in full", async () => {
    const page = await callers.secretary!.members.list({ pageSize: PAGE_SIZE_MAX });
    const withPhone = page.members.filter((m) => m.phoneMasked);
    expect(withPhone.length).toBeGreaterThan(PAGE_SIZE_MAX / 2);
    for (const m of withPhone) expect(m.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
    const text = JSON.stringify(page);
    for (let i = 0; i < EXTRA; i++) expect(text.includes(`1370000${String(i).padStart(4, "0")}`)).toBe(false);
    expect(text).not.toContain(region.phones.member);
  });

  it("refuses huge or absurd pages at the edge, and the same many times at once", async () => {
    for (const input of [
      { pageSize: PAGE_SIZE_MAX + 1 },
      { pageSize: 1e9 },
      { pageSize: 0 },
      { page: 0 },
      { page: PAGE_MAX + 1 },
      { page: 1.5 },
    ]) {
      expect(await codeOf(callers.secretary!.members.list(input)), JSON.stringify(input)).toBe("BAD_REQUEST");
      expect(await codeOf(callers.secretary!.dues.ledger(input)), JSON.stringify(input)).toBe("BAD_REQUEST");
      expect(await codeOf(callers.secretary!.dues.arrears(input)), JSON.stringify(input)).toBe("BAD_REQUEST");
    }
    // concurrent maximum pages: each answer is bounded
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        callers.secretary!.members.list({ pageSize: PAGE_SIZE_MAX, page: (i % 3) + 1 }),
      ),
    );
    for (const a of answers) expect(a.members.length).toBeLessThanOrEqual(PAGE_SIZE_MAX);
    expect(answers[2]!.members).toHaveLength(0);
  });

  it("a committee gets the organisations below with counts, not people; drilling down lists them", async () => {
    const county = await callers.county!.members.list({ orgId: region.county });
    expect(county.org.isCommittee).toBe(true);
    expect(county.members).toEqual([]);
    expect(county.children.map((c) => [c.name, c.members])).toEqual([
      ["东镇党委", EXTRA + 3 + 1],
      ["西镇党委", 1],
    ]);
    expect(county.total).toBe(EXTRA + 3 + 1 + 1 + 1);
    const town = await callers.county!.members.list({ orgId: region.town1 });
    expect(town.children).toEqual([{ id: region.branchA, name: "东村党支部", kind: "BRANCH", members: EXTRA + 3 }]);
    const branch = await callers.county!.members.list({ orgId: region.branchA, pageSize: 10 });
    expect(branch.members).toHaveLength(10);
  });

  it("ids from another organisation answer nothing", async () => {
    expect(await codeOf(callers.secretary!.members.list({ orgId: region.branchB }))).toBe("FORBIDDEN");
    expect(await codeOf(callers.secretary!.members.list({ orgId: region.county }))).toBe("FORBIDDEN");
    const other = await callers.secretary!.members.list({ memberId: region.members.dave });
    expect(other.members).toEqual([]);
    const own = await callers.secretary!.members.list({ memberId: region.members.alice });
    expect(own.members.map((m) => m.name)).toEqual(["李红"]);
    expect(await codeOf(callers.memberB!.members.list({ orgId: region.branchA }))).toBe("FORBIDDEN");
  });
});

describe("dues.ledger and dues.arrears", () => {
  it("the ledger is paged; its totals cover the whole branch", async () => {
    const page = await callers.secretary!.dues.ledger({ pageSize: 20, month: "2026-12" });
    expect(page.rows).toHaveLength(20);
    expect(page.totals.members).toBe(EXTRA + 3);
    expect(page.totals.dueFen).toBe(EXTRA * 1500);
    const one = await callers.secretary!.dues.ledger({ memberId: region.members.alice });
    expect(one.rows.map((r) => r.name)).toEqual(["李红"]);
    expect((await callers.secretary!.dues.ledger({ memberId: region.members.dave })).rows).toEqual([]);
    // a committee: totals and the organisations below, no rows
    const county = await callers.county!.dues.ledger({ orgId: region.county, month: "2026-12" });
    expect(county.rows).toEqual([]);
    expect(county.totals.dueFen).toBe(EXTRA * 1500);
    expect(county.children.length).toBe(2);
  });

  it("arrears are counted in the database and paged; a committee sees one line per branch", async () => {
    const all = await callers.secretary!.dues.arrears({ pageSize: PAGE_SIZE_MAX });
    // declared from January, nothing paid: January–November owed
    expect(all.count).toBe(EXTRA);
    expect(all.members).toHaveLength(PAGE_SIZE_MAX);
    expect(all.members[0]).toMatchObject({ unpaidMonths: 11, since: "2026-01" });
    expect(all.page.pages).toBe(2);
    const rest = await callers.secretary!.dues.arrears({ pageSize: PAGE_SIZE_MAX, page: 2 });
    expect(rest.members).toHaveLength(EXTRA - PAGE_SIZE_MAX);
    const county = await callers.county!.dues.arrears({ orgId: region.county });
    expect(county.members).toEqual([]);
    expect(county.branches).toEqual([
      { orgId: region.branchA, name: "东村党支部", members: EXTRA, longest: 11, sixPlus: EXTRA },
    ]);
    expect(await codeOf(callers.secretary!.dues.arrears({ orgId: region.branchB }))).toBe("FORBIDDEN");
  });

  it("the overview counts everyone but names at most a few in arrears", async () => {
    const overview = await callers.secretary!.branch.overview({});
    expect(overview.memberCount).toBe(EXTRA + 3);
    expect(overview.arrearsCount).toBeGreaterThanOrEqual(EXTRA);
    expect(overview.arrears.length).toBeLessThanOrEqual(20);
  });
});
