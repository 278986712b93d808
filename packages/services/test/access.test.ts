import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/index.ts";
import { errorOf, setUp, type Region, type TestDatabase, type Who } from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let actors: Record<Who, Actor>;

beforeAll(async () => {
  ({ t, region, actors } = await setUp(new Date("2026-11-22T08:00:00Z")));
});
afterAll(() => t.drop());

describe("branch overview access", () => {
  it("shows a member their own branch", async () => {
    const overview = await t.services.branch.overview(actors.member!, {});
    expect(overview.org.id).toBe(region.branchA);
    expect(overview.memberCount).toBe(3);
    expect(overview.membersByStatus).toEqual([
      { status: "FULL", count: 2 },
      { status: "PROBATIONARY", count: 1 },
    ]);
  });

  it("refuses a member of branch A the data of branch B", async () => {
    const error = await errorOf(t.services.branch.overview(actors.member!, { orgId: region.branchB }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.messageKey).toBe("error.orgForbidden");
  });

  it("reports an unknown organisation as not found", async () => {
    const error = await errorOf(t.services.branch.overview(actors.county!, { orgId: crypto.randomUUID() }));
    expect(error.code).toBe("NOT_FOUND");
  });

  it("lets a township see its branches but not another township's", async () => {
    await expect(t.services.branch.overview(actors.town1!, { orgId: region.branchA })).resolves.toMatchObject({
      org: { id: region.branchA },
    });
    expect((await errorOf(t.services.branch.overview(actors.town1!, { orgId: region.branchB }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("lets the county see every branch below it", async () => {
    await expect(t.services.branch.overview(actors.county!, { orgId: region.branchB })).resolves.toMatchObject({
      memberCount: 1,
    });
  });

  it("shows arrears names to the secretary and only the count to members", async () => {
    const db = t.services.deps.db;
    // Alice declared and paid nothing for the last three months; Bob is paid up.
    for (const memberId of [region.members.alice, region.members.bob]) {
      await db.duesDeclaration.create({
        data: {
          memberId,
          effectiveFrom: new Date("2026-08-01"),
          category: "SALARIED",
          monthlyIncomeFen: 400_000,
          monthlyDuesFen: 4000,
        },
      });
    }
    await db.duesDeclaration.create({
      data: {
        memberId: region.members.carol,
        effectiveFrom: new Date("2026-11-01"),
        category: "FARMER",
        monthlyDuesFen: 100,
      },
    });
    const payment = await db.duesPayment.create({
      data: {
        memberId: region.members.bob,
        orgId: region.branchA,
        amountFen: 12000,
        paidAt: new Date("2026-10-07"),
        method: "ON_SITE",
        receiptNo: "R-1",
      },
    });
    await db.duesMonth.createMany({
      data: ["2026-08-01", "2026-09-01", "2026-10-01"].map((m) => ({
        memberId: region.members.bob,
        month: new Date(m),
        paymentId: payment.id,
        amountFen: 4000,
        orgId: region.branchA,
      })),
    });
    const secretaryView = await t.services.branch.overview(actors.secretary!, {});
    expect(secretaryView.arrears).toEqual([
      { memberId: region.members.alice, name: "李红", unpaidMonths: 3, since: "2026-08" },
    ]);
    const memberView = await t.services.branch.overview(actors.member!, {});
    expect(memberView.arrearsCount).toBe(1);
    expect(memberView.arrears).toEqual([]);
  });

  it("shows the next planned meeting, not past or cancelled ones", async () => {
    const db = t.services.deps.db;
    const base = { orgId: region.branchA, type: "THEME_DAY" as const, plannedEnd: new Date("2026-12-07T10:00:00Z") };
    await db.meeting.create({
      data: { ...base, topic: "过去的", plannedStart: new Date("2026-11-07T08:00:00Z"), status: "HELD" },
    });
    await db.meeting.create({
      data: { ...base, topic: "取消的", plannedStart: new Date("2026-11-30T08:00:00Z"), status: "CANCELLED" },
    });
    await db.meeting.create({
      data: { ...base, topic: "十二月主题党日", plannedStart: new Date("2026-12-07T08:00:00Z") },
    });
    const overview = await t.services.branch.overview(actors.member!, {});
    expect(overview.nextMeeting?.topic).toBe("十二月主题党日");
  });
});

describe("organisation subtree", () => {
  it("gives a township its own tree with member counts", async () => {
    const tree = await t.services.orgs.subtree(actors.town1!, {});
    expect(tree.rootId).toBe(region.town1);
    expect(tree.nodes.map((n) => n.name)).toEqual(["东镇党委", "东村党支部", "第一党小组"]);
    expect(tree.nodes[0]).toMatchObject({ memberCount: 1, subtreeMemberCount: 4 });
  });

  it("refuses a member the tree of their township", async () => {
    expect((await errorOf(t.services.orgs.subtree(actors.member!, { rootId: region.town1 }))).code).toBe("FORBIDDEN");
  });

  it("gives the county both townships", async () => {
    const tree = await t.services.orgs.subtree(actors.county!, {});
    expect(
      tree.nodes
        .filter((n) => n.kind === "BRANCH")
        .map((n) => n.name)
        .sort(),
    ).toEqual(["东村党支部", "西村党支部"].sort());
    expect(tree.nodes[0]!.subtreeMemberCount).toBe(6);
  });
});

describe("my card", () => {
  it("shows the member's own card with party age from full membership", async () => {
    const card = await t.services.card.mine(actors.member!);
    expect(card.name).toBe("李红");
    expect(card.branchName).toBe("东村党支部");
    expect(card.partyAgeYears).toBe(15); // full member since 2011-07-01, today 2026-11-22
    expect(card.cardStatus).toBeNull();
  });
});

describe("course catalogue", () => {
  it("lists published courses only, with lesson counts and durations", async () => {
    const db = t.services.deps.db;
    await db.course.create({
      data: {
        title: "党章学习",
        category: "理论学习",
        published: true,
        lessons: {
          create: [
            { title: "第一讲", kind: "VIDEO", durationSec: 600 },
            { title: "第二讲", kind: "READING" },
          ],
        },
      },
    });
    await db.course.create({ data: { title: "草稿课程", category: "理论学习", published: false } });
    const result = await t.services.school.catalogue(actors.member!, {});
    expect(result.courses).toEqual([
      expect.objectContaining({ title: "党章学习", lessonCount: 2, totalDurationSec: 600 }),
    ]);
    expect(result.categories).toEqual(["理论学习"]);
  });
});
