import { createMember } from "@dangjian/services/testing";
import type { Samples } from "./types.ts";

export const cardSamples: Samples = {
  "card.changeStatus": {
    input: async (orgId, { t }) => ({
      memberId: await createMember(t.services.deps.db, { name: "样例党员", branchId: orgId }),
      action: "SUSPEND",
    }),
  },
  "card.statusOf": {
    input: async (orgId, { t }) => ({
      memberId: await createMember(t.services.deps.db, { name: "样例党员", branchId: orgId }),
    }),
  },
};
