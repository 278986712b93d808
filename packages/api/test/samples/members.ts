import type { Samples } from "./types.ts";

export const membersSamples: Samples = {
};
