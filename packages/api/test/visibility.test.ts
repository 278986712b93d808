// Defect 7, through the API: who may read a meeting's record, whose leave reasons, and which
// invited organisations may write minutes and attendance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember, createOrg, regionDatabase, type Region, type TestDatabase } from "@dangjian/services/testing";
import { codeOf, signedInCaller } from "./callers.ts";

let t: TestDatabase;
let region: Region;
const COMMITTEE_PHONE = "13600000011";
const PARTNER_SECRETARY_PHONE = "13600000012";

const callerFor = (phone: string) => signedInCaller(t, phone, { ip: null, userAgent: null });

const NOW = new Date("2026-11-10T02:00:00Z");
async function heldMeeting(
  orgId: string,
  type: "COMMITTEE_MEETING" | "TALK" | "BRANCH_ASSEMBLY",
  attendees: Array<{ memberId: string; status: "PRESENT" | "LEAVE" | "ABSENT"; leaveReason?: string }>,
) {
  const start = new Date(NOW.getTime() - 86_400_000);
  const meeting = await t.services.deps.db.meeting.create({
    data: {
      orgId,
      type,
      status: "HELD",
      topic: `${type} 记录`,
      plannedStart: start,
      plannedEnd: new Date(start.getTime() + 3_600_000),
      heldStart: start,
      heldEnd: new Date(start.getTime() + 3_600_000),
      minutes: "只有支委会成员和参加人能看的记录",
      orgs: { create: [{ orgId, isHost: true, confirmedAt: start }] },
      attendances: {
        create: attendees.map((a) => ({ memberId: a.memberId, status: a.status, leaveReason: a.leaveReason ?? null })),
      },
    },
  });
  return meeting.id;
}

let committeeMember: string;
beforeAll(async () => {
  ({ t, region } = await regionDatabase(NOW));
  committeeMember = await createMember(t.services.deps.db, {
    name: "委员甲",
    branchId: region.branchA,
    phone: COMMITTEE_PHONE,
    roles: [{ role: "BRANCH_COMMITTEE", orgId: region.branchA }],
  });
});
afterAll(() => t.drop());

describe("committee meeting and talk records", () => {
  it("a committee meeting's record: committee members and participants only", async () => {
    const { bob, carol } = region.members;
    const meetingId = await heldMeeting(region.branchA, "COMMITTEE_MEETING", [
      { memberId: bob, status: "PRESENT" },
      { memberId: carol, status: "PRESENT" },
    ]);
    const member = await (await callerFor(region.phones.member)).orglife.get({ meetingId });
    expect(member.minutes).toBeNull();
    expect(member.recordHidden).toBe(true);
    expect(member.attendance).toEqual([]);
    expect(JSON.stringify(member)).not.toContain("只有支委会成员");
    // the township committee sees that it was held, not what was said
    const town = await (await callerFor(region.phones.town1)).orglife.get({ meetingId });
    expect(town.minutes).toBeNull();
    expect(town.attendance).toEqual([]);
    for (const phone of [region.phones.secretary, COMMITTEE_PHONE]) {
      const seen = await (await callerFor(phone)).orglife.get({ meetingId });
      expect(seen.minutes).toBe("只有支委会成员和参加人能看的记录");
      expect(seen.attendance.map((a) => a.name).sort()).toEqual(["张芳", "王强"].sort());
    }
  });

  it("a talk's record: the people in it and the committee", async () => {
    const { alice } = region.members;
    const meetingId = await heldMeeting(region.branchA, "TALK", [
      { memberId: alice, status: "PRESENT" },
      { memberId: committeeMember, status: "PRESENT" },
    ]);
    expect((await (await callerFor(region.phones.member)).orglife.get({ meetingId })).minutes).toBe(
      "只有支委会成员和参加人能看的记录",
    );
    const other = await heldMeeting(region.branchA, "TALK", [{ memberId: region.members.carol, status: "PRESENT" }]);
    expect((await (await callerFor(region.phones.member)).orglife.get({ meetingId: other })).minutes).toBeNull();
  });
});

describe("leave reasons", () => {
  it("only the secretary and the member who asked for leave read the reason", async () => {
    const { alice, carol } = region.members;
    const meetingId = await heldMeeting(region.branchA, "BRANCH_ASSEMBLY", [
      { memberId: alice, status: "LEAVE", leaveReason: "住院治疗" },
      { memberId: carol, status: "LEAVE", leaveReason: "家中有事" },
    ]);
    const reasons = async (phone: string) =>
      Object.fromEntries(
        (await (await callerFor(phone)).orglife.get({ meetingId })).attendance.map((a) => [a.name, a.leaveReason]),
      );
    expect(await reasons(region.phones.secretary)).toEqual({ 李红: "住院治疗", 张芳: "家中有事" });
    expect(await reasons(region.phones.member)).toEqual({ 李红: "住院治疗", 张芳: null });
    expect(await reasons(COMMITTEE_PHONE)).toEqual({ 李红: null, 张芳: null });
    expect(await reasons(region.phones.town1)).toEqual({ 李红: null, 张芳: null });
  });
});

describe("invited partners", () => {
  it("cannot record minutes or attendance before confirming; can after", async () => {
    const partner = await createOrg(t.services.deps.db, {
      name: "联建村支部",
      kind: "BRANCH",
      level: "BRANCH",
      parentId: region.town1,
    });
    await createMember(t.services.deps.db, {
      name: "联建书记",
      branchId: partner,
      phone: PARTNER_SECRETARY_PHONE,
      roles: [{ role: "BRANCH_SECRETARY", orgId: partner }],
    });
    const start = new Date(NOW.getTime() - 3_600_000);
    const meeting = await t.services.deps.db.meeting.create({
      data: {
        orgId: region.branchA,
        type: "JOINT_ACTIVITY",
        topic: "联建活动",
        plannedStart: start,
        plannedEnd: new Date(start.getTime() + 1_800_000),
        orgs: {
          create: [
            { orgId: region.branchA, isHost: true, confirmedAt: start },
            { orgId: partner, isHost: false },
          ],
        },
        attendances: { create: [{ memberId: region.members.alice, status: "ABSENT" }] },
      },
    });
    const caller = await callerFor(PARTNER_SECRETARY_PHONE);
    expect(await codeOf(caller.orglife.record({ meetingId: meeting.id, minutes: "未确认的单位写的记录" }))).toBe(
      "FORBIDDEN",
    );
    expect(
      await codeOf(caller.orglife.mark({ meetingId: meeting.id, memberId: region.members.alice, status: "PRESENT" })),
    ).toBe("FORBIDDEN");
    expect(
      await codeOf(
        caller.orglife.startUpload({
          meetingId: meeting.id,
          fileName: "a.png",
          contentType: "image/png",
          sizeBytes: 10,
        }),
      ),
    ).toBe("FORBIDDEN");
    expect((await t.services.deps.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).minutes).toBeNull();
    // the invitation itself is visible, so that it can be confirmed
    expect((await caller.orglife.get({ meetingId: meeting.id })).manageable).toBe(false);
    await caller.orglife.confirm({ meetingId: meeting.id, orgId: partner });
    expect(await codeOf(caller.orglife.record({ meetingId: meeting.id, minutes: "确认后写的记录" }))).toBe("ok");
  });
});
