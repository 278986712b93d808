import type { Samples } from "./types.ts";

export const foundationSamples: Samples = {
  "org.subtree": { input: (orgId) => ({ rootId: orgId }) },
  "branch.overview": { input: (orgId) => ({ orgId }) },
};
