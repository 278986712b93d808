import { createOrg } from "@dangjian/services/testing";
import type { SampleContext, Samples } from "./types.ts";

let slot = 0;
/** A fresh hour far from other samples, so planned meetings never clash. */
function nextSlot(): { plannedStart: Date; plannedEnd: Date } {
  slot += 1;
  const start = new Date(Date.UTC(2030, 0, 1) + slot * 3 * 3_600_000);
  return { plannedStart: start, plannedEnd: new Date(start.getTime() + 3_600_000) };
}

function memberOf(orgId: string, { region }: SampleContext): string {
  return orgId === region.branchA ? region.members.alice : region.members.dave;
}

/** A meeting of `orgId` happening now (open for check-in, not locked), with one member expected. */
async function meetingIn(orgId: string, ctx: SampleContext, options: { startedAgoMs?: number } = {}): Promise<string> {
  const now = ctx.t.services.deps.now();
  const start = new Date(now.getTime() - (options.startedAgoMs ?? 10 * 60_000));
  const meeting = await ctx.t.services.deps.db.meeting.create({
    data: {
      orgId,
      type: "THEME_DAY",
      topic: "权限样例会议",
      plannedStart: start,
      plannedEnd: new Date(start.getTime() + 2 * 3_600_000),
      checkInSecret: "ABCD2345",
      orgs: { create: [{ orgId, isHost: true, confirmedAt: now }] },
      attendances: { create: [{ memberId: memberOf(orgId, ctx), status: "ABSENT" }] },
    },
  });
  return meeting.id;
}

export const orglifeSamples: Samples = {
  "orglife.calendar": { input: (orgId) => ({ orgId }) },
  "orglife.list": { input: (orgId) => ({ orgId }) },
  "orglife.get": { input: async (orgId, ctx) => ({ meetingId: await meetingIn(orgId, ctx) }) },
  "orglife.planOptions": { input: (orgId) => ({ orgId }) },
  "orglife.plan": { input: (orgId) => ({ orgId, type: "PARTY_LECTURE", topic: "权限样例党课", ...nextSlot() }) },
  "orglife.confirm": {
    input: async (orgId, ctx) => {
      const host = await createOrg(ctx.t.services.deps.db, {
        name: "样例联建单位",
        kind: "BRANCH",
        level: "BRANCH",
        parentId: ctx.region.city,
      });
      const meeting = await ctx.t.services.deps.db.meeting.create({
        data: {
          orgId: host,
          type: "JOINT_ACTIVITY",
          topic: "样例联建活动",
          ...nextSlot(),
          orgs: {
            create: [
              { orgId: host, isHost: true, confirmedAt: new Date() },
              { orgId, isHost: false },
            ],
          },
        },
      });
      return { meetingId: meeting.id, orgId };
    },
  },
  "orglife.cancel": { input: async (orgId, ctx) => ({ meetingId: await meetingIn(orgId, ctx), reason: "天气原因" }) },
  "orglife.mark": {
    input: async (orgId, ctx) => ({
      meetingId: await meetingIn(orgId, ctx),
      memberId: memberOf(orgId, ctx),
      status: "LEAVE",
      leaveReason: "外出",
    }),
  },
  "orglife.record": { input: async (orgId, ctx) => ({ meetingId: await meetingIn(orgId, ctx), minutes: "样例记录" }) },
  "orglife.startUpload": {
    input: async (orgId, ctx) => ({
      meetingId: await meetingIn(orgId, ctx),
      fileName: "a.png",
      contentType: "image/png",
      sizeBytes: 10,
    }),
  },
  "orglife.confirmUpload": {
    input: async (orgId, ctx) => {
      const meetingId = await meetingIn(orgId, ctx);
      const key = `meetings/${meetingId}/${crypto.randomUUID()}/a.png`;
      await ctx.t.services.deps.storage!.put(key, new Uint8Array([1, 2, 3]), "image/png");
      return { meetingId, key, fileName: "a.png" };
    },
  },
  "orglife.rules": { input: (orgId) => ({ orgId }) },
  "orglife.setRule": {
    input: (orgId) => ({ orgId, meetingType: "THEME_DAY", period: "MONTH", minCount: 1, fixedDay: 7 }),
  },
  "orglife.setThemeActions": {
    input: (orgId) => ({ orgId, actions: [{ code: "DUES", title: "现场缴纳党费", required: true }] }),
  },
};
