// Search through the API: the scope comes from the session, never from the input; bad input is a
// clear zh-CN message or a sensible answer, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TRPCError } from "@trpc/server";
import { regionDatabase, type Region, type TestDatabase } from "@dangjian/services/testing";
import { signedInCaller } from "./callers.ts";

let t: TestDatabase;
let region: Region;

const callerFor = (phone: string | null) => signedInCaller(t, phone);

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
  const db = t.services.deps.db;
  const at = new Date("2026-04-11T01:00:00Z");
  for (const [orgId, topic] of [
    [region.branchA, "东村春季主题党日"],
    [region.branchB, "西村春季主题党日"],
  ] as const) {
    await db.meeting.create({
      data: {
        orgId,
        type: "THEME_DAY",
        status: "HELD",
        topic,
        minutes: "植树护林，义务劳动。",
        plannedStart: at,
        plannedEnd: at,
        heldStart: at,
        heldEnd: at,
      },
    });
  }
  await t.services.search.reindex();
});
afterAll(() => t.drop());

describe("search.query", () => {
  it("refuses anonymous callers", async () => {
    const error = await (await callerFor(null)).search.query({ q: "党" }).then(
      () => null,
      (e: TRPCError) => e,
    );
    expect(error?.code).toBe("UNAUTHORIZED");
  });

  it("a member of branch A finds A's theme day and nothing of branch B", async () => {
    const member = await callerFor(region.phones.member);
    const result = await member.search.query({ q: "植树护林" });
    expect(result.hits.map((h) => h.title.map((p) => p.text).join(""))).toEqual(["东村春季主题党日"]);
    for (const q of ["西村", "xc", "西村春季主题党日", "主题党日"]) {
      const found = await member.search.query({ q });
      expect(
        found.hits.map((h) => h.orgId),
        q,
      ).not.toContain(region.branchB);
      expect(
        found.facets.org.map((f) => f.value),
        q,
      ).not.toContain(region.branchB);
    }
    // asking for B explicitly changes nothing: the scope is not an input
    expect((await member.search.query({ q: "主题党日", orgId: region.branchB })).total).toBe(0);
  });

  it("the county finds both", async () => {
    const county = await callerFor(region.phones.county);
    const result = await county.search.query({ q: "植树护林" });
    expect(result.total).toBe(2);
  });

  it("bad input: clear zh-CN messages for what cannot be answered, never a 500", async () => {
    const member = await callerFor(region.phones.member);
    const tooLong = await member.search.query({ q: "党".repeat(10_000) }).then(
      () => null,
      (e: TRPCError) => e,
    );
    expect(tooLong?.code).toBe("BAD_REQUEST");
    expect(tooLong?.message).toMatch(/搜索词太长/);
    const badType = await member.search.query({ q: "党", types: ["secret" as never] }).then(
      () => null,
      (e: TRPCError) => e,
    );
    expect(badType?.code).toBe("BAD_REQUEST");
    expect(badType?.message).toMatch(/[\u4e00-\u9fff]/);
    for (const q of [
      "",
      "党",
      '\'; DROP TABLE "SearchDocument"; --',
      "type = org OR acl EXISTS",
      "😀",
      "\uD83D",
      "\uDE00党",
    ]) {
      const result = await member.search.query({ q, page: 10_000 });
      expect(result.hits).toEqual([]);
      const first = await member.search.query({ q });
      expect(first.hits.map((h) => h.orgId)).not.toContain(region.branchB);
    }
  });
});
