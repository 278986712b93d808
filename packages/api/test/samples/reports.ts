import type { Samples } from "./types.ts";

export const reportsSamples: Samples = {
  "reports.year": { input: (orgId) => ({ orgId, year: new Date().getUTCFullYear() }) },
  "reports.workbook": { input: (orgId) => ({ orgId, year: new Date().getUTCFullYear() }) },
};
