import { createOrg } from "@dangjian/services/testing";
import type { Samples } from "./types.ts";

export const partnershipsSamples: Samples = {
  "partnerships.ofOrg": { input: (orgId) => ({ orgId }) },
  "partnerships.committee": { input: () => undefined, unscoped: true },
  "partnerships.search": { input: () => ({ q: "支部" }), unscoped: true },
  "partnerships.create": {
    // a fresh organisation outside the subtree each time: a proposal, never a duplicate
    input: async (orgId, { t, region }) => ({
      fromOrgId: orgId,
      toOrgId: await createOrg(t.services.deps.db, {
        name: "样例对方组织",
        kind: "BRANCH",
        level: "BRANCH",
        parentId: region.city,
      }),
      type: "PAIRING",
      startsOn: new Date("2026-11-01T00:00:00Z"),
    }),
  },
  "partnerships.decide": {
    // a proposal made by an organisation elsewhere, waiting for orgId's side
    input: async (orgId, { t, region }) => {
      const proposer = await createOrg(t.services.deps.db, {
        name: "样例提议组织",
        kind: "BRANCH",
        level: "BRANCH",
        parentId: region.city,
      });
      const [orgAId, orgBId] = [orgId, proposer].sort() as [string, string];
      const link = await t.services.deps.db.orgLink.create({
        data: {
          orgAId,
          orgBId,
          type: "PAIRING",
          status: "PROPOSED",
          startsOn: new Date("2026-11-01T00:00:00Z"),
          proposedByOrgId: proposer,
        },
      });
      return { linkId: link.id, accept: true };
    },
  },
};
