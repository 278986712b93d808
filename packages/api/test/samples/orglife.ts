import type { Samples } from "./types.ts";

export const orglifeSamples: Samples = {
};
