import type { Samples } from "./types.ts";

export const tasksSamples: Samples = {
};
