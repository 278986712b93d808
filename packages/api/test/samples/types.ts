import type { Region, TestDatabase } from "@dangjian/services/testing";

export interface SampleContext {
  t: TestDatabase;
  region: Region;
}

/**
 * How the permission matrix calls one guarded procedure: the input aimed at an organisation
 * (branch A in scope, branch B out of scope). `input` may create fixtures first (e.g. a meeting
 * in that organisation). `unscoped` procedures (not tied to an organisation) are only checked
 * for the role's permission.
 */
export interface Sample {
  input: (orgId: string, ctx: SampleContext) => unknown;
  unscoped?: boolean;
}

export type Samples = Record<string, Sample>;
