import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { can, canAnywhere, grantCovers, ROLES, roleHasPermission, type Grant } from "./permissions.ts";

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
        fc.array(fc.record({ role: fc.constantFrom(...ROLES), orgId: fc.constantFrom("city", "county", "town", "A", "B") })),
        fc.record({ role: fc.constantFrom(...ROLES), orgId: fc.constantFrom("city", "county", "town", "A", "B") }),
        (grants, extra) => {
          for (const target of [city, county, township, branchA, branchB, groupA1]) {
            if (can(grants, "branch.overview", target)) expect(can([...grants, extra], "branch.overview", target)).toBe(true);
          }
        },
      ),
    );
  });
});
