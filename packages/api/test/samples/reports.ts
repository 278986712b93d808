import type { Samples } from "./types.ts";

export const reportsSamples: Samples = {
};
