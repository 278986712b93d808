import type { Samples } from "./types.ts";
import type { SampleContext } from "./types.ts";

/** A firing warning on the organisation, so that view / act calls have something to touch. */
async function warningIn(orgId: string, { t }: SampleContext): Promise<string> {
  const w = await t.services.deps.db.warning.upsert({
    where: { ruleId_subjectType_subjectId: { ruleId: "O2", subjectType: "ORG", subjectId: orgId } },
    create: {
      ruleId: "O2",
      subjectType: "ORG",
      subjectId: orgId,
      orgId,
      state: "FIRING",
      severity: "WARNING",
      messageKey: "warnings.msg.O2",
      params: { rate: 70, expected: 10, present: 7, warn: 80 },
    },
    update: {},
  });
  return w.id;
}

/** A partnership between branches A and B: visible from either side. */
async function linkAB({ t, region }: SampleContext): Promise<string> {
  const [a, b] = [region.branchA, region.branchB].sort();
  const link = await t.services.deps.db.orgLink.upsert({
    where: { orgAId_orgBId: { orgAId: a!, orgBId: b! } },
    create: {
      orgAId: a!,
      orgBId: b!,
      type: "PAIRING",
      status: "ACTIVE",
      startsOn: new Date("2026-01-01"),
      strength: 1,
      strengthAt: new Date("2026-11-01"),
    },
    update: {},
  });
  return link.id;
}

export const warningsSamples: Samples = {
  "warnings.dashboard": { input: (orgId) => ({ orgId }) },
  "warnings.list": { input: (orgId) => ({ orgId }) },
  "warnings.get": { input: async (orgId, ctx) => ({ id: await warningIn(orgId, ctx) }) },
  "warnings.acknowledge": { input: async (orgId, ctx) => ({ id: await warningIn(orgId, ctx), note: "已认领" }) },
  "warnings.silence": {
    input: async (orgId, ctx) => ({
      id: await warningIn(orgId, ctx),
      until: new Date(ctx.t.services.deps.now().getTime() + 7 * 86_400_000),
      reason: "正在调整",
    }),
  },
  "warnings.tune": { input: (orgId) => ({ orgId, ruleId: "O2", warn: 0.8, crit: 0.6, recover: 0.85, forDays: 0 }) },
  "warnings.graph": { input: (orgId) => ({ orgId }) },
  "warnings.whatIf": { input: async (orgId, ctx) => ({ orgId, linkIds: [await linkAB(ctx)] }) },
};
