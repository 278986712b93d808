// Search through the services: documents written in the facts' transaction, the actor's scope as
// the filter, Simplified/Traditional/pinyin, and bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/index.ts";
import { createMember, loginActor, regionDatabase, type Region, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let member: Actor, secretary: Actor, county: Actor, memberB: Actor, town1: Actor;
const now = new Date("2026-05-20T08:00:00Z");

const titles = (r: { hits: Array<{ title: Array<{ text: string }> }> }) =>
  r.hits.map((h) => h.title.map((p) => p.text).join(""));

beforeAll(async () => {
  ({ t, region } = await regionDatabase(now));
  const db = t.services.deps.db;
  await createMember(db, { name: "单丽", branchId: region.branchA });
  await createMember(db, { name: "曾志", branchId: region.branchB });
  await db.course.create({
    data: {
      title: "網上黨校入门：怎样学好一门课",
      category: "理论学习",
      summary: "介绍网上党校的学习方法。",
      published: true,
    },
  });
  await db.course.create({
    data: { title: "区域化党建实务", category: "党建业务", summary: "联建共建。", published: true },
  });
  await db.course.create({
    data: { title: "东村内部培训", category: "党建业务", published: true, audienceOrgId: region.branchA },
  });
  await db.course.create({ data: { title: "未发布的课程", category: "党建业务", published: false } });
  await t.services.search.reindex();
  member = await loginActor(t, region.phones.member);
  secretary = await loginActor(t, region.phones.secretary);
  county = await loginActor(t, region.phones.county);
  memberB = await loginActor(t, region.phones.memberB);
  town1 = await loginActor(t, region.phones.town1);
});
afterAll(() => t.drop());

describe("search", () => {
  it("finds a course by Simplified, Traditional, pinyin and initials", async () => {
    for (const q of ["网上党校", "網上黨校", "wsdx", "wangshangdangxiao", "网上"]) {
      const result = await t.services.search.query(member, { q });
      expect(titles(result), q).toContain("網上黨校入门：怎样学好一门课");
      expect(result.hits[0]!.type).toBe("course");
    }
  });

  it("finds a word inside a longer phrase and marks it", async () => {
    const result = await t.services.search.query(member, { q: "党建" });
    expect(titles(result)).toContain("区域化党建实务");
    const hit = result.hits.find((h) => h.title.map((p) => p.text).join("") === "区域化党建实务")!;
    expect(hit.title.filter((p) => p.hit).map((p) => p.text)).toEqual(["党建"]);
  });

  it("a meeting's minutes are searchable as soon as the record is saved (same transaction)", async () => {
    const planned = await t.services.orglife.plan(secretary, {
      orgId: region.branchA,
      type: "THEME_DAY",
      topic: "春季主题党日：清理河道",
      plannedStart: new Date("2026-05-18T01:00:00Z"),
      plannedEnd: new Date("2026-05-18T03:00:00Z"),
    });
    await t.services.orglife.record(secretary, {
      meetingId: planned.id,
      minutes: "全体党员参加，清理河道垃圾三吨，走访独居老人五户。",
    });
    const bySecretary = await t.services.search.query(secretary, { q: "独居老人" });
    expect(bySecretary.hits.map((h) => h.id)).toContain(planned.id);
    expect(bySecretary.hits.find((h) => h.id === planned.id)!.snippet.some((p) => p.hit && p.text === "独居老人")).toBe(
      true,
    );
    expect((await t.services.search.query(member, { q: "独居老人" })).hits.map((h) => h.id)).toContain(planned.id);
    expect((await t.services.search.query(county, { q: "清理河道" })).hits.map((h) => h.id)).toContain(planned.id);
    // another branch's member finds none of it
    expect((await t.services.search.query(memberB, { q: "独居老人" })).total).toBe(0);
    expect((await t.services.search.query(memberB, { q: "春季主题党日" })).hits.map((h) => h.id)).not.toContain(
      planned.id,
    );
  });

  it("committee meeting minutes (ADR 0750): the branch committee finds them, members and committees above do not", async () => {
    const planned = await t.services.orglife.plan(secretary, {
      orgId: region.branchA,
      type: "COMMITTEE_MEETING",
      topic: "支委会研究发展对象",
      plannedStart: new Date("2026-05-19T01:00:00Z"),
      plannedEnd: new Date("2026-05-19T02:00:00Z"),
    });
    await t.services.orglife.record(secretary, {
      meetingId: planned.id,
      minutes: "讨论确定积极分子转为发展对象的人选，报镇党委预审。",
    });
    expect((await t.services.search.query(secretary, { q: "镇党委预审" })).hits.map((h) => h.id)).toContain(planned.id);
    expect((await t.services.search.query(member, { q: "镇党委预审" })).total).toBe(0);
    expect((await t.services.search.query(county, { q: "镇党委预审" })).total).toBe(0);
    expect((await t.services.search.query(town1, { q: "支委会研究发展对象" })).total).toBe(0);
  });

  it("a committee finds a branch by two characters of its name; a member of another branch does not", async () => {
    const result = await t.services.search.query(county, { q: "东村", types: ["org"] });
    expect(titles(result)).toEqual(["东村党支部"]);
    expect((await t.services.search.query(memberB, { q: "东村" })).total).toBe(0);
    expect((await t.services.search.query(town1, { q: "西村" })).total).toBe(0);
  });

  it("members' names: polyphonic surnames, and only for those who may see the member", async () => {
    expect(titles(await t.services.search.query(secretary, { q: "shanli" }))).toContain("单丽");
    expect(titles(await t.services.search.query(secretary, { q: "单丽" }))).toContain("单丽");
    expect(titles(await t.services.search.query(county, { q: "zengzhi" }))).toContain("曾志");
    expect((await t.services.search.query(member, { q: "单丽" })).total).toBe(0);
    expect((await t.services.search.query(secretary, { q: "曾志" })).total).toBe(0);
  });

  it("courses: audience and publication respected", async () => {
    expect(titles(await t.services.search.query(member, { q: "内部培训" }))).toContain("东村内部培训");
    expect((await t.services.search.query(memberB, { q: "内部培训" })).total).toBe(0);
    expect((await t.services.search.query(member, { q: "未发布" })).total).toBe(0);
  });

  it("facets by type, organisation and year; filters narrow", async () => {
    const all = await t.services.search.query(county, { q: "党" });
    expect(all.facets.type.length).toBeGreaterThan(1);
    const onlyOrgs = await t.services.search.query(county, { q: "党", types: ["org"] });
    expect(onlyOrgs.hits.every((h) => h.type === "org")).toBe(true);
    expect(onlyOrgs.facets.type.length).toBe(all.facets.type.length);
  });

  it("bad input gets a sensible answer and never leaks", async () => {
    const cases = [
      "",
      " ",
      "党",
      "x".repeat(200),
      '\'; DROP TABLE "SearchDocument"; --',
      'acl IN ["pub"] OR type = org',
      "党建 & | ! :* ( ) \\",
      "😀🎉",
      "\uD800网上\uDC00党校",
      "％＿\\%",
    ];
    for (const q of cases) {
      const result = await t.services.search.query(memberB, { q });
      for (const hit of result.hits) expect(["course", "org", "member", "meeting"]).toContain(hit.type);
      expect(result.hits.map((h) => h.title.map((p) => p.text).join(""))).not.toContain("东村党支部");
    }
    expect((await t.services.search.query(member, { q: "\uD800網上\uDC00黨校" })).total).toBeGreaterThan(0);
    const deep = await t.services.search.query(member, { q: "党", page: 10_000 });
    expect(deep.hits).toEqual([]);
    expect((await t.services.search.query(member, { q: "党建", page: 50 })).hits).toEqual([]);
  });
});
