// The per-member signals the full warning pass reads instead of aggregating (ADR 1069): this
// year's study seconds ("MemberStudyYear"), the latest day credited and the officer flag
// ("MemberActivity"), kept by triggers. After every kind of write they must equal what the
// source tables say, computed here the way the incremental pass computes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember, createRegion, createTestDatabase, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
let branch: string;
let members: string[];

/** The kept signals that differ from the source tables (none when the triggers are right). */
async function drift(): Promise<unknown[]> {
  const db = t.services.deps.db;
  return db.$queryRawUnsafe<unknown[]>(
    `WITH source AS (
       SELECT m.id,
         (SELECT max(sc."creditedOn") FROM "StudyCredit" sc WHERE sc."memberId" = m.id) AS credited,
         EXISTS (SELECT 1 FROM "CommitteeRole" cr WHERE cr."memberId" = m.id AND cr."endsOn" IS NULL AND cr.post <> 'GROUP_LEADER') AS officer,
         coalesce((SELECT jsonb_object_agg(y.year, y.s) FROM (SELECT year, sum(seconds) AS s FROM "StudyCredit" sc WHERE sc."memberId" = m.id GROUP BY year) y
                   WHERE y.s <> 0), '{}') AS years
       FROM "Member" m),
     kept AS (
       SELECT m.id, ma."lastCreditedOn" AS credited, coalesce(ma.officer, false) AS officer,
         coalesce((SELECT jsonb_object_agg(y.year, y.seconds) FROM "MemberStudyYear" y WHERE y."memberId" = m.id AND y.seconds <> 0), '{}') AS years
       FROM "Member" m LEFT JOIN "MemberActivity" ma ON ma."memberId" = m.id)
     (SELECT 'source' AS side, * FROM source EXCEPT SELECT 'source', * FROM kept)
     UNION ALL (SELECT 'kept', * FROM kept EXCEPT SELECT 'kept', * FROM source)`,
  );
}

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.services.deps.db;
  branch = (await createRegion(db)).branchA;
  members = [];
  for (const name of ["甲", "乙", "丙"])
    members.push(await createMember(db, { name, branchId: branch, joinedOn: new Date("2020-01-01T00:00:00Z") }));
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

describe("the per-member study and officer signals kept by triggers (ADR 1069)", () => {
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
    const [sums] = await db.$queryRawUnsafe<Array<{ s: number }>>(
      `SELECT seconds AS s FROM "MemberStudyYear" WHERE "memberId" = $1::uuid AND year = 2026`,
      a,
    );
    expect(sums!.s).toBe(500);
    // the check itself sees a sum that is off by one second
    await db.$executeRawUnsafe(
      `UPDATE "MemberStudyYear" SET seconds = seconds + 1 WHERE "memberId" = $1::uuid AND year = 2026`,
      a,
    );
    expect((await drift()).length).toBeGreaterThan(0);
    await db.$executeRawUnsafe(
      `UPDATE "MemberStudyYear" SET seconds = seconds - 1 WHERE "memberId" = $1::uuid AND year = 2026`,
      a,
    );
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
});
