import type { Samples } from "./types.ts";

export const foundationSamples: Samples = {
  "org.subtree": { input: (orgId) => ({ rootId: orgId }) },
  "branch.overview": { input: (orgId) => ({ orgId }) },
  "org.names": { input: (orgId) => ({ orgId }) },
  // the organisation's own name again: authorised or not, nothing changes for the other checks
  "org.rename": {
    input: async (orgId, { t }) => ({
      orgId,
      name: (await t.services.deps.db.org.findUniqueOrThrow({ where: { id: orgId } })).name,
    }),
  },
};
