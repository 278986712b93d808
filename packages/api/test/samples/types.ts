import type { Grant } from "@dangjian/core";
import type { Region, TestDatabase } from "@dangjian/services/testing";

/** Who calls: nobody (anonymous) or a person with exactly these grants, a member of branch A or B. */
export interface Persona {
  name: string;
  /** null: not logged in */
  phone: string | null;
  memberId: string | null;
  accountId: string | null;
  grants: Grant[];
}

export interface SampleContext {
  t: TestDatabase;
  region: Region;
  /** the caller (the matrix and the fuzz pass it; fixtures may put the caller on a list) */
  persona?: Persona;
}

/** What a call answers: "ok" or the tRPC error code. */
export type Outcome =
  "ok" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "BAD_REQUEST" | "CONFLICT" | "TOO_MANY_REQUESTS";

/**
 * How the permission matrix calls one procedure: the input aimed at an organisation (branch A or
 * branch B: in or out of the caller's scope). `input` may create fixtures first (e.g. a meeting in
 * that organisation). `unscoped` procedures with a declared permission (not tied to an
 * organisation) are only checked for the role's permission.
 *
 * Procedures without a declared permission (login only, or public) must say who gets what:
 * `expect(persona, target)`; the matrix then asserts exactly that for every persona, including
 * the anonymous one.
 */
export interface Sample {
  input: (orgId: string, ctx: SampleContext) => unknown;
  unscoped?: boolean;
  expect?: (persona: Persona, target: "A" | "B", ctx: SampleContext) => Outcome;
  /** the call ends or changes the caller's session: made with a session of its own */
  endsSession?: boolean;
}

export type Samples = Record<string, Sample>;
