// Fixed names of the demo region: the accounts to log in with and the deliberately weak spots,
// so that tests, e2e specs and the README can point at them. The seed builds its region from
// these constants (region.ts), so they cannot drift apart.
import type { Role } from "@dangjian/db";

/** Password of every seeded account (demo data only; never use in production). */
export const DEMO_PASSWORD = "Dangjian@2026";

/** The root of the demo region; the seed is skipped when it already exists. */
export const DEMO_ROOT = { name: "中共江川市委员会", shortName: "江川市委", regionCode: "530400" } as const;

export const DEMO_COUNTY_NAME = "中共临溪县委员会";
export const DEMO_TOWNSHIP_NAME = "中共河口镇委员会";
/** "Branch A": a healthy village branch with party groups; the member and secretary accounts sit here. */
export const DEMO_BRANCH_NAME = "中共河口村支部委员会";
/** The agency branch of the township where the township staff account is a member. */
export const DEMO_TOWNSHIP_AGENCY_BRANCH_NAME = "中共河口镇机关支部委员会";
/**
 * "Branch B": a branch in another township and another county (澄湖区 湖滨街道) with no partnership
 * path to branch A: the member, secretary, township and county accounts must all be refused there.
 */
export const DEMO_OTHER_BRANCH_NAME = "湖滨社区党支部";

/**
 * Deliberately weak branches, for warnings and dashboards:
 * - noRecentMeetings: held no meeting of any kind in the last 4 months (dues still paid by transfer);
 * - lowAttendance: present ÷ expected around 55–65 % all year;
 * - duesArrears: about 30 % of its members have paid nothing for the last 5 months.
 */
export const DEMO_WEAK_BRANCHES = {
  noRecentMeetings: "中共大营村支部委员会",
  lowAttendance: "海晏社区党支部",
  duesArrears: "中共小河村支部委员会",
} as const;

/** A member marked lost contact about 7 months ago, with no attendance or dues since. */
export const DEMO_LOST_CONTACT_MEMBER = {
  name: "周海波",
  memberNo: "DY00000009",
  branchName: "青岚镇流动党员党支部",
} as const;

/**
 * A cross-county partnership (跨域联建) that is the only tie between the 临溪县 cluster and the
 * 青岚县 cluster, with its last joint activity about 9 months ago: a stale bridge (T1 + T2).
 */
export const DEMO_STALE_BRIDGE = {
  orgNames: [DEMO_BRANCH_NAME, "中共石门村支部委员会"],
  type: "CROSS_REGION",
} as const;

/** 区域化党建 (regional.ts): names the e2e story and the README point at. */
export const DEMO_REGIONAL = {
  /** a hospital branch in another township (柳坪乡) of the village's county: the story's claimer */
  hospitalBranchName: "柳坪乡卫生院党支部",
  /** a need nobody claimed for more than 30 days: 东山镇 shows the R1 weak spot */
  staleNeedTitle: "土地流转合同法律咨询",
  staleNeedBranchName: "中共梨园村支部委员会",
} as const;

/** A branch with no partnership at all (T6). */
export const DEMO_ISOLATED_BRANCH_NAME = "东山镇机关党支部";

export type DemoAccountKey = "member" | "secretary" | "township" | "county" | "city" | "schoolAdmin";

export interface DemoAccount {
  readonly phone: string;
  /** null for staff accounts that are not seeded as members */
  readonly memberNo: string | null;
  readonly displayName: string;
  readonly gender: "MALE" | "FEMALE";
  /** the role that makes this account interesting */
  readonly role: Role;
  /** every role granted on `orgName`; a member also holds MEMBER on `branchName` */
  readonly roles: readonly Role[];
  /** the organisation `role` is granted on */
  readonly orgName: string;
  /** the member's own branch, or null */
  readonly branchName: string | null;
}

export const DEMO_ACCOUNTS = {
  member: {
    phone: "13800000001",
    memberNo: "DY00000001",
    displayName: "李春梅",
    gender: "FEMALE",
    role: "MEMBER",
    roles: ["MEMBER"],
    orgName: DEMO_BRANCH_NAME,
    branchName: DEMO_BRANCH_NAME,
  },
  secretary: {
    phone: "13800000002",
    memberNo: "DY00000002",
    displayName: "王建国",
    gender: "MALE",
    role: "BRANCH_SECRETARY",
    roles: ["BRANCH_SECRETARY", "MEMBER"],
    orgName: DEMO_BRANCH_NAME,
    branchName: DEMO_BRANCH_NAME,
  },
  township: {
    phone: "13800000003",
    memberNo: "DY00000003",
    displayName: "赵文静",
    gender: "FEMALE",
    role: "COMMITTEE_STAFF",
    roles: ["COMMITTEE_STAFF"],
    orgName: DEMO_TOWNSHIP_NAME,
    branchName: DEMO_TOWNSHIP_AGENCY_BRANCH_NAME,
  },
  county: {
    phone: "13800000004",
    memberNo: null,
    displayName: "陈志强",
    gender: "MALE",
    role: "COMMITTEE_ADMIN",
    roles: ["COMMITTEE_STAFF", "COMMITTEE_ADMIN"],
    orgName: DEMO_COUNTY_NAME,
    branchName: null,
  },
  city: {
    phone: "13800000005",
    memberNo: null,
    displayName: "刘晓东",
    gender: "MALE",
    role: "COMMITTEE_ADMIN",
    roles: ["COMMITTEE_STAFF", "COMMITTEE_ADMIN"],
    orgName: DEMO_ROOT.name,
    branchName: null,
  },
  schoolAdmin: {
    phone: "13800000006",
    memberNo: null,
    displayName: "杨思远",
    gender: "FEMALE",
    role: "SCHOOL_ADMIN",
    roles: ["SCHOOL_ADMIN"],
    orgName: DEMO_ROOT.name,
    branchName: null,
  },
} as const satisfies Record<DemoAccountKey, DemoAccount>;
