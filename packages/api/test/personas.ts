// The callers the permission matrix and the fuzz use: nobody, each role on branch A, committee
// officers of the township above A, the county and the city, and the secretary of branch B.
import { ROLES, type Grant, type Role } from "@dangjian/core";
import { byPhone, createMember, type Region, type TestDatabase } from "@dangjian/services/testing";
import type { AppCaller } from "../src/index.ts";
import { personaBranch, type Persona } from "./samples/index.ts";
import { signedInCaller } from "./callers.ts";

type OrgKey = "branchA" | "branchB" | "town1" | "county" | "city";
export interface PersonaSpec {
  name: string;
  memberOf: OrgKey;
  grants: Array<{ role: Role; org: OrgKey }>;
}

export const PERSONA_SPECS: PersonaSpec[] = [
  // each role alone on branch A (no MEMBER grant unless the role is MEMBER)
  ...ROLES.map((role) => ({
    name: `${role}@A`,
    memberOf: "branchA" as const,
    grants: [{ role, org: "branchA" as const }],
  })),
  {
    name: "BRANCH_SECRETARY@B",
    memberOf: "branchB",
    grants: [
      { role: "MEMBER", org: "branchB" },
      { role: "BRANCH_SECRETARY", org: "branchB" },
    ],
  },
  { name: "COMMITTEE_STAFF@town1", memberOf: "town1", grants: [{ role: "COMMITTEE_STAFF", org: "town1" }] },
  { name: "COMMITTEE_ADMIN@town1", memberOf: "town1", grants: [{ role: "COMMITTEE_ADMIN", org: "town1" }] },
  { name: "COMMITTEE_ADMIN@county", memberOf: "county", grants: [{ role: "COMMITTEE_ADMIN", org: "county" }] },
  { name: "COMMITTEE_STAFF@city", memberOf: "city", grants: [{ role: "COMMITTEE_STAFF", org: "city" }] },
];

export const ANONYMOUS: Persona = { name: "anonymous", phone: null, memberId: null, accountId: null, grants: [] };

let seq = 0;
/** Creates a person with exactly the spec's grants (a fresh phone each time). */
export async function createPersona(
  t: TestDatabase,
  region: Region,
  spec: PersonaSpec,
  prefix = "1370",
): Promise<Persona> {
  const db = t.services.deps.db;
  const phone = `${prefix}${String(process.pid % 1000).padStart(3, "0")}${String(++seq).padStart(4, "0")}`;
  const memberId = await createMember(db, {
    name: `角色${spec.name}`,
    branchId: region[spec.memberOf],
    phone,
    roles: [],
  });
  const account = await db.account.findUniqueOrThrow({ where: byPhone(phone) });
  await db.roleGrant.deleteMany({ where: { accountId: account.id } });
  const grants: Grant[] = spec.grants.map((g) => ({ role: g.role, orgId: region[g.org] }));
  await db.roleGrant.createMany({ data: grants.map((g) => ({ accountId: account.id, role: g.role, orgId: g.orgId })) });
  if (spec.memberOf === "branchA") personaBranch.set(spec.name, "A");
  if (spec.memberOf === "branchB") personaBranch.set(spec.name, "B");
  return { name: spec.name, phone, memberId, accountId: account.id, grants };
}

export async function callerAs(t: TestDatabase, persona: Persona, ip = "127.0.0.1"): Promise<AppCaller> {
  return signedInCaller(t, persona.phone, { ip, userAgent: "vitest" });
}

/** The procedure at a dotted path of a caller. */
export function procedureAt(caller: AppCaller, path: string): (input: unknown) => Promise<unknown> {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
}
