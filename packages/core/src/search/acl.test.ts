import { describe, expect, it } from "vitest";
import { actorTokens, courseAcl, meetingAcl, memberAcl, orgAcl, taskAcl, visibleTo } from "./acl.ts";

const city = { id: "c", ancestorIds: [] };
const county = { id: "k", ancestorIds: ["c"] };
const branchA = { id: "a", ancestorIds: ["c", "k"] };
const branchB = { id: "b", ancestorIds: ["c", "k"] };

const memberA = actorTokens({ grants: [{ role: "MEMBER", orgId: "a" }], branch: branchA, memberId: "m1" });
const secretaryA = actorTokens({
  grants: [
    { role: "BRANCH_SECRETARY", orgId: "a" },
    { role: "MEMBER", orgId: "a" },
  ],
  branch: branchA,
  memberId: "m2",
});
const countyStaff = actorTokens({ grants: [{ role: "COMMITTEE_STAFF", orgId: "k" }], branch: null, memberId: null });
const schoolAdmin = actorTokens({ grants: [{ role: "SCHOOL_ADMIN", orgId: "c" }], branch: null, memberId: null });

describe("search access tokens", () => {
  it("a member sees their branch's ordinary meetings, not another branch's", () => {
    const acl = meetingAcl({ type: "THEME_DAY", host: branchA, orgs: [branchA], attendeeMemberIds: [] });
    expect(visibleTo(acl, memberA)).toBe(true);
    expect(
      visibleTo(meetingAcl({ type: "THEME_DAY", host: branchB, orgs: [branchB], attendeeMemberIds: [] }), memberA),
    ).toBe(false);
    expect(visibleTo(acl, countyStaff)).toBe(true);
  });
  it("restricted meetings (ADR 0750): the branch committee and participants only, not committees above", () => {
    const acl = meetingAcl({ type: "COMMITTEE_MEETING", host: branchA, orgs: [branchA], attendeeMemberIds: ["m3"] });
    expect(visibleTo(acl, memberA)).toBe(false);
    expect(visibleTo(acl, secretaryA)).toBe(true);
    expect(visibleTo(acl, countyStaff)).toBe(false);
    expect(
      visibleTo(meetingAcl({ type: "TALK", host: branchA, orgs: [branchA], attendeeMemberIds: ["m1"] }), memberA),
    ).toBe(true);
    expect(
      visibleTo(acl, actorTokens({ grants: [{ role: "MEMBER", orgId: "a" }], branch: branchA, memberId: "m3" })),
    ).toBe(true);
  });
  it("courses: public to all, audience to the subtree, unpublished to staff", () => {
    expect(visibleTo(courseAcl({ published: true, audienceOrgId: null }), memberA)).toBe(true);
    expect(visibleTo(courseAcl({ published: true, audienceOrgId: "k" }), memberA)).toBe(true);
    expect(visibleTo(courseAcl({ published: true, audienceOrgId: "b" }), memberA)).toBe(false);
    expect(visibleTo(courseAcl({ published: false, audienceOrgId: null }), memberA)).toBe(false);
    expect(visibleTo(courseAcl({ published: false, audienceOrgId: null }), schoolAdmin)).toBe(true);
  });
  it("members' names: the list permission on the branch, and oneself", () => {
    expect(visibleTo(memberAcl({ memberId: "m9", branch: branchA }), memberA)).toBe(false);
    expect(visibleTo(memberAcl({ memberId: "m1", branch: branchA }), memberA)).toBe(true);
    expect(visibleTo(memberAcl({ memberId: "m9", branch: branchA }), secretaryA)).toBe(true);
    expect(visibleTo(memberAcl({ memberId: "m9", branch: branchB }), secretaryA)).toBe(false);
  });
  it("organisations and tasks follow the subtree", () => {
    expect(visibleTo(orgAcl(branchB), countyStaff)).toBe(true);
    expect(visibleTo(orgAcl(branchB), memberA)).toBe(false);
    expect(visibleTo(orgAcl(county), memberA)).toBe(false);
    const task = taskAcl({ kind: "TASK", sender: county, targets: [branchA] });
    expect(visibleTo(task, secretaryA)).toBe(true);
    expect(visibleTo(task, memberA)).toBe(false);
    expect(visibleTo(taskAcl({ kind: "NOTICE", sender: city, targets: [branchA] }), memberA)).toBe(true);
  });
});
