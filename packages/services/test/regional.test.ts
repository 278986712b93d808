// 区域化党建, the three lists end to end against PostgreSQL: posting with bad input writes
// nothing, two committees claiming one need at once (one wins, the other is told who), a project's
// joint activity planned through the meeting use case and held (the tie strengthens), closing only
// with a held activity, the holder's evaluation, region-wide search visibility, matching, and the
// open-needs weak spot (R1) firing after 30 days and resolving once the need is claimed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t as text } from "@dangjian/core";
import type { Actor } from "../src/index.ts";
import {
  branchWithSecretary,
  createMember,
  createOrg,
  errorOf,
  loginActor,
  regionDatabase,
  type Region,
  type TestDatabase,
} from "./support/index.ts";

let t: TestDatabase;
let region: Region;
const actors: Record<string, Actor> = {};
const ids: Record<string, string> = {};
const db = () => t.services.deps.db;
const DAY = 86_400_000;
let now = new Date("2026-12-05T02:00:00Z");
const inDays = (n: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + n * DAY);

const needInput = (orgId: string, over: Record<string, unknown> = {}) => ({
  orgId,
  title: "村卫生室义诊",
  description: "为 60 岁以上老人量血压、测血糖，讲解慢病用药",
  category: "MEDICAL" as const,
  place: "东村卫生室",
  wantedFrom: inDays(10),
  people: 4,
  ...over,
});

beforeAll(async () => {
  ({ t, region } = await regionDatabase(now));
  // a hospital branch in the other township and a school branch in a third one, each with a secretary
  ids.hospital = await branchWithSecretary(
    db(),
    { name: "西镇卫生院党支部", parentId: region.town2 },
    { name: "孙医生", phone: "13900000011" },
  );
  ids.school = await branchWithSecretary(
    db(),
    { name: "测试县中学党支部", parentId: region.county },
    { name: "钱老师", phone: "13900000012" },
  );
  await createMember(db(), { name: "护士小刘", branchId: ids.hospital });
  // another region altogether
  const otherCity = await createOrg(db(), { name: "邻市市委", kind: "COMMITTEE", level: "CITY" });
  ids.foreign = await branchWithSecretary(
    db(),
    { name: "邻市医院党支部", parentId: otherCity },
    { name: "外市书记", phone: "13900000013" },
  );
  actors.village = await loginActor(t, region.phones.secretary);
  actors.hospital = await loginActor(t, "13900000011");
  actors.school = await loginActor(t, "13900000012");
  actors.foreign = await loginActor(t, "13900000013");
  actors.town1 = await loginActor(t, region.phones.town1);
  actors.member = await loginActor(t, region.phones.member);
}, 120_000);
afterAll(() => t.drop());

describe("needs and resources: bad input writes nothing", () => {
  it("refuses a need without a date or a place, with the reason in Chinese", async () => {
    const noDate = await errorOf(
      t.services.regional.postNeed(actors.village!, needInput(region.branchA, { wantedFrom: null })),
    );
    expect(noDate.code).toBe("BAD_INPUT");
    expect(text(noDate.messageKey)).toBe("请填写希望开始的日期。");
    const noPlace = await errorOf(
      t.services.regional.postNeed(actors.village!, needInput(region.branchA, { place: "  " })),
    );
    expect(text(noPlace.messageKey)).toBe("请填写地点：在哪里开展。");
    const past = await errorOf(
      t.services.regional.postNeed(actors.village!, needInput(region.branchA, { wantedFrom: inDays(-3) })),
    );
    expect(past.messageKey).toBe("regional.error.dateInPast");
    expect(await db().need.count()).toBe(0);
  });

  it("refuses a resource offered for a unit the poster does not lead", async () => {
    const error = await errorOf(
      t.services.regional.postResource(actors.village!, {
        orgId: ids.hospital!,
        title: "义诊医生",
        description: "内科医生两名",
        category: "MEDICAL",
        kind: "PEOPLE",
      }),
    );
    expect(error.code).toBe("FORBIDDEN");
    expect(text(error.messageKey, error.params)).toContain("西镇卫生院党支部");
    // a plain member may not post at all, and nothing was written
    await errorOf(t.services.regional.postNeed(actors.member!, needInput(region.branchA)));
    expect(await db().resource.count()).toBe(0);
    expect(await db().need.count()).toBe(0);
  });
});

describe("a need claimed, planned, held, closed and evaluated", () => {
  it("posts a need and a resource, indexed for the whole region only", async () => {
    ids.need = (await t.services.regional.postNeed(actors.village!, needInput(region.branchA))).id;
    ids.resource = (
      await t.services.regional.postResource(actors.hospital!, {
        orgId: ids.hospital!,
        title: "卫生院义诊队",
        description: "内科、中医各一名医生",
        category: "MEDICAL",
        kind: "PEOPLE",
        limits: "每月最多两次",
        capacity: 3,
      })
    ).id;
    await t.services.regional.postResource(actors.school!, {
      orgId: ids.school!,
      title: "法律讲座",
      description: "政治老师普法",
      category: "LEGAL",
      kind: "SKILL",
    });
    const found = await t.services.search.query(actors.hospital!, { q: "义诊" });
    expect(found.hits.map((h) => h.id)).toContain(ids.need);
    const foreign = await t.services.search.query(actors.foreign!, { q: "义诊" });
    expect(foreign.hits.map((h) => h.id)).not.toContain(ids.need);
    expect(foreign.hits.map((h) => h.id)).not.toContain(ids.resource);
    // the foreign region's officer cannot open it either
    expect((await errorOf(t.services.regional.need(actors.foreign!, { needId: ids.need! }))).code).toBe("FORBIDDEN");
  });

  it("suggests same-category resources, nearest first, never the holder's own", async () => {
    const view = await t.services.regional.need(actors.village!, { needId: ids.need! });
    expect(view.suggestions.resources.map((r) => r.id)).toEqual([ids.resource]);
    expect(view.suggestions.resources[0]!.reasons).toContain("sameCounty");
    expect(view.claimAs).toEqual([]);
    const asHospital = await t.services.regional.need(actors.hospital!, { needId: ids.need! });
    expect(asHospital.claimAs.map((o) => o.id)).toEqual([ids.hospital]);
  });

  it("refuses claims for another organisation or from outside the region", async () => {
    const forOther = await errorOf(
      t.services.regional.claim(actors.hospital!, { needId: ids.need!, orgId: ids.school! }),
    );
    expect(forOther.code).toBe("FORBIDDEN");
    const foreign = await errorOf(
      t.services.regional.claim(actors.foreign!, { needId: ids.need!, orgId: ids.foreign! }),
    );
    expect(foreign.code).toBe("FORBIDDEN");
    expect(foreign.messageKey).toBe("regional.error.outsideRegion");
    const own = await errorOf(t.services.regional.claim(actors.village!, { needId: ids.need!, orgId: region.branchA }));
    expect(own.messageKey).toBe("regional.error.ownNeed");
    expect(await db().project.count()).toBe(0);
  });

  it("two committees claim at once: one wins, the other is told who did", async () => {
    const results = await Promise.allSettled([
      t.services.regional.claim(actors.hospital!, { needId: ids.need!, orgId: ids.hospital! }),
      t.services.regional.claim(actors.school!, { needId: ids.need!, orgId: ids.school! }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winnerIsHospital = results[0]!.status === "fulfilled";
    const error = lost[0]!.reason as {
      code: string;
      messageKey: Parameters<typeof text>[0];
      params: Record<string, string>;
    };
    expect(error.code).toBe("CONFLICT");
    expect(text(error.messageKey, error.params)).toBe(
      `这项需求刚刚已被“${winnerIsHospital ? "西镇卫生院党支部" : "测试县中学党支部"}”认领，不能重复认领。`,
    );
    expect(await db().project.count()).toBe(1);
    const project = await db().project.findFirstOrThrow();
    ids.project = project.id;
    ids.provider = project.providerOrgId;
    actors.provider = winnerIsHospital ? actors.hospital! : actors.school!;
    expect(project.status).toBe("ACTIVE");
    expect((await db().need.findUniqueOrThrow({ where: { id: ids.need! } })).status).toBe("CLAIMED");
    // the claim made the two organisations partners, and the need left the search index
    const [a, b] = [region.branchA, project.providerOrgId].sort();
    expect(
      (await db().orgLink.findUniqueOrThrow({ where: { orgAId_orgBId: { orgAId: a!, orgBId: b! } } })).status,
    ).toBe("ACTIVE");
    expect((await t.services.search.query(actors.hospital!, { q: "义诊" })).hits.map((h) => h.id)).not.toContain(
      ids.need,
    );
  });

  it("refuses to close a project without a held activity, and changes nothing", async () => {
    const error = await errorOf(
      t.services.regional.close(actors.village!, { projectId: ids.project!, result: "完成" }),
    );
    expect(error.code).toBe("BAD_INPUT");
    expect(text(error.messageKey)).toContain("不能结项");
    expect((await db().project.findUniqueOrThrow({ where: { id: ids.project! } })).status).toBe("ACTIVE");
  });

  it("plans the joint activity through the meeting use case; held, it strengthens the tie", async () => {
    const start = new Date(now.getTime() + 2 * DAY);
    const { meetingId } = await t.services.regional.planActivity(actors.village!, {
      projectId: ids.project!,
      hostOrgId: region.branchA,
      topic: "联合义诊",
      plannedStart: start,
      plannedEnd: new Date(start.getTime() + 3 * 3_600_000),
      place: "东村卫生室",
    });
    const meeting = await db().meeting.findUniqueOrThrow({
      where: { id: meetingId },
      include: { orgs: true, attendances: { include: { member: { select: { branchId: true } } } } },
    });
    expect(meeting.type).toBe("JOINT_ACTIVITY");
    expect(meeting.projectId).toBe(ids.project);
    expect(meeting.orgs.find((o) => o.orgId === ids.provider)?.confirmedAt).not.toBeNull();
    // members of both sides are expected (and so may check in)
    expect(new Set(meeting.attendances.map((a) => a.member.branchId))).toEqual(new Set([region.branchA, ids.provider]));
    // a host that is not a side of the project is refused
    const stranger = await errorOf(
      t.services.regional.planActivity(actors.village!, {
        projectId: ids.project!,
        hostOrgId: region.branchB,
        topic: "x",
        plannedStart: start,
        plannedEnd: new Date(start.getTime() + 3_600_000),
      }),
    );
    expect(stranger.messageKey).toBe("regional.error.hostNotParty");

    now = new Date(start.getTime() + 4 * 3_600_000);
    t.setNow(now);
    await t.services.orglife.record(actors.village!, { meetingId, minutes: "为 32 名老人义诊" });
    const [a, b] = [region.branchA, ids.provider!].sort();
    const link = await db().orgLink.findUniqueOrThrow({ where: { orgAId_orgBId: { orgAId: a!, orgBId: b! } } });
    expect(link.strength).toBeGreaterThan(0.9);
  });

  it("closes with the result; only the holder evaluates, once", async () => {
    await t.services.regional.close(actors.provider!, {
      projectId: ids.project!,
      result: "义诊 32 人，发现高血压 5 人并建档",
    });
    expect((await db().need.findUniqueOrThrow({ where: { id: ids.need! } })).status).toBe("DONE");
    const notHolder = await errorOf(
      t.services.regional.evaluate(actors.provider!, { projectId: ids.project!, rating: "SATISFIED" }),
    );
    expect(notHolder.messageKey).toBe("regional.error.notHolder");
    await t.services.regional.evaluate(actors.village!, {
      projectId: ids.project!,
      rating: "SATISFIED",
      comment: "医生耐心细致",
    });
    const again = await errorOf(
      t.services.regional.evaluate(actors.village!, { projectId: ids.project!, rating: "DISSATISFIED" }),
    );
    expect(again.messageKey).toBe("regional.error.alreadyRated");
    const view = await t.services.regional.project(actors.village!, { projectId: ids.project! });
    expect(view).toMatchObject({ status: "CLOSED", rating: "SATISFIED", ratingComment: "医生耐心细致" });
    expect(view.activities).toHaveLength(1);
  });
});

describe("点单 → 接单", () => {
  it("orders a resource; only its unit accepts; a second order waits for the first", async () => {
    const { projectId } = await t.services.regional.order(actors.village!, {
      resourceId: ids.resource!,
      orgId: region.branchA,
    });
    const twice = await errorOf(
      t.services.regional.order(actors.village!, { resourceId: ids.resource!, orgId: region.branchA }),
    );
    expect(twice.messageKey).toBe("regional.error.orderPending");
    const notProvider = await errorOf(t.services.regional.decide(actors.village!, { projectId, accept: true }));
    expect(notProvider.messageKey).toBe("regional.error.notProvider");
    expect((await t.services.regional.decide(actors.hospital!, { projectId, accept: true })).status).toBe("ACTIVE");
    expect((await errorOf(t.services.regional.decide(actors.hospital!, { projectId, accept: false }))).messageKey).toBe(
      "regional.error.notRequested",
    );
  });
});

describe("R1: open needs nobody claimed for 30 days", () => {
  it("fires on the township after 30 days and resolves once the need is claimed", async () => {
    const { id } = await t.services.regional.postNeed(
      actors.village!,
      needInput(region.branchA, { title: "法律咨询进村", category: "LEGAL", wantedFrom: inDays(40) }),
    );
    await t.services.outbox.drain(100);
    t.setNow(new Date(now.getTime() + 10 * DAY));
    await t.services.warnings.evaluateAll();
    expect(await db().warning.count({ where: { ruleId: "R1", state: "FIRING" } })).toBe(0);
    now = new Date(now.getTime() + 31 * DAY);
    t.setNow(now);
    await t.services.warnings.evaluateAll();
    const fired = await db().warning.findFirstOrThrow({ where: { ruleId: "R1" } });
    expect(fired).toMatchObject({ state: "FIRING", severity: "WARNING", subjectType: "AREA", subjectId: region.town1 });
    expect(fired.params).toMatchObject({ count: 1, days: 31 });
    const list = await t.services.warnings.list(actors.town1!, {});
    const item = list.items.find((w) => w.ruleId === "R1")!;
    expect(item.message).toBe("本片区有 1 项需求发布后超过 30 天无人认领，最久的已等待 31 天");
    expect(item.grouped).toBeNull();
    // claimed: the outbox's incremental pass resolves it
    await t.services.regional.claim(actors.school!, { needId: id, orgId: ids.school! });
    await t.services.outbox.drain(100);
    expect((await db().warning.findFirstOrThrow({ where: { ruleId: "R1" } })).state).toBe("RESOLVED");
  });
});
