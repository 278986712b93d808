import { describe, expect, it } from "vitest";
import { actorTokens, regionalAcl, visibleTo } from "../search/acl.ts";
import { evaluateOpenNeeds } from "../warnings/needs.ts";
import { closeProblem, needProblem, rankResources, type MatchCandidate } from "./lists.ts";

const today = new Date("2026-12-05T00:00:00Z");
const day = (n: number) => new Date(today.getTime() + n * 86_400_000);
const draft = {
  title: "义诊",
  description: "量血压",
  place: "村卫生室",
  wantedFrom: day(3),
  wantedUntil: null,
  people: 4,
};

describe("a need as posted", () => {
  it("needs a place, a date (today at the earliest, within a year) and 1–500 people", () => {
    expect(needProblem(draft, today)).toBeNull();
    expect(needProblem({ ...draft, place: " " }, today)).toBe("regional.error.placeRequired");
    expect(needProblem({ ...draft, wantedFrom: null }, today)).toBe("regional.error.dateRequired");
    expect(needProblem({ ...draft, wantedFrom: new Date("x") }, today)).toBe("regional.error.dateRequired");
    expect(needProblem({ ...draft, wantedFrom: day(-1) }, today)).toBe("regional.error.dateInPast");
    expect(needProblem({ ...draft, wantedFrom: today }, today)).toBeNull();
    expect(needProblem({ ...draft, wantedFrom: day(400) }, today)).toBe("regional.error.dateTooFar");
    expect(needProblem({ ...draft, wantedUntil: day(2) }, today)).toBe("regional.error.untilBeforeFrom");
    for (const people of [0, -1, 1.5, 501, null])
      expect(needProblem({ ...draft, people }, today)).toBe("regional.error.peopleRange");
  });
});

describe("closing a project", () => {
  it("needs an active project with a held activity", () => {
    expect(closeProblem({ status: "ACTIVE", heldActivities: 0 })).toBe("regional.error.closeNeedsHeldActivity");
    expect(closeProblem({ status: "ACTIVE", heldActivities: 1 })).toBeNull();
    expect(closeProblem({ status: "CLOSED", heldActivities: 2 })).toBe("regional.error.projectClosed");
    expect(closeProblem({ status: "REQUESTED", heldActivities: 0 })).toBe("regional.error.projectNotActive");
  });
});

describe("matching", () => {
  const c = (id: string, over: Partial<MatchCandidate>): MatchCandidate => ({
    id,
    orgId: `o-${id}`,
    category: "MEDICAL",
    countyId: "k2",
    townshipId: "t9",
    pastTogether: 0,
    ...over,
  });
  it("keeps the category, puts the township then the county first, past partners first among equals, never the holder's own", () => {
    const ranked = rankResources({ orgId: "holder", category: "MEDICAL", countyId: "k1", townshipId: "t1" }, [
      c("far", {}),
      c("far-partner", { pastTogether: 2 }),
      c("county", { countyId: "k1" }),
      c("town", { countyId: "k1", townshipId: "t1" }),
      c("legal", { category: "LEGAL", countyId: "k1", townshipId: "t1" }),
      c("own", { orgId: "holder", countyId: "k1", townshipId: "t1" }),
    ]);
    expect(ranked.map((r) => r.id)).toEqual(["town", "county", "far-partner", "far"]);
    expect(ranked[0]!.reasons).toEqual(["sameCategory", "sameTownship"]);
    expect(ranked[2]!.reasons).toEqual(["sameCategory", "workedTogether"]);
  });
});

describe("R1: open needs nobody claimed", () => {
  const now = new Date("2026-12-05T00:00:00Z");
  const posted = (days: number) => new Date(now.getTime() - days * 86_400_000);
  it("judges a township by its oldest open need: warning at 30 days, critical at 60, nothing without open needs", () => {
    const results = evaluateOpenNeeds(
      [
        { areaId: "young", needs: [{ id: "a", postedAt: posted(29) }] },
        {
          areaId: "old",
          needs: [
            { id: "b", postedAt: posted(31) },
            { id: "c", postedAt: posted(5) },
          ],
        },
        { areaId: "older", needs: [{ id: "d", postedAt: posted(61) }] },
        { areaId: "none", needs: [] },
      ],
      () => undefined,
      now,
    );
    const by = new Map(results.map((r) => [r.subjectId, r]));
    expect(by.get("young")).toMatchObject({ condition: null, recovered: true, value: 29 });
    expect(by.get("old")).toMatchObject({
      condition: "WARNING",
      value: 31,
      params: { count: 1, days: 31, warn: 30 },
      subjectType: "AREA",
    });
    expect(by.get("older")?.condition).toBe("CRITICAL");
    expect(by.has("none")).toBe(false);
  });
  it("follows a committee's tuned threshold", () => {
    const [r] = evaluateOpenNeeds(
      [{ areaId: "t", needs: [{ id: "a", postedAt: posted(15) }] }],
      () => new Map([["R1", { warn: 14, recover: 14, crit: 28 }]]),
      now,
    );
    expect(r!.condition).toBe("WARNING");
  });
});

describe("region-wide visibility", () => {
  it("lets officers anywhere in the region find a need, not members elsewhere nor another region", () => {
    const village = { id: "v", ancestorIds: ["city", "county", "town1"] };
    const acl = regionalAcl({ regionId: "city", org: village });
    const hospitalSecretary = actorTokens({
      grants: [{ role: "BRANCH_SECRETARY", orgId: "h", orgAncestorIds: ["city", "county", "town2"] }],
      branch: null,
      memberId: null,
    });
    const hospitalMember = actorTokens({
      grants: [{ role: "MEMBER", orgId: "h", orgAncestorIds: ["city", "county", "town2"] }],
      branch: { id: "h", ancestorIds: ["city", "county", "town2"] },
      memberId: "m",
    });
    const foreign = actorTokens({
      grants: [{ role: "BRANCH_SECRETARY", orgId: "f", orgAncestorIds: ["city2"] }],
      branch: null,
      memberId: null,
    });
    const villageMember = actorTokens({
      grants: [{ role: "MEMBER", orgId: "v", orgAncestorIds: village.ancestorIds }],
      branch: village,
      memberId: "vm",
    });
    expect(visibleTo(acl, hospitalSecretary)).toBe(true);
    expect(visibleTo(acl, hospitalMember)).toBe(false);
    expect(visibleTo(acl, foreign)).toBe(false);
    expect(visibleTo(acl, villageMember)).toBe(true);
  });
});
