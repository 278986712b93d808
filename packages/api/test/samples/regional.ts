import { createMember, createOrg } from "@dangjian/services/testing";
import type { Outcome, Persona, SampleContext, Samples } from "./types.ts";

let slot = 0;
/** A fresh hour (2031, apart from the orglife samples' 2030) so planned activities never clash. */
function nextSlot(): { plannedStart: Date; plannedEnd: Date } {
  slot += 1;
  const start = new Date(Date.UTC(2031, 0, 1) + slot * 3 * 3_600_000);
  return { plannedStart: start, plannedEnd: new Date(start.getTime() + 3_600_000) };
}

const inAWeek = (ctx: SampleContext) => new Date(ctx.t.services.deps.now().getTime() + 7 * 86_400_000);

/** Another branch of the same region (under the city), fresh each time. */
const otherBranch = (ctx: SampleContext) =>
  createOrg(ctx.t.services.deps.db, {
    name: "样例共建单位党支部",
    kind: "BRANCH",
    level: "BRANCH",
    parentId: ctx.region.county,
  });

async function needOf(orgId: string, ctx: SampleContext): Promise<string> {
  const db = ctx.t.services.deps.db;
  const need = await db.need.create({
    data: {
      orgId,
      regionId: ctx.region.city,
      title: "样例需求",
      description: "样例",
      category: "MEDICAL",
      place: "村委会",
      wantedFrom: inAWeek(ctx),
      people: 3,
      createdById: crypto.randomUUID(),
    },
  });
  return need.id;
}

async function resourceOf(orgId: string, ctx: SampleContext): Promise<string> {
  const resource = await ctx.t.services.deps.db.resource.create({
    data: {
      orgId,
      regionId: ctx.region.city,
      title: "样例资源",
      description: "样例",
      category: "MEDICAL",
      kind: "PEOPLE",
      createdById: crypto.randomUUID(),
    },
  });
  return resource.id;
}

/** A project between `holderOrgId` and a fresh branch, in `status`, with an active partnership. */
async function projectOf(
  holderOrgId: string,
  ctx: SampleContext,
  status: "REQUESTED" | "ACTIVE" | "CLOSED",
  options: { holderIsProvider?: boolean; held?: boolean } = {},
): Promise<string> {
  const db = ctx.t.services.deps.db;
  const other = await otherBranch(ctx);
  const [holder, provider] = options.holderIsProvider ? [other, holderOrgId] : [holderOrgId, other];
  const project = await db.project.create({
    data: {
      regionId: ctx.region.city,
      title: "样例项目",
      category: "MEDICAL",
      holderOrgId: holder,
      providerOrgId: provider,
      status,
      createdById: crypto.randomUUID(),
    },
  });
  const [orgAId, orgBId] = [holder, provider].sort() as [string, string];
  await db.orgLink.create({
    data: { orgAId, orgBId, type: "PAIRING", status: "ACTIVE", startsOn: new Date("2026-01-01T00:00:00Z") },
  });
  if (options.held) {
    const now = ctx.t.services.deps.now();
    await db.meeting.create({
      data: {
        orgId: holder,
        type: "JOINT_ACTIVITY",
        status: "HELD",
        topic: "样例联建活动",
        plannedStart: now,
        plannedEnd: now,
        heldStart: now,
        heldEnd: now,
        projectId: project.id,
      },
    });
  }
  return project.id;
}

const loggedIn = (p: Persona): Outcome => (p.phone ? "ok" : "UNAUTHORIZED");
const DAY = 86_400_000;
/** Today in China as a UTC midnight (the services' "today"). */
const chinaToday = (ctx: SampleContext) => {
  const d = new Date(ctx.t.services.deps.now().getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
};

/** A fresh member of `orgId` (no account). */
const freshMember = (orgId: string, ctx: SampleContext) =>
  createMember(ctx.t.services.deps.db, { name: "样例党员", branchId: orgId });

/** A 双报到 of a fresh member of another branch to `communityOrgId`, reported yesterday. */
async function reportTo(communityOrgId: string, ctx: SampleContext): Promise<string> {
  const home = await otherBranch(ctx);
  const memberId = await freshMember(home, ctx);
  const report = await ctx.t.services.deps.db.communityReport.create({
    data: {
      memberId,
      communityOrgId,
      homeBranchId: home,
      reportedAt: new Date(ctx.t.services.deps.now().getTime() - 2 * DAY),
    },
  });
  return report.id;
}

/** An open 流动 registration: a fresh member of `home` received (or to be received) by `receiving`. */
async function registration(
  home: string,
  receiving: string,
  ctx: SampleContext,
  status: "AWAY" | "ACCEPTED" = "AWAY",
): Promise<string> {
  const memberId = await freshMember(home, ctx);
  const row = await ctx.t.services.deps.db.mobileRegistration.create({
    data: {
      memberId,
      homeBranchId: home,
      receivingOrgId: receiving,
      destination: "样例市某工地",
      leftOn: new Date(chinaToday(ctx).getTime() - 10 * DAY),
      status,
      createdById: crypto.randomUUID(),
    },
  });
  return row.id;
}

export const regionalSamples: Samples = {
  // ── 双报到 ──
  "regional.communities": { input: () => undefined, unscoped: true, expect: loggedIn },
  "regional.myReport": { input: () => undefined, unscoped: true, expect: loggedIn },
  "regional.report": {
    // the caller reports to a fresh community of the region (a second report moves them there)
    input: async (_orgId, ctx) => ({
      communityOrgId: await (async () => {
        const id = await otherBranch(ctx);
        await ctx.t.services.deps.db.org.update({ where: { id }, data: { sector: "COMMUNITY" } });
        return id;
      })(),
    }),
    unscoped: true,
    expect: loggedIn,
  },
  "regional.roster": { input: (orgId) => ({ orgId }) },
  "regional.recordService": {
    input: async (orgId, ctx) => ({
      reportId: await reportTo(orgId, ctx),
      servedOn: chinaToday(ctx),
      hours: 2,
      description: "帮助社区整理图书",
    }),
  },
  "regional.homeSummary": { input: (orgId) => ({ orgId }) },
  "regional.dualCounts": { input: (orgId) => ({ orgId }) },
  // ── 流动党员 ──
  "regional.mobile": { input: (orgId) => ({ orgId }) },
  "regional.mobileRegister": {
    input: async (orgId, ctx) => ({
      memberId: await freshMember(orgId, ctx),
      receivingOrgId: await otherBranch(ctx),
      destination: "样例市建筑工地",
      leftOn: chinaToday(ctx),
    }),
  },
  "regional.mobileAccept": {
    input: async (orgId, ctx) => ({ registrationId: await registration(await otherBranch(ctx), orgId, ctx) }),
  },
  "regional.mobileNote": {
    input: async (orgId, ctx) => ({
      registrationId: await registration(orgId, await otherBranch(ctx), ctx),
      note: "电话联系，工作顺利",
    }),
  },
  "regional.mobileReturn": {
    input: async (orgId, ctx) => ({
      registrationId: await registration(orgId, await otherBranch(ctx), ctx),
      returnedOn: chinaToday(ctx),
    }),
  },
  "regional.mobileCheckIn": {
    // the caller is a member away (an open registration of their own), so the check-in is theirs to make
    input: async (_orgId, ctx) => {
      const persona = ctx.persona;
      if (!persona?.memberId) return undefined;
      const db = ctx.t.services.deps.db;
      const member = await db.member.findUniqueOrThrow({ where: { id: persona.memberId }, select: { branchId: true } });
      const open = await db.mobileRegistration.count({
        where: { memberId: persona.memberId, status: { in: ["AWAY", "ACCEPTED"] } },
      });
      if (open === 0) {
        await db.mobileRegistration.create({
          data: {
            memberId: persona.memberId,
            homeBranchId: member.branchId,
            receivingOrgId: await otherBranch(ctx),
            destination: "样例市",
            leftOn: chinaToday(ctx),
            createdById: crypto.randomUUID(),
          },
        });
      }
      return undefined;
    },
    unscoped: true,
    expect: loggedIn,
  },
  "regional.myMobile": { input: () => undefined, unscoped: true, expect: loggedIn },

  // region-wide lists: any officer of the region browses them (out of scope is the other region, tested in services)
  "regional.browse": { input: () => ({}), unscoped: true },
  "regional.need": { input: async (orgId, ctx) => ({ needId: await needOf(orgId, ctx) }), unscoped: true },
  "regional.resource": { input: async (orgId, ctx) => ({ resourceId: await resourceOf(orgId, ctx) }), unscoped: true },
  "regional.projects": { input: () => undefined, unscoped: true },
  "regional.postNeed": {
    input: (orgId, ctx) => ({
      orgId,
      title: "样例义诊需求",
      description: "为村里老人量血压",
      category: "MEDICAL",
      place: "村卫生室",
      wantedFrom: inAWeek(ctx),
      people: 4,
    }),
  },
  "regional.postResource": {
    input: (orgId) => ({
      orgId,
      title: "样例法律咨询",
      description: "每月一次",
      category: "LEGAL",
      kind: "SKILL",
      limits: "每月一次",
      capacity: 2,
    }),
  },
  // claim / order as orgId, something posted by another branch of the region
  "regional.claim": { input: async (orgId, ctx) => ({ needId: await needOf(await otherBranch(ctx), ctx), orgId }) },
  "regional.order": {
    input: async (orgId, ctx) => ({ resourceId: await resourceOf(await otherBranch(ctx), ctx), orgId }),
  },
  "regional.decide": {
    input: async (orgId, ctx) => ({
      projectId: await projectOf(orgId, ctx, "REQUESTED", { holderIsProvider: true }),
      accept: true,
    }),
  },
  "regional.project": { input: async (orgId, ctx) => ({ projectId: await projectOf(orgId, ctx, "ACTIVE") }) },
  "regional.planActivity": {
    input: async (orgId, ctx) => ({
      projectId: await projectOf(orgId, ctx, "ACTIVE"),
      hostOrgId: orgId,
      topic: "样例义诊",
      place: "村卫生室",
      ...nextSlot(),
    }),
  },
  "regional.close": {
    input: async (orgId, ctx) => ({
      projectId: await projectOf(orgId, ctx, "ACTIVE", { held: true }),
      result: "服务村民 30 人",
    }),
  },
  "regional.evaluate": {
    input: async (orgId, ctx) => ({
      projectId: await projectOf(orgId, ctx, "CLOSED"),
      rating: "SATISFIED",
      comment: "很好",
    }),
  },
};
