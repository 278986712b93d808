// Accounts, committee posts and role grants of the demo region.
import type { CommitteePost, OrgSector, Role } from "@dangjian/db";
import { DEMO_ACCOUNTS } from "../demo-accounts.ts";
import type { DemoAccountKey } from "../demo-accounts.ts";
import { REGION } from "../region.ts";
import { addDays, dateOnly, must, type OrgNode, type Person, type Build, type Tree, type DemoPeople } from "./model.ts";

/** Accounts of members with a phone, and the staff accounts without a member. */
export function buildAccounts(b: Build, demo: DemoPeople): Map<DemoAccountKey, string> {
  const { options, ids, rows } = b;
  const { allPeople } = demo;
  for (const p of allPeople) {
    if (!p.phone) continue;
    p.accountId = ids.uuid();
    rows.accounts.push({
      id: p.accountId,
      memberId: p.id,
      displayName: p.name,
      phone: p.phone,
      passwordHash: options.passwordHash,
    });
  }
  const staffAccounts = new Map<DemoAccountKey, string>();
  for (const key of ["county", "city", "schoolAdmin"] as const) {
    const account = DEMO_ACCOUNTS[key];
    const id = ids.uuid();
    staffAccounts.set(key, id);
    rows.accounts.push({
      id,
      memberId: null,
      displayName: account.displayName,
      phone: account.phone,
      passwordHash: options.passwordHash,
    });
  }
  return staffAccounts;
}

/** Committee posts (elected terms) and the role grants of members, officers and staff. */
export function grantRoles(b: Build, tree: Tree, demo: DemoPeople, staffAccounts: Map<DemoAccountKey, string>): void {
  const { ids, structure, refMonth, rows } = b;
  const { rootOrg, countyOrgs, townshipOrgs, branches, generalBranches } = tree;
  const { branchA, demoTownship, allPeople } = demo;
  const postsInOrder: CommitteePost[] = ["SECRETARY", "ORGANISATION", "PROPAGANDA", "DISCIPLINE", "COMMITTEE_MEMBER"];
  const grant = (accountId: string | null, role: Role, orgId: string): void => {
    if (!accountId) return;
    rows.roleGrants.push({ id: ids.uuid(), accountId, role, orgId });
  };
  const electCommittee = (org: OrgNode, committee: Person[], sector: OrgSector): void => {
    const term = sector === "VILLAGE" || sector === "COMMUNITY" ? 5 : 3;
    const electedOn = dateOnly(addDays(refMonth, -structure.int(120, term * 365 - 120)));
    if (committee.length > 1) {
      org.committeeTermYears = term;
      org.committeeElectedOn = electedOn;
    }
    committee.forEach((p, i) => {
      const post = must(postsInOrder[i], "committee post");
      rows.committeeRoles.push({
        id: ids.uuid(),
        memberId: p.id,
        orgId: org.id,
        post,
        startsOn: electedOn > p.joinedOn ? electedOn : p.joinedOn,
      });
      grant(p.accountId, post === "SECRETARY" ? "BRANCH_SECRETARY" : "BRANCH_COMMITTEE", org.id);
    });
  };
  for (const p of allPeople) grant(p.accountId, "MEMBER", p.branch.org.id);
  for (const branch of branches) {
    electCommittee(branch.org, branch.committee, branch.spec.sector);
    for (const group of branch.groups) {
      if (!group.leader) continue;
      rows.committeeRoles.push({
        id: ids.uuid(),
        memberId: group.leader.id,
        orgId: group.org.id,
        post: "GROUP_LEADER",
        startsOn: dateOnly(addDays(refMonth, -structure.int(200, 1200))),
      });
    }
  }
  for (const general of generalBranches) electCommittee(general.org, general.committee, general.spec.sector);
  const townshipStaffOrg = must(townshipOrgs.get(branchA.township.key), "branch A township");
  grant(demoTownship.accountId, "COMMITTEE_STAFF", townshipStaffOrg.id);
  const countyKey = must(
    REGION.counties.find((c) => c.townships.some((t) => t.key === branchA.township.key)),
    "branch A county",
  ).key;
  const countyOrg = must(countyOrgs.get(countyKey), "county org");
  grant(must(staffAccounts.get("county"), "county account"), "COMMITTEE_STAFF", countyOrg.id);
  grant(must(staffAccounts.get("county"), "county account"), "COMMITTEE_ADMIN", countyOrg.id);
  grant(must(staffAccounts.get("city"), "city account"), "COMMITTEE_STAFF", rootOrg.id);
  grant(must(staffAccounts.get("city"), "city account"), "COMMITTEE_ADMIN", rootOrg.id);
  grant(must(staffAccounts.get("schoolAdmin"), "school admin account"), "SCHOOL_ADMIN", rootOrg.id);
}
