// 双报到 and 流动党员 against PostgreSQL: a member reports to her community and appears in its list;
// the community records her service; the home branch sees only where and how much; committees
// see counts. A member goes out: registered by the home branch (twice refused), accepted only
// inside the region, checks in from the phone, checks in at the receiving branch's activity (seen
// at home), goes three months without contact (the lost-contact rule O5 fires), returns home.
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
const setNow = (d: Date) => {
  now = d;
  t.setNow(d);
};

beforeAll(async () => {
  ({ t, region } = await regionDatabase(now));
  ids.community = await branchWithSecretary(
    db(),
    { name: "西镇幸福社区党支部", parentId: region.town2 },
    { name: "社区书记", phone: "13900000021" },
  );
  await db().org.update({ where: { id: ids.community }, data: { sector: "COMMUNITY" } });
  ids.mobileBranch = await branchWithSecretary(
    db(),
    { name: "西镇流动党员党支部", parentId: region.town2 },
    { name: "流动支部书记", phone: "13900000022" },
  );
  ids.worker = await createMember(db(), {
    name: "外出务工党员",
    branchId: region.branchA,
    phone: "13900000023",
    joinedOn: new Date("2015-01-01T00:00:00Z"),
  });
  const otherCity = await createOrg(db(), { name: "邻市市委", kind: "COMMITTEE", level: "CITY" });
  ids.foreign = await createOrg(db(), {
    name: "邻市流动党员党支部",
    kind: "BRANCH",
    level: "BRANCH",
    parentId: otherCity,
  });
  ids.foreignCommunity = await createOrg(db(), {
    name: "邻市某社区党支部",
    kind: "BRANCH",
    level: "BRANCH",
    parentId: otherCity,
  });
  await db().org.update({ where: { id: ids.foreignCommunity }, data: { sector: "COMMUNITY" } });
  actors.member = await loginActor(t, region.phones.member);
  actors.secretary = await loginActor(t, region.phones.secretary);
  actors.community = await loginActor(t, "13900000021");
  actors.receiving = await loginActor(t, "13900000022");
  actors.worker = await loginActor(t, "13900000023");
  actors.county = await loginActor(t, region.phones.county);
}, 120_000);
afterAll(() => t.drop());

describe("双报到", () => {
  it("the member reports to her community and appears in its list; not to a non-community, nor outside the region", async () => {
    const options = await t.services.regional.communities(actors.member!);
    expect(options.map((o) => o.id)).toEqual([ids.community]);
    expect(
      (await errorOf(t.services.regional.report(actors.member!, { communityOrgId: region.branchB }))).messageKey,
    ).toBe("regional.error.notCommunity");
    expect(
      (await errorOf(t.services.regional.report(actors.member!, { communityOrgId: ids.foreignCommunity! }))).messageKey,
    ).toBe("regional.error.communityOutsideRegion");
    const { reportId } = await t.services.regional.report(actors.member!, { communityOrgId: ids.community! });
    ids.report = reportId;
    const again = await errorOf(t.services.regional.report(actors.member!, { communityOrgId: ids.community! }));
    expect(text(again.messageKey, again.params)).toBe("您已经向“西镇幸福社区党支部”报到了。");
    const roster = await t.services.regional.roster(actors.community!, { orgId: ids.community! });
    expect(roster.members).toMatchObject([{ name: "李红", homeBranch: "东村党支部", hoursThisYear: 0 }]);
    // the home branch's secretary cannot read the community's list
    expect((await errorOf(t.services.regional.roster(actors.secretary!, { orgId: ids.community! }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("the community records service; bad hours or dates are refused and write nothing", async () => {
    const today = new Date("2026-12-05T00:00:00Z");
    expect(
      (
        await errorOf(
          t.services.regional.recordService(actors.community!, {
            reportId: ids.report!,
            servedOn: today,
            hours: 0,
            description: "x",
          }),
        )
      ).messageKey,
    ).toBe("regional.error.serviceHours");
    expect(
      (
        await errorOf(
          t.services.regional.recordService(actors.community!, {
            reportId: ids.report!,
            servedOn: new Date(today.getTime() + DAY),
            hours: 2,
            description: "x",
          }),
        )
      ).messageKey,
    ).toBe("regional.error.serviceDate");
    expect(
      (
        await errorOf(
          t.services.regional.recordService(actors.secretary!, {
            reportId: ids.report!,
            servedOn: today,
            hours: 2,
            description: "x",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(await db().communityService.count()).toBe(0);
    await t.services.regional.recordService(actors.community!, {
      reportId: ids.report!,
      servedOn: today,
      hours: 2.5,
      description: "帮独居老人王奶奶买药、检查燃气",
    });
    expect((await t.services.regional.roster(actors.community!, { orgId: ids.community! })).members[0]).toMatchObject({
      servicesThisYear: 1,
      hoursThisYear: 2.5,
    });
  });

  it("the home branch sees where and how much, never what; committees see counts by community and employer", async () => {
    const summary = await t.services.regional.homeSummary(actors.secretary!, { orgId: region.branchA });
    expect(summary.members).toEqual([
      expect.objectContaining({ name: "李红", community: "西镇幸福社区党支部", services: 1, hours: 2.5 }),
    ]);
    expect(JSON.stringify(summary)).not.toContain("王奶奶");
    const counts = await t.services.regional.dualCounts(actors.county!, { orgId: region.county });
    expect(counts.byCommunity).toEqual([
      expect.objectContaining({ name: "西镇幸福社区党支部", members: 1, hours: 2.5 }),
    ]);
    expect(counts.byEmployer).toEqual([expect.objectContaining({ name: "东村党支部", members: 1 })]);
    // the member sees her own records
    expect((await t.services.regional.myReport(actors.member!)).current?.services[0]?.description).toContain("王奶奶");
  });
});

describe("流动党员", () => {
  it("is registered by the home branch only once, and never to a place outside the region", async () => {
    const outside = await errorOf(
      t.services.regional.mobileRegister(actors.secretary!, {
        memberId: ids.worker!,
        receivingOrgId: ids.foreign!,
        destination: "邻市工地",
        leftOn: new Date("2026-12-01T00:00:00Z"),
      }),
    );
    expect(outside.code).toBe("BAD_INPUT");
    expect(text(outside.messageKey, outside.params)).toContain("不在本市范围内");
    const notHome = await errorOf(
      t.services.regional.mobileRegister(actors.receiving!, {
        memberId: ids.worker!,
        receivingOrgId: ids.mobileBranch!,
        destination: "西镇工地",
        leftOn: new Date("2026-12-01T00:00:00Z"),
      }),
    );
    expect(notHome.code).toBe("FORBIDDEN");
    expect(await db().mobileRegistration.count()).toBe(0);
    const [first, second] = await Promise.allSettled([
      t.services.regional.mobileRegister(actors.secretary!, {
        memberId: ids.worker!,
        receivingOrgId: ids.mobileBranch!,
        destination: "西镇物流园",
        leftOn: new Date("2026-12-01T00:00:00Z"),
      }),
      t.services.regional.mobileRegister(actors.secretary!, {
        memberId: ids.worker!,
        receivingOrgId: ids.mobileBranch!,
        destination: "西镇物流园",
        leftOn: new Date("2026-12-01T00:00:00Z"),
      }),
    ]);
    const ok = [first, second].filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    const refused = [first, second].find((r): r is PromiseRejectedResult => r.status === "rejected")!.reason as {
      messageKey: string;
    };
    expect(refused.messageKey).toBe("regional.error.alreadyAway");
    ids.registration = (await db().mobileRegistration.findFirstOrThrow()).id;
  });

  it("is accepted by the receiving branch only; checks in from the phone, once a day", async () => {
    expect(
      (await errorOf(t.services.regional.mobileAccept(actors.secretary!, { registrationId: ids.registration! })))
        .messageKey,
    ).toBe("regional.error.notReceiving");
    await t.services.regional.mobileAccept(actors.receiving!, { registrationId: ids.registration! });
    const first = await t.services.regional.mobileCheckIn(actors.worker!);
    const again = await t.services.regional.mobileCheckIn(actors.worker!);
    expect(again).toMatchObject({ repeated: true, contactId: first.contactId });
    expect(
      (await db().memberActivity.findUniqueOrThrow({ where: { memberId: ids.worker! } })).lastContactAt?.getTime(),
    ).toBe(now.getTime());
    expect((await errorOf(t.services.regional.mobileCheckIn(actors.member!))).messageKey).toBe(
      "regional.error.notAway",
    );
  });

  it("checks in at the receiving branch's activity; the home branch sees the attendance", async () => {
    const start = new Date(now.getTime() - 10 * 60_000);
    const { id } = await t.services.orglife.plan(actors.receiving!, {
      orgId: ids.mobileBranch!,
      type: "PARTY_LECTURE",
      topic: "流动党员专题党课",
      plannedStart: start,
      plannedEnd: new Date(start.getTime() + 2 * 3_600_000),
    });
    const meeting = await t.services.orglife.get(actors.worker!, { meetingId: id });
    const code = (await db().meeting.findUniqueOrThrow({ where: { id } })).checkInSecret!;
    expect(meeting.topic).toBe("流动党员专题党课");
    await t.services.orglife.checkIn(actors.worker!, { meetingId: id, proof: { kind: "meetingCode", code } });
    // another branch's member who is not received there is still refused
    expect(
      (
        await errorOf(
          t.services.orglife.checkIn(actors.member!, { meetingId: id, proof: { kind: "meetingCode", code } }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const home = await t.services.regional.mobile(actors.secretary!, { orgId: region.branchA });
    expect(home.outgoing[0]).toMatchObject({ status: "ACCEPTED", receivingOrg: { name: "西镇流动党员党支部" } });
    expect(home.outgoing[0]!.attended.map((a) => a.topic)).toEqual(["流动党员专题党课"]);
    const there = await t.services.regional.mobile(actors.receiving!, { orgId: ids.mobileBranch! });
    expect(there.incoming.map((r) => r.member.name)).toEqual(["外出务工党员"]);
  });

  it("counts an activity in the small hours (China time) of the day he left, not one the evening before", async () => {
    // he left on 1 December (a day in China): 00:30 that day is 16:30 UTC on 30 November
    const held = async (topic: string, at: string) => {
      const meeting = await db().meeting.create({
        data: {
          orgId: ids.mobileBranch!,
          type: "PARTY_LECTURE",
          status: "HELD",
          topic,
          plannedStart: new Date(at),
          plannedEnd: new Date(new Date(at).getTime() + 3_600_000),
          heldStart: new Date(at),
        },
      });
      await db().attendance.create({ data: { meetingId: meeting.id, memberId: ids.worker!, status: "PRESENT" } });
    };
    await held("出发当天凌晨的学习", "2026-11-30T16:30:00Z");
    await held("出发前一晚的学习", "2026-11-30T15:30:00Z");
    const home = await t.services.regional.mobile(actors.secretary!, { orgId: region.branchA });
    const topics = home.outgoing[0]!.attended.map((a) => a.topic);
    expect(topics).toContain("出发当天凌晨的学习");
    expect(topics).not.toContain("出发前一晚的学习");
  });

  it("without contact for three months the lost-contact rule fires; a contact resolves it", async () => {
    await t.services.outbox.drain(200);
    // nothing else of his: no dues, no other meetings; three months on
    setNow(new Date(now.getTime() + 95 * DAY));
    await t.services.warnings.evaluateAll();
    const fired = await db().warning.findUniqueOrThrow({
      where: { ruleId_subjectType_subjectId: { ruleId: "O5", subjectType: "MEMBER", subjectId: ids.worker! } },
    });
    expect(fired.state).toBe("FIRING");
    await t.services.regional.mobileNote(actors.receiving!, {
      registrationId: ids.registration!,
      note: "电话联系，在物流园工作，身体健康",
    });
    await t.services.outbox.drain(200);
    const after = await db().warning.findUniqueOrThrow({
      where: { ruleId_subjectType_subjectId: { ruleId: "O5", subjectType: "MEMBER", subjectId: ids.worker! } },
    });
    expect(after.state).not.toBe("FIRING");
  });

  it("returns home: the registration closes, the history stays, a second return is refused", async () => {
    await t.services.regional.mobileReturn(actors.secretary!, {
      registrationId: ids.registration!,
      returnedOn: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
    });
    expect(
      (
        await errorOf(
          t.services.regional.mobileReturn(actors.secretary!, {
            registrationId: ids.registration!,
            returnedOn: new Date("2027-01-01T00:00:00Z"),
          }),
        )
      ).code,
    ).toBe("CONFLICT");
    const home = await t.services.regional.mobile(actors.secretary!, { orgId: region.branchA });
    expect(home.outgoing[0]).toMatchObject({ status: "RETURNED" });
    expect(home.outgoing[0]!.contacts.length).toBeGreaterThan(0);
    expect(await t.services.regional.myMobile(actors.worker!)).toBeNull();
    // away again later: a new registration is allowed
    await t.services.regional.mobileRegister(actors.secretary!, {
      memberId: ids.worker!,
      receivingOrgId: ids.mobileBranch!,
      destination: "西镇物流园",
      leftOn: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
    });
    expect(await db().mobileRegistration.count({ where: { memberId: ids.worker! } })).toBe(2);
  });
});
