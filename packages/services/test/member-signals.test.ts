// The per-member row the full warning pass reads instead of joining (ADR 1071): "MemberActivity"
// holds each member's branch, joining day and whether they are current (from Member), the latest
// year credited with its seconds and the latest day credited (from StudyCredit) and the officer
// flag (from CommitteeRole), kept by triggers. After every kind of write it must equal what the
// source tables say, computed here the way the incremental pass computes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMembers } from "../src/warnings/signals.ts";
import { createMember, createRegion, createTestDatabase, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
let branch: string;
let otherBranch: string;
let members: string[];

/** The kept signals that differ from the source tables (none when the triggers are right). */
async function drift(): Promise<unknown[]> {
  const db = t.services.deps.db;
  return db.$queryRawUnsafe<unknown[]>(
    `WITH source AS (
       SELECT m.id, m."branchId", m."joinedOn", m.active AND m."leftOn" IS NULL AS current,
         (SELECT max(sc."creditedOn") FROM "StudyCredit" sc WHERE sc."memberId" = m.id) AS credited,
         EXISTS (SELECT 1 FROM "CommitteeRole" cr WHERE cr."memberId" = m.id AND cr."endsOn" IS NULL AND cr.post <> 'GROUP_LEADER') AS officer,
         y.y AS year,
         coalesce((SELECT sum(sc.seconds) FROM "StudyCredit" sc WHERE sc."memberId" = m.id AND sc.year = y.y), 0)::int AS seconds
       FROM "Member" m CROSS JOIN LATERAL (SELECT max(sc.year) AS y FROM "StudyCredit" sc WHERE sc."memberId" = m.id) y),
     kept AS (
       SELECT m.id, ma."branchId", ma."joinedOn", ma.current, ma."lastCreditedOn" AS credited, ma.officer,
         ma."studyYear" AS year, ma."studySeconds" AS seconds
       FROM "Member" m LEFT JOIN "MemberActivity" ma ON ma."memberId" = m.id)
     (SELECT 'source' AS side, * FROM source EXCEPT SELECT 'source', * FROM kept)
     UNION ALL (SELECT 'kept', * FROM kept EXCEPT SELECT 'kept', * FROM source)`,
  );
}

/** The kept study figures of one member. */
async function study(id: string): Promise<{ year: number | null; seconds: number }> {
  const [row] = await t.services.deps.db.$queryRawUnsafe<Array<{ year: number | null; seconds: number }>>(
    `SELECT "studyYear" AS year, "studySeconds" AS seconds FROM "MemberActivity" WHERE "memberId" = $1::uuid`,
    id,
  );
  return row!;
}

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.services.deps.db;
  const region = await createRegion(db);
  branch = region.branchA;
  otherBranch = region.branchB;
  members = [];
  for (const name of ["甲", "乙", "丙"])
    members.push(await createMember(db, { name, branchId: branch, joinedOn: new Date("2020-01-01T00:00:00Z") }));
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

describe("the per-member row kept by triggers (ADR 1071)", () => {
  it("follow credits inserted, re-credited (the heartbeat upsert), moved, deleted and truncated", async () => {
    const db = t.services.deps.db;
    const [a, b] = members as [string, string];
    // several members and years in one statement
    await db.$executeRawUnsafe(
      `INSERT INTO "StudyCredit" (id, "memberId", year, "creditedOn", seconds, source) VALUES
         (gen_random_uuid(), $1::uuid, 2025, '2025-12-30', 100, 'OFFLINE'),
         (gen_random_uuid(), $1::uuid, 2026, '2026-03-01', 200, 'OFFLINE'),
         (gen_random_uuid(), $1::uuid, 2026, '2026-04-01', 300, 'EXAM'),
         (gen_random_uuid(), $2::uuid, 2026, '2026-02-01', 50, 'OFFLINE')`,
      a,
      b,
    );
    expect(await drift()).toEqual([]);
    // the latest year is kept with its seconds; the earlier year's credit is not in them
    expect(await study(a)).toEqual({ year: 2026, seconds: 500 });
    // the check itself sees figures that are off by one second
    await db.$executeRawUnsafe(
      `UPDATE "MemberActivity" SET "studySeconds" = "studySeconds" + 1 WHERE "memberId" = $1::uuid`,
      a,
    );
    expect((await drift()).length).toBeGreaterThan(0);
    await db.$executeRawUnsafe(
      `UPDATE "MemberActivity" SET "studySeconds" = "studySeconds" - 1 WHERE "memberId" = $1::uuid`,
      a,
    );
    // a credit of an earlier year changes nothing kept; one of a later year starts its count
    await db.$executeRawUnsafe(
      `INSERT INTO "StudyCredit" (id, "memberId", year, "creditedOn", seconds, source) VALUES (gen_random_uuid(), $1::uuid, 2025, '2025-06-01', 40, 'OFFLINE')`,
      a,
    );
    expect(await study(a)).toEqual({ year: 2026, seconds: 500 });
    await db.$executeRawUnsafe(
      `INSERT INTO "StudyCredit" (id, "memberId", year, "creditedOn", seconds, source) VALUES (gen_random_uuid(), $1::uuid, 2027, '2027-01-01', 25, 'OFFLINE')`,
      a,
    );
    expect(await study(a)).toEqual({ year: 2027, seconds: 25 });
    expect(await drift()).toEqual([]);
    await db.$executeRawUnsafe(`DELETE FROM "StudyCredit" WHERE "memberId" = $1::uuid AND year = 2027`, a);
    expect(await study(a)).toEqual({ year: 2026, seconds: 500 });
    // the heartbeat flush: insert or add seconds to the same (member, lesson, day, source)
    const credit = (seconds: number) =>
      db.$executeRawUnsafe(
        `INSERT INTO "StudyCredit" (id, "memberId", year, "creditedOn", seconds, source) VALUES (gen_random_uuid(), $1::uuid, 2026, '2026-05-01', $2, 'LESSON')
         ON CONFLICT ("memberId", "lessonId", "creditedOn", source) DO UPDATE SET seconds = "StudyCredit".seconds + EXCLUDED.seconds`,
        b,
        seconds,
      );
    await credit(30);
    await credit(30);
    expect(await drift()).toEqual([]);
    // a credit moved to an earlier day, and to another member
    await db.$executeRawUnsafe(
      `UPDATE "StudyCredit" SET "creditedOn" = '2026-01-15' WHERE "memberId" = $1::uuid AND "creditedOn" = '2026-04-01'`,
      a,
    );
    expect(await drift()).toEqual([]);
    await db.$executeRawUnsafe(
      `UPDATE "StudyCredit" SET "memberId" = $2::uuid WHERE "memberId" = $1::uuid AND "creditedOn" = '2026-03-01'`,
      a,
      b,
    );
    expect(await drift()).toEqual([]);
    // deleted: the sums fall and the latest day goes back (to none)
    await db.$executeRawUnsafe(`DELETE FROM "StudyCredit" WHERE "memberId" = $1::uuid AND year = 2026`, b);
    expect(await drift()).toEqual([]);
    await db.$executeRawUnsafe(`DELETE FROM "StudyCredit" WHERE "memberId" = $1::uuid`, a);
    expect(await drift()).toEqual([]);
    const [gone] = await db.$queryRawUnsafe<Array<{ d: Date | null }>>(
      `SELECT "lastCreditedOn" AS d FROM "MemberActivity" WHERE "memberId" = $1::uuid`,
      a,
    );
    expect(gone!.d).toBeNull();
    await db.$executeRawUnsafe(
      `INSERT INTO "StudyCredit" (id, "memberId", year, "creditedOn", seconds, source) VALUES (gen_random_uuid(), $1::uuid, 2026, '2026-06-01', 70, 'OFFLINE')`,
      a,
    );
    await db.$executeRawUnsafe(`TRUNCATE "StudyCredit"`);
    expect(await drift()).toEqual([]);
  });

  it("follow committee posts taken, ended, changed to group leader and removed", async () => {
    const db = t.services.deps.db;
    const [, , c] = members as [string, string, string];
    const role = (post: string) =>
      db.$queryRawUnsafe<Array<{ id: string }>>(
        `INSERT INTO "CommitteeRole" (id, "memberId", "orgId", post, "startsOn") VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::"CommitteePost", '2026-01-01') RETURNING id`,
        c,
        branch,
        post,
      );
    const officer = async () =>
      (
        await db.$queryRawUnsafe<Array<{ o: boolean }>>(
          `SELECT officer AS o FROM "MemberActivity" WHERE "memberId" = $1::uuid`,
          c,
        )
      )[0]?.o ?? false;
    const [leader] = await role("GROUP_LEADER");
    expect(await officer()).toBe(false);
    const [secretary] = await role("SECRETARY");
    expect(await officer()).toBe(true);
    expect(await drift()).toEqual([]);
    await db.$executeRawUnsafe(`UPDATE "CommitteeRole" SET "endsOn" = '2026-06-30' WHERE id = $1::uuid`, secretary!.id);
    expect(await officer()).toBe(false);
    await db.$executeRawUnsafe(`UPDATE "CommitteeRole" SET post = 'PROPAGANDA' WHERE id = $1::uuid`, leader!.id);
    expect(await officer()).toBe(true);
    expect(await drift()).toEqual([]);
    await db.$executeRawUnsafe(`DELETE FROM "CommitteeRole" WHERE "memberId" = $1::uuid`, c);
    expect(await officer()).toBe(false);
    expect(await drift()).toEqual([]);
  });

  it("follow members joining, moving branch, leaving and coming back, and rows written by other paths", async () => {
    const db = t.services.deps.db;
    const d = await createMember(db, { name: "丁", branchId: branch, joinedOn: new Date("2021-03-01T00:00:00Z") });
    expect(await drift()).toEqual([]);
    await db.$executeRawUnsafe(`UPDATE "Member" SET "branchId" = $2::uuid WHERE id = $1::uuid`, d, otherBranch);
    expect(await drift()).toEqual([]);
    await db.$executeRawUnsafe(`UPDATE "Member" SET "leftOn" = '2026-02-01' WHERE id = $1::uuid`, d);
    expect(await drift()).toEqual([]);
    await db.$executeRawUnsafe(`UPDATE "Member" SET "leftOn" = NULL, active = false WHERE id = $1::uuid`, d);
    expect(await drift()).toEqual([]);
    await db.$executeRawUnsafe(`UPDATE "Member" SET active = true, "joinedOn" = '2021-04-01' WHERE id = $1::uuid`, d);
    expect(await drift()).toEqual([]);
    // a row lost and written again by another path (the contact use case) is completed from the sources
    await db.$executeRawUnsafe(
      `INSERT INTO "StudyCredit" (id, "memberId", year, "creditedOn", seconds, source) VALUES (gen_random_uuid(), $1::uuid, 2026, '2026-07-01', 90, 'OFFLINE')`,
      d,
    );
    await db.$executeRawUnsafe(`DELETE FROM "MemberActivity" WHERE "memberId" = $1::uuid`, d);
    expect((await drift()).length).toBeGreaterThan(0);
    await db.$executeRawUnsafe(
      `INSERT INTO "MemberActivity" ("memberId", "lastContactAt") VALUES ($1::uuid, now())`,
      d,
    );
    expect(await drift()).toEqual([]);
    expect(await study(d)).toEqual({ year: 2026, seconds: 90 });
    // a credit to a member whose row is missing creates it once, not counting the credit twice
    await db.$executeRawUnsafe(`DELETE FROM "MemberActivity" WHERE "memberId" = $1::uuid`, d);
    await db.$executeRawUnsafe(
      `INSERT INTO "StudyCredit" (id, "memberId", year, "creditedOn", seconds, source) VALUES (gen_random_uuid(), $1::uuid, 2026, '2026-07-02', 10, 'OFFLINE')`,
      d,
    );
    expect(await study(d)).toEqual({ year: 2026, seconds: 100 });
    expect(await drift()).toEqual([]);
  });

  it("read by the full pass as the incremental pass reads the sources, also for a credit dated in a later year", async () => {
    const db = t.services.deps.db;
    const e = await createMember(db, { name: "戊", branchId: otherBranch, joinedOn: new Date("2019-05-01T00:00:00Z") });
    await db.$executeRawUnsafe(
      `INSERT INTO "StudyCredit" (id, "memberId", year, "creditedOn", seconds, source) VALUES
         (gen_random_uuid(), $1::uuid, 2026, '2026-09-01', 7200, 'OFFLINE'),
         (gen_random_uuid(), $1::uuid, 2027, '2027-01-01', 60, 'OFFLINE')`,
      e,
    );
    expect(await study(e)).toEqual({ year: 2027, seconds: 60 });
    // the pass's clock is still in 2026: the kept figures are of 2027, the branch is read from its credits
    const now = new Date("2026-12-31T20:00:00Z");
    const [full, keyed] = await db.$transaction(async (tx) => [
      await loadMembers(tx, null, now),
      await loadMembers(tx, [branch, otherBranch], now),
    ]);
    // the listed members in any order (neither statement orders them)
    const sorted = (m: (typeof full extends Map<string, infer B> ? B : never) | undefined) =>
      m && { ...m, members: [...m.members].sort((x, y) => x.memberId.localeCompare(y.memberId)) };
    for (const id of [branch, otherBranch]) expect(sorted(full.get(id))).toEqual(sorted(keyed.get(id)));
    expect(full.get(otherBranch)!.studySeconds).toBeGreaterThanOrEqual(7200);
  });
});
