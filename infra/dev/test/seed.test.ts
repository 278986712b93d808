// The demo region against a real database: idempotent, deterministic, a well-formed tree, and
// the weak spots the dashboards and warnings are meant to find.
import { piiHash, piiKeysFromEnv } from "@dangjian/db/pii";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@dangjian/db";
import { DEMO_ACCOUNTS, DEMO_STALE_BRIDGE, DEMO_WEAK_BRANCHES, seedDemo } from "@dangjian/seed";
import { createDatabase, query, type ClonedDatabase } from "../src/vitest-database.ts";

process.env.DANGJIAN_PII_KEY ??= randomBytes(32).toString("base64");
const reference = new Date("2026-11-22T08:00:00Z");
let first: ClonedDatabase;
let second: ClonedDatabase;

async function seed(url: string) {
  const db = createDb(url, { max: 2 });
  try {
    return await seedDemo(db, { referenceDate: reference });
  } finally {
    await db.$disconnect();
  }
}

beforeAll(async () => {
  first = await createDatabase();
  second = await createDatabase();
}, 60_000);
afterAll(async () => {
  await first.drop();
  await second.drop();
});

describe("demo region seed", () => {
  it("seeds once and then leaves the data alone", async () => {
    const result = await seed(first.url);
    expect(result.seeded).toBe(true);
    expect(result.counts.members).toBeGreaterThanOrEqual(550);
    expect(result.counts.members).toBeLessThanOrEqual(650);
    expect(await seed(first.url)).toMatchObject({ seeded: false });
    const [row] = await query<{ count: string }>(first.url, `SELECT count(*) FROM "Member"`);
    expect(Number(row!.count)).toBe(result.counts.members);
  }, 60_000);

  it("is deterministic for the same reference date", async () => {
    await seed(second.url);
    const members = `SELECT id, name, "memberNo", "branchId" FROM "Member" ORDER BY id`;
    expect(await query(second.url, members)).toEqual(await query(first.url, members));
    const meetings = `SELECT id, "orgId", type, "heldStart" FROM "Meeting" ORDER BY id`;
    expect(await query(second.url, meetings)).toEqual(await query(first.url, meetings));
  }, 60_000);

  it("builds a well-formed tree of about 30 branches under one city", async () => {
    const orgs = await query<{
      id: string;
      parentId: string | null;
      ancestorIds: string[];
      path: string;
      depth: number;
      kind: string;
    }>(first.url, `SELECT id, "parentId", "ancestorIds", path, depth, kind FROM "Org"`);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    expect(orgs.filter((o) => o.parentId === null)).toHaveLength(1);
    for (const org of orgs) {
      const parent = org.parentId ? byId.get(org.parentId)! : null;
      expect(org.ancestorIds).toEqual(parent ? [...parent.ancestorIds, parent.id] : []);
      expect(org.depth).toBe(org.ancestorIds.length);
      expect(org.path).toBe(`/${[...org.ancestorIds, org.id].join("/")}/`);
    }
    const branches = orgs.filter((o) => o.kind === "BRANCH" || o.kind === "JOINT_BRANCH");
    expect(branches.length).toBeGreaterThanOrEqual(25);
    expect(branches.length).toBeLessThanOrEqual(40);
    // every member belongs to a branch-level organisation, never to a committee or party group
    const misplaced = await query(
      first.url,
      `SELECT m.id FROM "Member" m JOIN "Org" o ON o.id = m."branchId" WHERE o.kind IN ('COMMITTEE', 'PARTY_GROUP')`,
    );
    expect(misplaced).toEqual([]);
  });

  it("gives every demo account the roles the README promises", async () => {
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      const rows = await query<{ role: string; org: string }>(
        first.url,
        `SELECT g.role, o.name AS org FROM "Account" a JOIN "RoleGrant" g ON g."accountId" = a.id JOIN "Org" o ON o.id = g."orgId" WHERE a."phoneHash" = $1`,
        [piiHash(piiKeysFromEnv(), "phone", account.phone)],
      );
      for (const role of account.roles)
        expect(rows, `${account.displayName} ${role}`).toContainEqual({ role, org: account.orgName });
    }
  });

  it("contains the deliberately weak branches and the stale bridge", async () => {
    const since = (months: number) =>
      new Date(Date.UTC(reference.getUTCFullYear(), reference.getUTCMonth() - months, 1));
    const [quiet] = await query<{ held: string }>(
      first.url,
      `SELECT count(*) AS held FROM "Meeting" m JOIN "Org" o ON o.id = m."orgId" WHERE o.name = $1 AND m.status = 'HELD' AND m."heldStart" >= $2`,
      [DEMO_WEAK_BRANCHES.noRecentMeetings, since(4)],
    );
    expect(Number(quiet!.held)).toBe(0);

    const [attendance] = await query<{ rate: number }>(
      first.url,
      `SELECT avg((a.status = 'PRESENT')::int)::float AS rate FROM "Attendance" a JOIN "Meeting" m ON m.id = a."meetingId" JOIN "Org" o ON o.id = m."orgId" WHERE o.name = $1 AND a.expected`,
      [DEMO_WEAK_BRANCHES.lowAttendance],
    );
    expect(attendance!.rate).toBeLessThan(0.7);

    const unpaid = await query(
      first.url,
      `SELECT m.id FROM "Member" m JOIN "Org" o ON o.id = m."branchId" WHERE o.name = $1
         AND NOT EXISTS (SELECT 1 FROM "DuesMonth" d WHERE d."memberId" = m.id AND d.month >= $2)`,
      [DEMO_WEAK_BRANCHES.duesArrears, since(5)],
    );
    expect(unpaid.length).toBeGreaterThanOrEqual(3);

    const [bridge] = await query<{ last: Date | null }>(
      first.url,
      `SELECT max(m."heldStart") AS last FROM "Meeting" m JOIN "MeetingOrg" a ON a."meetingId" = m.id JOIN "Org" oa ON oa.id = a."orgId"
         JOIN "MeetingOrg" b ON b."meetingId" = m.id JOIN "Org" ob ON ob.id = b."orgId"
       WHERE m.type = 'JOINT_ACTIVITY' AND oa.name = $1 AND ob.name = $2`,
      [DEMO_STALE_BRIDGE.orgNames[0], DEMO_STALE_BRIDGE.orgNames[1]],
    );
    expect(bridge!.last).not.toBeNull();
    expect(bridge!.last!.getTime()).toBeLessThan(since(6).getTime());
  });
});
