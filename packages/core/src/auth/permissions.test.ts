import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  can,
  canAnywhere,
  canReadLeaveReason,
  canReadMeetingRecord,
  committeeGrant,
  grantCovers,
  grantWith,
  rolesWith,
  meetingWriterOrgIds,
  ROLES,
  roleHasPermission,
  type Grant,
} from "./permissions.ts";

const city = { id: "city", ancestorIds: [] };
const county = { id: "county", ancestorIds: ["city"] };
const township = { id: "town", ancestorIds: ["city", "county"] };
const branchA = { id: "A", ancestorIds: ["city", "county", "town"] };
const groupA1 = { id: "A1", ancestorIds: ["city", "county", "town", "A"] };
const branchB = { id: "B", ancestorIds: ["city", "county", "town2"] };

describe("grantCovers", () => {
  it("covers the organisation itself and everything below it", () => {
    const grant: Grant = { role: "COMMITTEE_STAFF", orgId: "town" };
    expect(grantCovers(grant, township)).toBe(true);
    expect(grantCovers(grant, branchA)).toBe(true);
    expect(grantCovers(grant, groupA1)).toBe(true);
  });
  it("does not cover siblings or ancestors", () => {
    const grant: Grant = { role: "COMMITTEE_STAFF", orgId: "town" };
    expect(grantCovers(grant, branchB)).toBe(false);
    expect(grantCovers(grant, county)).toBe(false);
    expect(grantCovers(grant, city)).toBe(false);
  });
});

describe("can", () => {
  it("lets a member see their own branch but not another branch", () => {
    const grants: Grant[] = [{ role: "MEMBER", orgId: "A" }];
    expect(can(grants, "branch.overview", branchA)).toBe(true);
    expect(can(grants, "branch.overview", branchB)).toBe(false);
  });
  it("does not let a member see who is in arrears or manage dues", () => {
    const grants: Grant[] = [{ role: "MEMBER", orgId: "A" }];
    expect(can(grants, "dues.view", branchA)).toBe(false);
    expect(can(grants, "dues.manage", branchA)).toBe(false);
  });
  it("lets a secretary manage dues in their branch only", () => {
    const grants: Grant[] = [{ role: "BRANCH_SECRETARY", orgId: "A" }];
    expect(can(grants, "dues.manage", branchA)).toBe(true);
    expect(can(grants, "dues.manage", branchB)).toBe(false);
  });
  it("lets a county committee see every branch of the county", () => {
    const grants: Grant[] = [{ role: "COMMITTEE_STAFF", orgId: "county" }];
    expect(can(grants, "branch.overview", branchA)).toBe(true);
    expect(can(grants, "branch.overview", branchB)).toBe(true);
    expect(can(grants, "rules.tune", branchA)).toBe(false);
  });
  it("reserves rule tuning to committee admins", () => {
    expect(can([{ role: "COMMITTEE_ADMIN", orgId: "county" }], "rules.tune", branchA)).toBe(true);
  });
  it("never grants anything without a grant", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.string(), (role, orgId) => {
        expect(can([], "org.view", { id: orgId, ancestorIds: [] })).toBe(false);
        expect(canAnywhere([], "school.view")).toBe(false);
        return roleHasPermission(role, "school.view") || role === "COMMITTEE_STAFF" || role === "COMMITTEE_ADMIN";
      }),
    );
  });
  it("is monotone: adding a grant never removes a permission", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ role: fc.constantFrom(...ROLES), orgId: fc.constantFrom("city", "county", "town", "A", "B") }),
        ),
        fc.record({ role: fc.constantFrom(...ROLES), orgId: fc.constantFrom("city", "county", "town", "A", "B") }),
        (grants, extra) => {
          for (const target of [city, county, township, branchA, branchB, groupA1]) {
            if (can(grants, "branch.overview", target))
              expect(can([...grants, extra], "branch.overview", target)).toBe(true);
          }
        },
      ),
    );
  });
});

describe("meeting records", () => {
  const branch = { id: "b", ancestorIds: ["city", "county", "town"] };
  const group = { id: "g", ancestorIds: ["city", "county", "town", "b"] };
  const reader = (role: Grant["role"] | null, memberId: string | null = null) => ({
    grants: role ? [{ role, orgId: "b" }] : [],
    memberId,
  });
  it("committee meetings and talks: the branch committee and the participants", () => {
    for (const type of ["COMMITTEE_MEETING", "TALK"]) {
      const meeting = { type, host: branch, participantIds: ["p1"] };
      expect(canReadMeetingRecord(reader("BRANCH_COMMITTEE"), meeting)).toBe(true);
      expect(canReadMeetingRecord(reader("BRANCH_SECRETARY"), meeting)).toBe(true);
      expect(canReadMeetingRecord(reader("MEMBER", "p1"), meeting)).toBe(true);
      expect(canReadMeetingRecord(reader("MEMBER", "p2"), meeting)).toBe(false);
      expect(
        canReadMeetingRecord({ grants: [{ role: "COMMITTEE_ADMIN", orgId: "town" }], memberId: null }, meeting),
      ).toBe(false);
    }
    expect(canReadMeetingRecord(reader("MEMBER", "p2"), { type: "THEME_DAY", host: group, participantIds: [] })).toBe(
      true,
    );
  });
  it("leave reasons: the member and the secretary", () => {
    expect(canReadLeaveReason(reader("MEMBER", "m"), { memberId: "m", orgs: [branch] })).toBe(true);
    expect(canReadLeaveReason(reader("MEMBER", "x"), { memberId: "m", orgs: [branch] })).toBe(false);
    expect(canReadLeaveReason(reader("BRANCH_COMMITTEE", "x"), { memberId: "m", orgs: [branch] })).toBe(false);
    expect(canReadLeaveReason(reader("BRANCH_SECRETARY"), { memberId: "m", orgs: [group] })).toBe(true);
  });
  it("only the host and confirmed partners write", () => {
    expect(
      meetingWriterOrgIds([
        { orgId: "h", isHost: true, confirmed: false },
        { orgId: "a", isHost: false, confirmed: true },
        { orgId: "b", isHost: false, confirmed: false },
      ]),
    ).toEqual(["h", "a"]);
  });
});

describe("role sets come from the permission table", () => {
  it("the roles behind the navigation's and services' checks are the ones the pages were written for", () => {
    expect(rolesWith("warning.view").sort()).toEqual(["COMMITTEE_ADMIN", "COMMITTEE_STAFF"]);
    expect(rolesWith("meeting.manage").sort()).toEqual(["BRANCH_COMMITTEE", "BRANCH_SECRETARY"]);
    expect(rolesWith("member.list").sort()).toEqual([
      "BRANCH_COMMITTEE",
      "BRANCH_SECRETARY",
      "COMMITTEE_ADMIN",
      "COMMITTEE_STAFF",
    ]);
    expect(rolesWith("school.manage").sort()).toEqual(["INSTRUCTOR", "SCHOOL_ADMIN"]);
    expect(rolesWith("rules.tune")).toEqual(["COMMITTEE_ADMIN"]);
    expect(rolesWith("task.send").sort()).toEqual(["COMMITTEE_ADMIN", "COMMITTEE_STAFF"]);
  });

  it("finds the committee grant of a secretary who also works for the county, and none for a member", () => {
    const grants: Grant[] = [
      { role: "MEMBER", orgId: "A" },
      { role: "BRANCH_SECRETARY", orgId: "A" },
      { role: "COMMITTEE_STAFF", orgId: "county" },
    ];
    expect(committeeGrant(grants)).toEqual({ role: "COMMITTEE_STAFF", orgId: "county" });
    expect(grantWith(grants, "dues.manage")).toEqual({ role: "BRANCH_SECRETARY", orgId: "A" });
    expect(committeeGrant([{ role: "MEMBER", orgId: "A" }])).toBeUndefined();
  });
});
