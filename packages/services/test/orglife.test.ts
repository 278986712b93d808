import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/index.ts";
import {
  createMember,
  errorOf,
  grantRole,
  loginAll,
  pairOrgs,
  regionDatabase,
  type Region,
  type TestDatabase,
} from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let actors: Record<string, Actor>;
const at = (s: string) => new Date(s);

const db = () => t.services.deps.db;

beforeAll(async () => {
  ({ t, region } = await regionDatabase(at("2026-11-02T02:00:00Z")));
  // branch B's secretary, a county admin (may tune rules) and a member of branch A with no committee post
  await grantRole(db(), region.phones.memberB, "BRANCH_SECRETARY", region.branchB);
  await createMember(db(), {
    name: "孙立",
    branchId: region.county,
    phone: "13900000011",
    roles: [{ role: "COMMITTEE_ADMIN", orgId: region.county }],
  });
  // branch A's committee: bob (secretary), alice, carol
  for (const [memberId, post] of [
    [region.members.bob, "SECRETARY"],
    [region.members.alice, "ORGANISATION"],
    [region.members.carol, "PROPAGANDA"],
  ] as const) {
    await db().committeeRole.create({
      data: { memberId, orgId: region.branchA, post, startsOn: at("2024-01-01T00:00:00Z") },
    });
  }
  // branches A and B are partners
  await pairOrgs(db(), region.branchA, region.branchB, at("2026-01-01T00:00:00Z"));
  actors = await loginAll(t, { ...region.phones, countyAdmin: "13900000011" });
});
afterAll(() => t.drop());

const themeDay = { plannedStart: at("2026-11-07T01:00:00Z"), plannedEnd: at("2026-11-07T03:00:00Z") };
let themeDayId: string;
let code: string;

describe("planning a theme day", () => {
  it("lists the five required actions plus free optional ones, and derives the expected list", async () => {
    const before = await t.services.outbox.pending();
    const { id } = await t.services.orglife.plan(actors.secretary!, {
      orgId: region.branchA,
      type: "THEME_DAY",
      topic: "学习党章 重温誓词",
      place: "村委会会议室",
      agenda: "诵读党章\n讲党课",
      hostMemberId: region.members.bob,
      optionalActions: ["重温入党誓词", "清扫村道"],
      ...themeDay,
    });
    themeDayId = id;
    const meeting = await t.services.orglife.get(actors.secretary!, { meetingId: id });
    expect(meeting.actions.filter((a) => a.required).map((a) => a.title)).toEqual([
      "现场缴纳党费",
      "诵读党章",
      "学习党规党纪",
      "讲党课",
      "党员谈体会",
    ]);
    expect(meeting.actions.filter((a) => !a.required).map((a) => a.title)).toEqual(["重温入党誓词", "清扫村道"]);
    expect(meeting.attendance.map((a) => [a.name, a.probationary, a.status])).toEqual(
      expect.arrayContaining([
        ["李红", false, "ABSENT"],
        ["王强", false, "ABSENT"],
        ["张芳", true, "ABSENT"],
      ]),
    );
    expect(meeting.counts.expected).toBe(3);
    expect(meeting.checkIn.code).toMatch(/^[2-9A-Z]{8}$/);
    code = meeting.checkIn.code!;
    expect(await t.services.outbox.pending()).toBe(before + 1);
  });

  it("gives a meeting made without a code (seeded, imported) one when a manager opens it", async () => {
    const bare = await db().meeting.create({
      data: {
        orgId: region.branchA,
        type: "PARTY_LECTURE",
        topic: "导入的党课",
        plannedStart: at("2027-01-10T01:00:00Z"),
        plannedEnd: at("2027-01-10T02:00:00Z"),
      },
    });
    expect((await t.services.orglife.get(actors.member!, { meetingId: bare.id })).checkIn.code).toBeNull();
    const first = (await t.services.orglife.get(actors.secretary!, { meetingId: bare.id })).checkIn.code;
    expect(first).toMatch(/^[2-9A-Z]{8}$/);
    expect((await t.services.orglife.get(actors.secretary!, { meetingId: bare.id })).checkIn.code).toBe(first);
  });

  it("does not show the check-in code to an ordinary member", async () => {
    const meeting = await t.services.orglife.get(actors.member!, { meetingId: themeDayId });
    expect(meeting.checkIn.code).toBeNull();
    expect(meeting.manageable).toBe(false);
  });

  it("refuses a second meeting at the same time, changing nothing", async () => {
    const count = await db().meeting.count();
    const error = await errorOf(
      t.services.orglife.plan(actors.secretary!, {
        orgId: region.branchA,
        type: "PARTY_LECTURE",
        topic: "党课",
        plannedStart: at("2026-11-07T02:00:00Z"),
        plannedEnd: at("2026-11-07T04:00:00Z"),
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.messageKey).toBe("orglife.meetingClash");
    expect(error.params.topic).toBe("学习党章 重温誓词");
    expect(await db().meeting.count()).toBe(count);
  });

  it("refuses bad plans with clear reasons", async () => {
    const base = {
      orgId: region.branchA,
      topic: "会议",
      plannedStart: at("2026-11-20T01:00:00Z"),
      plannedEnd: at("2026-11-20T02:00:00Z"),
    };
    expect(
      (
        await errorOf(
          t.services.orglife.plan(actors.secretary!, { ...base, type: "THEME_DAY", plannedEnd: base.plannedStart }),
        )
      ).messageKey,
    ).toBe("orglife.endBeforeStart");
    expect(
      (await errorOf(t.services.orglife.plan(actors.secretary!, { ...base, type: "GROUP_MEETING" }))).messageKey,
    ).toBe("orglife.groupRequired");
    expect(
      (
        await errorOf(
          t.services.orglife.plan(actors.secretary!, { ...base, type: "GROUP_MEETING", groupId: region.branchB }),
        )
      ).messageKey,
    ).toBe("orglife.groupNotInBranch");
    expect(
      (await errorOf(t.services.orglife.plan(actors.secretary!, { ...base, type: "JOINT_ACTIVITY" }))).messageKey,
    ).toBe("orglife.jointNeedsPartner");
    expect(
      (
        await errorOf(
          t.services.orglife.plan(actors.secretary!, { ...base, type: "THEME_DAY", partnerOrgIds: [region.branchB] }),
        )
      ).messageKey,
    ).toBe("orglife.partnersOnlyForJoint");
    expect(
      (
        await errorOf(
          t.services.orglife.plan(actors.secretary!, {
            ...base,
            type: "JOINT_ACTIVITY",
            partnerOrgIds: [region.town2],
          }),
        )
      ).messageKey,
    ).toBe("orglife.partnerNotLinked");
    expect(
      (
        await errorOf(
          t.services.orglife.plan(actors.secretary!, {
            ...base,
            type: "JOINT_ACTIVITY",
            partnerOrgIds: [region.branchA],
          }),
        )
      ).messageKey,
    ).toBe("orglife.partnerSelf");
    expect(
      (
        await errorOf(
          t.services.orglife.plan(actors.secretary!, { ...base, type: "THEME_DAY", hostMemberId: region.members.dave }),
        )
      ).messageKey,
    ).toBe("orglife.hostNotMember");
  });

  it("lets only those who manage meetings plan them", async () => {
    const base = {
      type: "PARTY_LECTURE" as const,
      topic: "党课",
      plannedStart: at("2026-11-21T01:00:00Z"),
      plannedEnd: at("2026-11-21T02:00:00Z"),
    };
    expect((await errorOf(t.services.orglife.plan(actors.member!, { ...base, orgId: region.branchA }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await errorOf(t.services.orglife.plan(actors.secretary!, { ...base, orgId: region.branchB }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("retries with the same idempotency key return the same meeting", async () => {
    const input = {
      orgId: region.branchA,
      type: "PARTY_LECTURE" as const,
      topic: "党课：党的二十大精神",
      plannedStart: at("2026-11-25T01:00:00Z"),
      plannedEnd: at("2026-11-25T02:00:00Z"),
      idempotencyKey: "plan-lecture-1",
    };
    const first = await t.services.orglife.plan(actors.secretary!, input);
    const second = await t.services.orglife.plan(actors.secretary!, input);
    expect(second.id).toBe(first.id);
  });

  it("expects only the members chosen for a heart-to-heart talk", async () => {
    const base = {
      orgId: region.branchA,
      type: "TALK" as const,
      topic: "谈心谈话",
      plannedStart: at("2026-11-13T11:00:00Z"),
      plannedEnd: at("2026-11-13T12:00:00Z"),
    };
    expect((await errorOf(t.services.orglife.plan(actors.secretary!, base))).messageKey).toBe(
      "orglife.talkNeedsMember",
    );
    expect(
      (await errorOf(t.services.orglife.plan(actors.secretary!, { ...base, memberIds: [region.members.dave] })))
        .messageKey,
    ).toBe("orglife.talkNeedsMember");
    const { id } = await t.services.orglife.plan(actors.secretary!, { ...base, memberIds: [region.members.carol] });
    const meeting = await t.services.orglife.get(actors.secretary!, { meetingId: id });
    expect(meeting.attendance.map((a) => [a.name, a.probationary])).toEqual([["张芳", true]]);
  });

  it("cancels a planned meeting with a reason, freeing its time", async () => {
    const slot = { plannedStart: at("2026-11-26T01:00:00Z"), plannedEnd: at("2026-11-26T02:00:00Z") };
    const { id } = await t.services.orglife.plan(actors.secretary!, {
      orgId: region.branchA,
      type: "PARTY_LECTURE",
      topic: "将取消的党课",
      ...slot,
    });
    expect(
      (await errorOf(t.services.orglife.cancel(actors.secretary!, { meetingId: id, reason: " " }))).messageKey,
    ).toBe("orglife.cancelReasonRequired");
    expect((await errorOf(t.services.orglife.cancel(actors.member!, { meetingId: id, reason: "x" }))).code).toBe(
      "FORBIDDEN",
    );
    await t.services.orglife.cancel(actors.secretary!, { meetingId: id, reason: "上级临时安排培训" });
    expect(
      (await errorOf(t.services.orglife.cancel(actors.secretary!, { meetingId: id, reason: "再取消" }))).messageKey,
    ).toBe("orglife.cancelNotPlanned");
    const code = (await t.services.orglife.get(actors.secretary!, { meetingId: id })).checkIn.code!;
    expect(
      (
        await errorOf(
          t.services.orglife.checkIn(actors.member!, { meetingId: id, proof: { kind: "meetingCode", code } }),
        )
      ).messageKey,
    ).toBe("orglife.meetingCancelled");
    const replacement = await t.services.orglife.plan(actors.secretary!, {
      orgId: region.branchA,
      type: "PARTY_LECTURE",
      topic: "改期的党课",
      ...slot,
    });
    expect(replacement.id).not.toBe(id);
  });

  it("derives a party group meeting's list from the group", async () => {
    const { id } = await t.services.orglife.plan(actors.secretary!, {
      orgId: region.branchA,
      groupId: region.groupA1,
      type: "GROUP_MEETING",
      topic: "党小组学习",
      plannedStart: at("2026-11-12T11:00:00Z"),
      plannedEnd: at("2026-11-12T12:00:00Z"),
    });
    const meeting = await t.services.orglife.get(actors.secretary!, { meetingId: id });
    expect(meeting.attendance.map((a) => a.name)).toEqual(["李红"]);
  });
});

describe("checking in", () => {
  it("refuses a check-in before the window opens", async () => {
    t.setNow(at("2026-11-07T00:29:00Z"));
    const error = await errorOf(
      t.services.orglife.checkIn(actors.member!, { meetingId: themeDayId, proof: { kind: "meetingCode", code } }),
    );
    expect(error.messageKey).toBe("orglife.checkInEarly");
  });

  it("refuses a wrong code", async () => {
    t.setNow(at("2026-11-07T00:40:00Z"));
    const error = await errorOf(
      t.services.orglife.checkIn(actors.member!, {
        meetingId: themeDayId,
        proof: { kind: "meetingCode", code: "ZZZZZZZZ" },
      }),
    );
    expect(error.messageKey).toBe("orglife.checkInWrongCode");
  });

  it("checks a member in with their own session, once", async () => {
    t.setNow(at("2026-11-07T00:45:00Z"));
    await t.services.orglife.checkIn(actors.member!, {
      meetingId: themeDayId,
      proof: { kind: "meetingCode", code: code.toLowerCase() },
    });
    const row = await db().attendance.findUniqueOrThrow({
      where: { meetingId_memberId: { meetingId: themeDayId, memberId: region.members.alice } },
    });
    expect(row).toMatchObject({ status: "PRESENT", capturedBy: "SELF_QR", checkedInAt: at("2026-11-07T00:45:00Z") });
    const error = await errorOf(
      t.services.orglife.checkIn(actors.member!, { meetingId: themeDayId, proof: { kind: "meetingCode", code } }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.messageKey).toBe("orglife.checkInTwice");
  });

  it("refuses someone who is not on the list", async () => {
    const error = await errorOf(
      t.services.orglife.checkIn(actors.memberB!, { meetingId: themeDayId, proof: { kind: "meetingCode", code } }),
    );
    expect(error.messageKey).toBe("orglife.checkInNotExpected");
    expect(await db().attendance.count({ where: { meetingId: themeDayId, memberId: region.members.dave } })).toBe(0);
  });

  it("takes an e-party-card token through the same use case (an unreadable one is refused with its reason)", async () => {
    const error = await errorOf(
      t.services.orglife.checkIn(actors.secretary!, {
        meetingId: themeDayId,
        proof: { kind: "cardToken", token: "x" },
      }),
    );
    expect(error.messageKey).toBe("card.reason.malformed");
    // a member cannot scan cards for a meeting they do not manage
    expect(
      (
        await errorOf(
          t.services.orglife.checkIn(actors.member!, {
            meetingId: themeDayId,
            proof: { kind: "cardToken", token: "x" },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  it("refuses a check-in after the window closed", async () => {
    t.setNow(at("2026-11-07T03:31:00Z"));
    const error = await errorOf(
      t.services.orglife.checkIn(actors.secretary!, { meetingId: themeDayId, proof: { kind: "meetingCode", code } }),
    );
    expect(error.messageKey).toBe("orglife.checkInClosed");
  });
});

describe("the secretary marks attendance", () => {
  it("requires a reason for leave, and changes nothing without one", async () => {
    t.setNow(at("2026-11-07T02:00:00Z"));
    const error = await errorOf(
      t.services.orglife.mark(actors.secretary!, {
        meetingId: themeDayId,
        memberId: region.members.carol,
        status: "LEAVE",
        leaveReason: "  ",
      }),
    );
    expect(error.messageKey).toBe("orglife.leaveReasonRequired");
    expect(
      (
        await db().attendance.findUniqueOrThrow({
          where: { meetingId_memberId: { meetingId: themeDayId, memberId: region.members.carol } },
        })
      ).status,
    ).toBe("ABSENT");
  });

  it("records leave with its reason and presence on someone's behalf as PROXY", async () => {
    await t.services.orglife.mark(actors.secretary!, {
      meetingId: themeDayId,
      memberId: region.members.carol,
      status: "LEAVE",
      leaveReason: "外出务工",
    });
    await t.services.orglife.mark(actors.secretary!, {
      meetingId: themeDayId,
      memberId: region.members.bob,
      status: "PRESENT",
    });
    const meeting = await t.services.orglife.get(actors.secretary!, { meetingId: themeDayId });
    expect(meeting.counts).toEqual({ expected: 3, present: 2, leave: 1, absent: 0 });
    expect(meeting.attendance.find((a) => a.name === "王强")!.capturedBy).toBe("PROXY");
    expect(meeting.attendance.find((a) => a.name === "张芳")!.leaveReason).toBe("外出务工");
  });

  it("refuses members not on the list and members who may not manage", async () => {
    expect(
      (
        await errorOf(
          t.services.orglife.mark(actors.secretary!, {
            meetingId: themeDayId,
            memberId: region.members.dave,
            status: "PRESENT",
          }),
        )
      ).messageKey,
    ).toBe("orglife.attendeeNotExpected");
    expect(
      (
        await errorOf(
          t.services.orglife.mark(actors.member!, {
            meetingId: themeDayId,
            memberId: region.members.carol,
            status: "PRESENT",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});

describe("the record", () => {
  it("cannot be written before the meeting starts", async () => {
    t.setNow(at("2026-11-07T00:00:00Z"));
    expect(
      (await errorOf(t.services.orglife.record(actors.secretary!, { meetingId: themeDayId, minutes: "x" }))).messageKey,
    ).toBe("orglife.recordBeforeStart");
  });

  it("keeps minutes, outcomes and the checklist, and marks the meeting held", async () => {
    t.setNow(at("2026-11-07T04:00:00Z"));
    const meeting = await t.services.orglife.get(actors.secretary!, { meetingId: themeDayId });
    const done = meeting.actions.filter((a) => a.required).map((a) => a.id);
    await t.services.orglife.record(actors.secretary!, {
      meetingId: themeDayId,
      minutes: "王强主持，诵读党章，讲党课。",
      outcomes: { 服务群众: 12 },
      actionsDone: done,
    });
    const after = await t.services.orglife.get(actors.secretary!, { meetingId: themeDayId });
    expect(after).toMatchObject({
      status: "HELD",
      minutes: "王强主持，诵读党章，讲党课。",
      outcomes: { 服务群众: 12 },
      heldStart: themeDay.plannedStart,
      locked: false,
    });
    expect(after.actions.filter((a) => a.done)).toHaveLength(5);
    expect(after.amendments).toEqual([]);
  });

  it("refuses outcomes that are not whole non-negative numbers", async () => {
    expect(
      (
        await errorOf(
          t.services.orglife.record(actors.secretary!, { meetingId: themeDayId, outcomes: { 服务群众: -3 } }),
        )
      ).messageKey,
    ).toBe("orglife.badOutcomes");
    expect(
      (
        await errorOf(
          t.services.orglife.record(actors.secretary!, { meetingId: themeDayId, actionsDone: [crypto.randomUUID()] }),
        )
      ).messageKey,
    ).toBe("orglife.actionNotFound");
  });

  it("takes photos through a presigned PUT confirmed by HEAD", async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const upload = await t.services.orglife.startUpload(actors.secretary!, {
      meetingId: themeDayId,
      fileName: "合影.png",
      contentType: "image/png",
      sizeBytes: bytes.length,
    });
    expect(
      (
        await errorOf(
          t.services.orglife.confirmUpload(actors.secretary!, {
            meetingId: themeDayId,
            key: upload.key,
            fileName: "合影.png",
          }),
        )
      ).messageKey,
    ).toBe("orglife.uploadMissing");
    const put = await fetch(upload.url, { method: "PUT", body: bytes, headers: { "Content-Type": "image/png" } });
    expect(put.ok).toBe(true);
    const first = await t.services.orglife.confirmUpload(actors.secretary!, {
      meetingId: themeDayId,
      key: upload.key,
      fileName: "合影.png",
    });
    const again = await t.services.orglife.confirmUpload(actors.secretary!, {
      meetingId: themeDayId,
      key: upload.key,
      fileName: "合影.png",
    });
    expect(again.id).toBe(first.id);
    const meeting = await t.services.orglife.get(actors.secretary!, { meetingId: themeDayId });
    expect(meeting.attachments).toMatchObject([
      { fileName: "合影.png", contentType: "image/png", sizeBytes: bytes.length },
    ]);
    const fetched = new Uint8Array(await (await fetch(meeting.attachments[0]!.url!)).arrayBuffer());
    expect([...fetched]).toEqual([...bytes]);
  });

  it("refuses other file types, oversize files and keys of other meetings", async () => {
    expect(
      (
        await errorOf(
          t.services.orglife.startUpload(actors.secretary!, {
            meetingId: themeDayId,
            fileName: "a.exe",
            contentType: "application/x-msdownload",
            sizeBytes: 10,
          }),
        )
      ).messageKey,
    ).toBe("upload.typeNotAllowed");
    expect(
      (
        await errorOf(
          t.services.orglife.startUpload(actors.secretary!, {
            meetingId: themeDayId,
            fileName: "a.png",
            contentType: "image/png",
            sizeBytes: 50 * 1024 * 1024,
          }),
        )
      ).messageKey,
    ).toBe("orglife.uploadTooLarge");
    expect(
      (
        await errorOf(
          t.services.orglife.confirmUpload(actors.secretary!, {
            meetingId: themeDayId,
            key: `meetings/${crypto.randomUUID()}/x/a.png`,
            fileName: "a.png",
          }),
        )
      ).messageKey,
    ).toBe("orglife.uploadUnknown");
    expect(
      (
        await errorOf(
          t.services.orglife.startUpload(actors.member!, {
            meetingId: themeDayId,
            fileName: "a.png",
            contentType: "image/png",
            sizeBytes: 10,
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  it("locks 7 days after the meeting: changes need a reason and become visible amendments", async () => {
    t.setNow(at("2026-11-14T03:00:01Z"));
    const meeting = await t.services.orglife.get(actors.secretary!, { meetingId: themeDayId });
    expect(meeting.locked).toBe(true);
    const error = await errorOf(
      t.services.orglife.record(actors.secretary!, { meetingId: themeDayId, minutes: "改过的记录" }),
    );
    expect(error.messageKey).toBe("orglife.amendReasonRequired");
    expect((await db().meeting.findUniqueOrThrow({ where: { id: themeDayId } })).minutes).toBe(
      "王强主持，诵读党章，讲党课。",
    );
    await t.services.orglife.record(actors.secretary!, {
      meetingId: themeDayId,
      minutes: "王强主持，诵读党章，讲党课，党员谈体会。",
      outcomes: { 服务群众: 12 },
      reason: "补记党员发言",
    });
    await t.services.orglife.mark(actors.secretary!, {
      meetingId: themeDayId,
      memberId: region.members.carol,
      status: "PRESENT",
      amendReason: "张芳后来赶到",
    });
    expect(
      (
        await errorOf(
          t.services.orglife.mark(actors.secretary!, {
            meetingId: themeDayId,
            memberId: region.members.carol,
            status: "ABSENT",
          }),
        )
      ).messageKey,
    ).toBe("orglife.amendReasonRequired");
    const after = await t.services.orglife.get(actors.secretary!, { meetingId: themeDayId });
    expect(after.amendments.map((a) => [a.field, a.by, a.reason])).toEqual([
      ["minutes", "王强", "补记党员发言"],
      ["attendance", "王强", "张芳后来赶到"],
    ]);
    expect(after.amendments[0]).toMatchObject({
      before: "王强主持，诵读党章，讲党课。",
      after: "王强主持，诵读党章，讲党课，党员谈体会。",
    });
  });
});

describe("the monthly fact table", () => {
  it("reflects the held theme day without anyone typing it again", async () => {
    await t.services.outbox.drain();
    const fact = await db().orgMonthFact.findUniqueOrThrow({
      where: { orgId_month: { orgId: region.branchA, month: at("2026-11-01T00:00:00Z") } },
    });
    expect(fact).toMatchObject({ themeDayHeld: 1, attendanceExpected: 3, attendancePresent: 3, attendanceLeave: 0 });
  });
});

describe("committee meeting quorum", () => {
  it("needs more than half of the committee present", async () => {
    t.setNow(at("2026-11-15T01:00:00Z"));
    const { id } = await t.services.orglife.plan(actors.secretary!, {
      orgId: region.branchA,
      type: "COMMITTEE_MEETING",
      topic: "研究下月工作",
      plannedStart: at("2026-11-16T01:00:00Z"),
      plannedEnd: at("2026-11-16T02:00:00Z"),
    });
    let meeting = await t.services.orglife.get(actors.secretary!, { meetingId: id });
    expect(meeting.counts.expected).toBe(3);
    expect(meeting.quorum).toEqual({ ratio: 0.5, ok: false, need: 2 });
    t.setNow(at("2026-11-16T01:10:00Z"));
    await t.services.orglife.mark(actors.secretary!, {
      meetingId: id,
      memberId: region.members.bob,
      status: "PRESENT",
    });
    meeting = await t.services.orglife.get(actors.secretary!, { meetingId: id });
    expect(meeting.quorum).toEqual({ ratio: 0.5, ok: false, need: 1 });
    await t.services.orglife.checkIn(actors.member!, {
      meetingId: id,
      proof: { kind: "meetingCode", code: meeting.checkIn.code ?? "" },
    });
    meeting = await t.services.orglife.get(actors.secretary!, { meetingId: id });
    expect(meeting.quorum).toEqual({ ratio: 0.5, ok: true, need: 0 });
  });
});

describe("cadence calendar and rules", () => {
  it("shows the theme day done this month and the quarter's assembly still due", async () => {
    t.setNow(at("2026-11-20T02:00:00Z"));
    const calendar = await t.services.orglife.calendar(actors.member!, {});
    const month = calendar.views.month;
    expect(month.find((r) => r.meetingType === "THEME_DAY")).toMatchObject({ done: 1, due: 0, overdue: 0 });
    expect(month.find((r) => r.meetingType === "BRANCH_ASSEMBLY")).toMatchObject({ done: 0, due: 1 });
    // branch A has a committee and a party group, so both rules apply
    expect(month.map((r) => r.meetingType)).toEqual(expect.arrayContaining(["COMMITTEE_MEETING", "GROUP_MEETING"]));
    const year = calendar.views.year.find((r) => r.meetingType === "THEME_DAY")!;
    expect(year).toMatchObject({ done: 1, overdue: 10, upcoming: 1 });
  });

  it("lets a county committee fix the theme day on the 15th for its subtree", async () => {
    const error = await errorOf(
      t.services.orglife.setRule(actors.countyAdmin!, {
        orgId: region.county,
        meetingType: "THEME_DAY",
        period: "MONTH",
        minCount: 0,
      }),
    );
    expect(error.messageKey).toBe("orglife.ruleMinCount");
    await t.services.orglife.setRule(actors.countyAdmin!, {
      orgId: region.county,
      meetingType: "THEME_DAY",
      period: "MONTH",
      minCount: 1,
      fixedDay: 15,
    });
    const calendar = await t.services.orglife.calendar(actors.member!, {});
    expect(calendar.rules.find((r) => r.meetingType === "THEME_DAY")).toMatchObject({
      fixedDay: 15,
      orgId: region.county,
      orgName: "测试县委",
    });
    const view = await t.services.orglife.rules(actors.countyAdmin!, {});
    expect(view.rules.find((r) => r.meetingType === "THEME_DAY")!.orgId).toBe(region.county);
    expect(view.rules.find((r) => r.meetingType === "GROUP_MEETING")!.orgId).toBeNull();
  });

  it("a rule edit that does not send the fixed day or quorum keeps them (no silent nulls)", async () => {
    await t.services.orglife.setRule(actors.countyAdmin!, {
      orgId: region.county,
      meetingType: "BRANCH_ASSEMBLY",
      period: "QUARTER",
      minCount: 1,
      fixedDay: 10,
      quorumRatio: 0.6,
    });
    await t.services.orglife.setRule(actors.countyAdmin!, {
      orgId: region.county,
      meetingType: "BRANCH_ASSEMBLY",
      period: "QUARTER",
      minCount: 2,
    });
    const rule = await t.services.deps.db.cadenceRule.findFirstOrThrow({
      where: { orgId: region.county, meetingType: "BRANCH_ASSEMBLY" },
    });
    expect(rule).toMatchObject({ minCount: 2, fixedDay: 10, quorumRatio: 0.6 });
    await t.services.orglife.setRule(actors.countyAdmin!, {
      orgId: region.county,
      meetingType: "BRANCH_ASSEMBLY",
      period: "QUARTER",
      minCount: 2,
      fixedDay: null,
    });
    expect(
      await t.services.deps.db.cadenceRule.findFirstOrThrow({
        where: { orgId: region.county, meetingType: "BRANCH_ASSEMBLY" },
      }),
    ).toMatchObject({ fixedDay: null, quorumRatio: 0.6 });
  });

  it("refuses rule changes by anyone who may not tune rules", async () => {
    expect(
      (
        await errorOf(
          t.services.orglife.setRule(actors.town1!, {
            orgId: region.town1,
            meetingType: "THEME_DAY",
            period: "MONTH",
            minCount: 1,
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await errorOf(
          t.services.orglife.setRule(actors.secretary!, {
            orgId: region.branchA,
            meetingType: "THEME_DAY",
            period: "MONTH",
            minCount: 1,
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect((await errorOf(t.services.orglife.rules(actors.countyAdmin!, { orgId: region.city }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("lets a committee set its region's required actions (3+N) for new theme days", async () => {
    const error = await errorOf(
      t.services.orglife.setThemeActions(actors.countyAdmin!, {
        orgId: region.county,
        actions: [{ code: "OATH", title: "重温入党誓词", required: false }],
      }),
    );
    expect(error.messageKey).toBe("orglife.actionsNeedRequired");
    await t.services.orglife.setThemeActions(actors.countyAdmin!, {
      orgId: region.county,
      actions: [
        { code: "DUES", title: "现场缴纳党费", required: true },
        { code: "CONSTITUTION", title: "诵读党章", required: true },
        { code: "LECTURE", title: "讲党课", required: true },
        { code: "OATH", title: "重温入党誓词", required: false },
      ],
    });
    const { id } = await t.services.orglife.plan(actors.secretary!, {
      orgId: region.branchA,
      type: "THEME_DAY",
      topic: "十二月主题党日",
      plannedStart: at("2026-12-15T01:00:00Z"),
      plannedEnd: at("2026-12-15T03:00:00Z"),
    });
    const meeting = await t.services.orglife.get(actors.secretary!, { meetingId: id });
    expect(meeting.actions.map((a) => a.title)).toEqual(["现场缴纳党费", "诵读党章", "讲党课"]);
  });
});

describe("joint activities", () => {
  let jointId: string;
  it("invites a partner, who confirms; its members join the expected list", async () => {
    t.setNow(at("2026-11-20T02:00:00Z"));
    ({ id: jointId } = await t.services.orglife.plan(actors.secretary!, {
      orgId: region.branchA,
      type: "JOINT_ACTIVITY",
      topic: "联建志愿服务",
      partnerOrgIds: [region.branchB],
      plannedStart: at("2026-11-22T01:00:00Z"),
      plannedEnd: at("2026-11-22T04:00:00Z"),
    }));
    let meeting = await t.services.orglife.get(actors.memberB!, { meetingId: jointId });
    expect(meeting.orgs.find((o) => o.orgId === region.branchB)!.confirmedAt).toBeNull();
    expect(meeting.confirmable).toEqual([region.branchB]);
    expect(meeting.attendance.some((a) => a.name === "赵伟")).toBe(false);
    expect(
      (await errorOf(t.services.orglife.confirm(actors.member!, { meetingId: jointId, orgId: region.branchB }))).code,
    ).toBe("FORBIDDEN");
    expect(
      (await errorOf(t.services.orglife.confirm(actors.secretary!, { meetingId: jointId, orgId: region.branchA })))
        .messageKey,
    ).toBe("orglife.alreadyConfirmed");
    await t.services.orglife.confirm(actors.memberB!, { meetingId: jointId, orgId: region.branchB });
    expect(
      (await errorOf(t.services.orglife.confirm(actors.memberB!, { meetingId: jointId, orgId: region.branchB })))
        .messageKey,
    ).toBe("orglife.alreadyConfirmed");
    meeting = await t.services.orglife.get(actors.memberB!, { meetingId: jointId });
    expect(meeting.attendance.find((a) => a.name === "赵伟")).toMatchObject({ status: "ABSENT", expected: true });
    expect(meeting.counts.expected).toBe(4);
  });

  it("counts for both organisations once held", async () => {
    t.setNow(at("2026-11-22T01:00:00Z"));
    const code = (await t.services.orglife.get(actors.secretary!, { meetingId: jointId })).checkIn.code!;
    await t.services.orglife.checkIn(actors.memberB!, { meetingId: jointId, proof: { kind: "meetingCode", code } });
    t.setNow(at("2026-11-22T05:00:00Z"));
    await t.services.orglife.record(actors.secretary!, {
      meetingId: jointId,
      minutes: "两村党员共同开展志愿服务。",
      outcomes: { 服务群众: 60 },
    });
    await t.services.outbox.drain();
    const factB = await db().orgMonthFact.findUniqueOrThrow({
      where: { orgId_month: { orgId: region.branchB, month: at("2026-11-01T00:00:00Z") } },
    });
    expect(factB).toMatchObject({ otherMeetingsHeld: 1, attendanceExpected: 1, attendancePresent: 1 });
    const partners = await t.services.partnerships.ofOrg(actors.memberB!, {});
    expect(partners.links[0]!.history).toMatchObject([
      { meetingId: jointId, topic: "联建志愿服务", status: "HELD", partnerConfirmed: true },
    ]);
  });
});

describe("the member's own page", () => {
  it("shows my next meetings and my attendance history", async () => {
    t.setNow(at("2026-11-20T02:00:00Z"));
    const mine = await t.services.orglife.mine(actors.member!);
    // the cancelled lecture is gone, its replacement is there
    expect(mine.next.map((m) => m.topic)).toEqual(["党课：党的二十大精神", "改期的党课", "十二月主题党日"]);
    expect(mine.history.map((h) => [h.topic, h.status, h.capturedBy])).toEqual(
      expect.arrayContaining([
        ["学习党章 重温誓词", "PRESENT", "SELF_QR"],
        ["联建志愿服务", "ABSENT", null],
      ]),
    );
    expect(mine.year.present).toBeGreaterThanOrEqual(1);
  });

  it("lists the branch's meetings for everyone in it", async () => {
    const list = await t.services.orglife.list(actors.member!, {});
    expect(list.recent.map((m) => m.topic)).toContain("学习党章 重温誓词");
    expect((await errorOf(t.services.orglife.list(actors.member!, { orgId: region.branchB }))).code).toBe("FORBIDDEN");
  });
});

describe("plan options", () => {
  it("offers groups, hosts, active partners and the catalogue", async () => {
    const options = await t.services.orglife.planOptions(actors.secretary!, {});
    expect(options.groups.map((g) => g.id)).toEqual([region.groupA1]);
    expect(options.partners.map((p) => p.id)).toEqual([region.branchB]);
    expect(options.members).toHaveLength(3 + 0);
    expect(options.themeActions.length).toBeGreaterThan(0);
  });
});
