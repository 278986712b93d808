import type { Samples } from "./types.ts";

export const schoolSamples: Samples = {
  "school.catalogue": { input: () => ({}), unscoped: true },
};
