import type { Samples } from "./types.ts";

export const partnershipsSamples: Samples = {
};
