import type { Samples } from "./types.ts";

export const duesSamples: Samples = {
};
