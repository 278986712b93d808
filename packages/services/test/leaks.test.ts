// Smaller leaks (issue 13, defect 12): the course catalogue and the plan-meeting idempotency key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/index.ts";
import { errorOf, grantRole, loginActor, setUp, type Region, type TestDatabase, type Who } from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let actors: Record<Who, Actor>;

beforeAll(async () => {
  ({ t, region, actors } = await setUp(new Date("2026-11-20T02:00:00Z")));
});
afterAll(() => t.drop());

describe("course catalogue", () => {
  it("lists courses open to everyone and to the member's organisations, never those restricted to others", async () => {
    const db = t.services.deps.db;
    const open = await db.course.create({ data: { title: "公开课程", category: "理论学习", published: true } });
    const mine = await db.course.create({
      data: { title: "东村专题", category: "理论学习", published: true, audienceOrgId: region.branchA },
    });
    const theirs = await db.course.create({
      data: { title: "西村内部课程", category: "西村专题", published: true, audienceOrgId: region.branchB },
    });
    const list = await t.services.school.catalogue(actors.member, {});
    const ids = list.courses.map((c) => c.id);
    expect(ids).toContain(open.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(list.categories).not.toContain("西村专题");
    expect(JSON.stringify(list)).not.toContain("西村内部课程");
  });
});

describe("plan-meeting idempotency key", () => {
  it("a key first used by another organisation's secretary answers a conflict, never that meeting's id", async () => {
    await grantRole(t.services.deps.db, region.phones.memberB, "BRANCH_SECRETARY", region.branchB);
    const b = await loginActor(t, region.phones.memberB);
    const at = (iso: string) => new Date(iso);
    const theirRequest = {
      orgId: region.branchB,
      type: "PARTY_LECTURE" as const,
      topic: "西村党课",
      plannedStart: at("2026-11-25T01:00:00Z"),
      plannedEnd: at("2026-11-25T02:00:00Z"),
      idempotencyKey: "shared-key-1",
    };
    const theirs = await t.services.orglife.plan(b, theirRequest);
    const error = await errorOf(
      t.services.orglife.plan(actors.secretary, {
        orgId: region.branchA,
        type: "PARTY_LECTURE",
        topic: "东村党课",
        plannedStart: at("2026-11-26T01:00:00Z"),
        plannedEnd: at("2026-11-26T02:00:00Z"),
        idempotencyKey: "shared-key-1",
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(JSON.stringify(error)).not.toContain(theirs.id);
    // the same caller replaying its own request still gets its meeting back
    const again = await t.services.orglife.plan(b, theirRequest);
    expect(again.id).toBe(theirs.id);
  });
});
