import type { Samples } from "./types.ts";

export const networkSamples: Samples = {
};
