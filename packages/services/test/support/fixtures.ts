// A small region for integration tests: city → county → two townships → branches A and B.
import { piiHash, piiKeysFromEnv, sealAccountRow, sealMemberRow } from "@dangjian/db/pii";
import type { Db, MemberCategory, OrgKind, OrgLevel, Role } from "@dangjian/db";
import { hashPassword } from "../../src/auth/passwords.ts";

export const PASSWORD = "Test@12345";
let passwordHash: Promise<string> | undefined;

export interface Region {
  city: string;
  county: string;
  town1: string;
  town2: string;
  branchA: string;
  groupA1: string;
  branchB: string;
  members: { alice: string; bob: string; carol: string; dave: string };
  phones: { member: string; secretary: string; town1: string; county: string; memberB: string };
}

export async function createOrg(
  db: Db,
  input: { name: string; kind: OrgKind; level: OrgLevel; parentId?: string },
): Promise<string> {
  const parent = input.parentId ? await db.org.findUniqueOrThrow({ where: { id: input.parentId } }) : null;
  const id = crypto.randomUUID();
  await db.org.create({
    data: {
      id,
      name: input.name,
      kind: input.kind,
      level: input.level,
      parentId: parent?.id ?? null,
      ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [],
      path: `${parent?.path ?? "/"}${id}/`,
      depth: parent ? parent.depth + 1 : 0,
    },
  });
  return id;
}

let memberSeq = 0;
export async function createMember(
  db: Db,
  input: {
    name: string;
    branchId: string;
    partyGroupId?: string;
    category?: MemberCategory;
    probationary?: boolean;
    joinedOn?: Date;
    phone?: string;
    roles?: Array<{ role: Role; orgId: string }>;
  },
): Promise<string> {
  memberSeq += 1;
  const joinedOn = input.joinedOn ?? new Date("2010-07-01T00:00:00Z");
  const member = await db.member.create({
    data: sealMemberRow(piiKeysFromEnv(), {
      memberNo: `TS${String(Date.now() % 1e6).padStart(6, "0")}${String(memberSeq).padStart(4, "0")}`,
      name: input.name,
      gender: "FEMALE",
      status: input.probationary ? "PROBATIONARY" : "FULL",
      category: input.category ?? "ON_DUTY",
      joinedOn,
      fullMemberOn: input.probationary ? null : new Date(joinedOn.getTime() + 365 * 86_400_000),
      branchId: input.branchId,
      partyGroupId: input.partyGroupId ?? null,
      phone: input.phone ?? null,
    }),
  });
  if (input.phone) {
    passwordHash ??= hashPassword(PASSWORD);
    await db.account.create({
      data: {
        memberId: member.id,
        displayName: input.name,
        ...sealAccountRow(piiKeysFromEnv(), { phone: input.phone }),
        passwordHash: await passwordHash,
        roleGrants: { create: [{ role: "MEMBER", orgId: input.branchId }, ...(input.roles ?? [])] },
      },
    });
  }
  return member.id;
}

export async function createRegion(db: Db): Promise<Region> {
  const city = await createOrg(db, { name: "测试市委", kind: "COMMITTEE", level: "CITY" });
  const county = await createOrg(db, { name: "测试县委", kind: "COMMITTEE", level: "COUNTY", parentId: city });
  const town1 = await createOrg(db, { name: "东镇党委", kind: "COMMITTEE", level: "TOWNSHIP", parentId: county });
  const town2 = await createOrg(db, { name: "西镇党委", kind: "COMMITTEE", level: "TOWNSHIP", parentId: county });
  const branchA = await createOrg(db, { name: "东村党支部", kind: "BRANCH", level: "BRANCH", parentId: town1 });
  const groupA1 = await createOrg(db, { name: "第一党小组", kind: "PARTY_GROUP", level: "GROUP", parentId: branchA });
  const branchB = await createOrg(db, { name: "西村党支部", kind: "BRANCH", level: "BRANCH", parentId: town2 });
  const phones = {
    member: "13900000001",
    secretary: "13900000002",
    town1: "13900000003",
    county: "13900000004",
    memberB: "13900000005",
  };
  const alice = await createMember(db, {
    name: "李红",
    branchId: branchA,
    partyGroupId: groupA1,
    phone: phones.member,
  });
  const bob = await createMember(db, {
    name: "王强",
    branchId: branchA,
    phone: phones.secretary,
    category: "RETIRED",
    roles: [{ role: "BRANCH_SECRETARY", orgId: branchA }],
  });
  const carol = await createMember(db, {
    name: "张芳",
    branchId: branchA,
    probationary: true,
    category: "FARMER",
    joinedOn: new Date("2026-03-01T00:00:00Z"),
  });
  const dave = await createMember(db, { name: "赵伟", branchId: branchB, phone: phones.memberB });
  await createMember(db, {
    name: "周敏",
    branchId: town1,
    phone: phones.town1,
    roles: [{ role: "COMMITTEE_STAFF", orgId: town1 }],
  });
  await createMember(db, {
    name: "吴军",
    branchId: county,
    phone: phones.county,
    roles: [{ role: "COMMITTEE_STAFF", orgId: county }],
  });
  return { city, county, town1, town2, branchA, groupA1, branchB, members: { alice, bob, carol, dave }, phones };
}

/** The unique key that finds an account by its login phone (phones are stored encrypted). */
export function byPhone(phone: string): { phoneHash: string } {
  return { phoneHash: piiHash(piiKeysFromEnv(), "phone", phone) };
}

/** Gives the account behind `phone` one more role (the actor must sign in again to carry it). */
export async function grantRole(db: Db, phone: string, role: Role, orgId: string): Promise<void> {
  const account = await db.account.findUniqueOrThrow({ where: byPhone(phone) });
  await db.roleGrant.create({ data: { accountId: account.id, role, orgId } });
}

/** Two organisations paired (结对共建), active since `startsOn`. */
export async function pairOrgs(db: Db, one: string, other: string, startsOn: Date): Promise<void> {
  const [orgAId, orgBId] = [one, other].sort() as [string, string];
  await db.orgLink.create({ data: { orgAId, orgBId, type: "PAIRING", status: "ACTIVE", startsOn } });
}

/** A branch under `parentId` whose secretary signs in with `secretary.phone`; answers the branch's id. */
export async function branchWithSecretary(
  db: Db,
  branch: { name: string; parentId: string },
  secretary: { name: string; phone: string },
): Promise<string> {
  const id = await createOrg(db, { ...branch, kind: "BRANCH", level: "BRANCH" });
  await createMember(db, { ...secretary, branchId: id, roles: [{ role: "BRANCH_SECRETARY", orgId: id }] });
  return id;
}
