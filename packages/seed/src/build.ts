// Builds every row of the demo region in memory, without I/O, so that the database work is a
// short run of bulk inserts and the shape of the data can be unit tested (build.test.ts).
//
// Organisational life per branch over the seeded year: monthly theme day (on the 7th, 5 required
// actions + 1 optional), monthly committee meeting (branches of 7+ full members), monthly group
// meeting per party group, quarterly branch assembly and party lecture, and in December a round
// of heart-to-heart talks with every member, the organisational life meeting and the democratic
// appraisal; 1–2 joint activities per partnership; one planned meeting per branch ahead.
//
// Deliberately weak spots (names exported from demo-accounts.ts):
// - DEMO_WEAK_BRANCHES.noRecentMeetings (大营村): no meeting of any kind in the last 4 months;
//   its members still pay dues by transfer, so only the cadence rules fire.
// - DEMO_WEAK_BRANCHES.lowAttendance (海晏社区): present ÷ expected about 60 % all year.
// - DEMO_WEAK_BRANCHES.duesArrears (小河村): about 30 % of its members paid nothing for 5 months.
// - DEMO_LOST_CONTACT_MEMBER (青岚镇流动党员党支部): lost contact about 7 months before the
//   reference month; absent from every meeting and no dues since.
// - DEMO_STALE_BRIDGE (河口村–石门村): the only tie between two clusters, last joint activity
//   about 9 months ago.
// - DEMO_ISOLATED_BRANCH_NAME (东山镇机关党支部): no partnership at all.
import type {
  AttendanceStatus,
  CaptureMethod,
  CommitteePost,
  DuesCategory,
  Gender,
  MeetingType,
  MemberCategory,
  MemberStatus,
  OrgKind,
  OrgLevel,
  OrgSector,
  OrgSetup,
  PaymentMethod,
  Prisma,
  Role,
} from "@dangjian/db";
import {
  DEFAULT_THEME_DAY_ACTIONS,
  idNumberCheckChar,
  monthlyDuesFen,
  strengthFromActivities,
  suggestedDuesCategory,
} from "@dangjian/core";
import {
  ASSEMBLY_TOPICS,
  COMMITTEE_TOPICS,
  COURSES,
  GROUP_TOPICS,
  JOINT_TOPICS,
  LEAVE_REASONS,
  LECTURE_TOPICS,
  MOBILE_WORKPLACES,
  PLANNED_TOPICS,
  THEME_DAY_TOPICS,
  UNIVERSITIES,
  VOLUNTEER_NOTES,
  INTRO_COURSES,
} from "./content.ts";
import { DEMO_ACCOUNTS, DEMO_LOST_CONTACT_MEMBER } from "./demo-accounts.ts";
import type { DemoAccountKey } from "./demo-accounts.ts";
import { chineseName, ETHNICITIES } from "./names.ts";
import { Random } from "./random.ts";
import { LINKS, REGION, SPECIAL } from "./region.ts";
import type { BranchSpec, GeneralBranchSpec, TownshipSpec } from "./region.ts";

/** Fixed master seed: change it and every id and name changes. */
export const DEMO_SEED = 20_260_407;

/** Months of organisational life generated before the reference month. */
export const SEEDED_MONTHS = 12;

/** Keys per facts.touch outbox event. */
const OUTBOX_BATCH = 500;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface BuildOptions {
  /** Any instant in the reference month; the seeded year is the 12 whole months before it. */
  referenceDate: Date;
  /** argon2id hash of DEMO_PASSWORD, computed once by the caller. */
  passwordHash: string;
  seed?: number;
}

/** Rows in foreign-key order: insert them in the order of these keys. */
export interface DemoRegionRows {
  orgs: Prisma.OrgCreateManyInput[];
  members: Prisma.MemberCreateManyInput[];
  committeeRoles: Prisma.CommitteeRoleCreateManyInput[];
  accounts: Prisma.AccountCreateManyInput[];
  roleGrants: Prisma.RoleGrantCreateManyInput[];
  orgLinks: Prisma.OrgLinkCreateManyInput[];
  courses: Prisma.CourseCreateManyInput[];
  lessons: Prisma.LessonCreateManyInput[];
  meetings: Prisma.MeetingCreateManyInput[];
  meetingOrgs: Prisma.MeetingOrgCreateManyInput[];
  meetingActions: Prisma.MeetingActionCreateManyInput[];
  attendances: Prisma.AttendanceCreateManyInput[];
  duesDeclarations: Prisma.DuesDeclarationCreateManyInput[];
  duesPayments: Prisma.DuesPaymentCreateManyInput[];
  duesMonths: Prisma.DuesMonthCreateManyInput[];
  cards: Prisma.CardCreateManyInput[];
  outboxEvents: Prisma.OutboxEventCreateManyInput[];
}

// ───────────────────────────── time ─────────────────────────────

const pad2 = (n: number): string => String(n).padStart(2, "0");
const utcDate = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m, d));
/** Wall-clock time in China (UTC+8, no DST) as an instant. */
const beijing = (y: number, m: number, d: number, hour: number, minute = 0): Date =>
  new Date(Date.UTC(y, m, d, hour - 8, minute));
const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY_MS);
const addMinutes = (date: Date, minutes: number): Date => new Date(date.getTime() + minutes * MINUTE_MS);
const addYears = (date: Date, years: number): Date =>
  utcDate(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate());
const dateOnly = (date: Date): Date => utcDate(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
const monthKey = (date: Date): string => `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}`;

/** First day (UTC) of the month containing `date`. */
export function monthStartOf(date: Date): Date {
  return utcDate(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

interface Month {
  index: number;
  year: number;
  /** 0-based calendar month */
  month: number;
  start: Date;
  key: string;
}

/** The seeded months, oldest first, ending with the month before the reference month. */
export function seededMonths(referenceDate: Date): Month[] {
  const ref = monthStartOf(referenceDate);
  return Array.from({ length: SEEDED_MONTHS }, (_, index) => {
    const start = utcDate(ref.getUTCFullYear(), ref.getUTCMonth() - SEEDED_MONTHS + index, 1);
    return { index, year: start.getUTCFullYear(), month: start.getUTCMonth(), start, key: monthKey(start) };
  });
}

// ───────────────────────────── in-memory model ─────────────────────────────

interface OrgNode {
  id: string;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  level: OrgLevel;
  sector: OrgSector;
  setup: OrgSetup;
  regionCode: string | null;
  parentId: string | null;
  ancestorIds: string[];
  path: string;
  depth: number;
  sortOrder: number;
  foundedOn: Date | null;
  address: string | null;
  committeeTermYears: number | null;
  committeeElectedOn: Date | null;
}

interface Person {
  id: string;
  memberNo: string;
  name: string;
  gender: Gender;
  birthDate: Date;
  age: number;
  ethnicity: string;
  idNumber: string;
  phone: string | null;
  education: string;
  workUnit: string | null;
  status: MemberStatus;
  category: MemberCategory;
  joinedOn: Date;
  fullMemberOn: Date | null;
  branch: BranchState;
  group: GroupState | null;
  lostContactSince: Date | null;
  accountId: string | null;
  /** personal offset to the branch's attendance rate */
  reliability: number;
  duesCategory: DuesCategory;
  incomeFen: number | null;
  monthlyDuesFen: number;
  /** month index from which this member stopped paying (arrears), or null */
  unpaidFrom: number | null;
  /** pays a quarter at a time by transfer (members working away) */
  paysQuarterly: boolean;
}

interface GroupState {
  org: OrgNode;
  members: Person[];
  leader: Person | null;
}

interface BranchState {
  key: string;
  spec: BranchSpec;
  org: OrgNode;
  county: string;
  township: TownshipSpec;
  members: Person[];
  groups: GroupState[];
  /** committee members, secretary first; only the secretary for branches under 7 full members */
  committee: Person[];
  hasCommittee: boolean;
  presentRate: number;
  leaveRate: number;
  /** theme day held in month index → meeting */
  themeDays: Map<number, HeldMeeting>;
}

interface GeneralBranchState {
  spec: GeneralBranchSpec;
  org: OrgNode;
  children: BranchState[];
  committee: Person[];
}

interface HeldMeeting {
  id: string;
  heldStart: Date;
  attendance: Map<string, AttendanceStatus>;
}

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`demo seed: missing ${what}`);
  return value;
}

// ───────────────────────────── member attributes ─────────────────────────────

function categoryWeights(spec: BranchSpec): [MemberCategory, number][] {
  if (spec.setup === "MOBILE_MEMBERS")
    return [
      ["MOBILE", 80],
      ["FARMER", 10],
      ["ON_DUTY", 10],
    ];
  if (spec.setup === "YOUTH")
    return [
      ["ON_DUTY", 88],
      ["STUDENT", 12],
    ];
  switch (spec.sector) {
    case "VILLAGE":
      return [
        ["FARMER", 45],
        ["RETIRED", 22],
        ["MOBILE", 16],
        ["ON_DUTY", 10],
        ["UNEMPLOYED", 4],
        ["STUDENT", 3],
      ];
    case "COMMUNITY":
      return [
        ["RETIRED", 45],
        ["ON_DUTY", 33],
        ["UNEMPLOYED", 8],
        ["MOBILE", 7],
        ["STUDENT", 4],
      ];
    case "ENTERPRISE":
    case "TWO_NEW":
      return [
        ["ON_DUTY", 96],
        ["MOBILE", 4],
      ];
    default:
      return [
        ["ON_DUTY", 94],
        ["RETIRED", 6],
      ];
  }
}

function ageRange(category: MemberCategory, spec: BranchSpec): [number, number] {
  switch (category) {
    case "FARMER":
      return [32, 78];
    case "RETIRED":
      return spec.sector === "VILLAGE" ? [60, 90] : [56, 88];
    case "MOBILE":
      return [22, 50];
    case "STUDENT":
      return [20, 24];
    case "UNEMPLOYED":
      return [23, 45];
    case "ON_DUTY":
      if (spec.setup === "YOUTH") return [23, 35];
      return spec.sector === "VILLAGE" ? [30, 58] : [24, 58];
  }
}

function femaleShare(spec: BranchSpec): number {
  if (spec.setup === "MOBILE_MEMBERS") return 0.2;
  switch (spec.sector) {
    case "VILLAGE":
      return 0.22;
    case "COMMUNITY":
      return 0.52;
    case "SCHOOL":
      return 0.58;
    case "HOSPITAL":
      return 0.62;
    case "AGENCY":
      return 0.36;
    default:
      return 0.32;
  }
}

function education(rng: Random, category: MemberCategory, spec: BranchSpec, age: number): string {
  switch (category) {
    case "FARMER":
      return rng.weighted(
        age > 65
          ? [
              ["小学", 45],
              ["初中", 45],
              ["高中", 10],
            ]
          : [
              ["小学", 12],
              ["初中", 58],
              ["高中", 24],
              ["中专", 6],
            ],
      );
    case "RETIRED":
      return rng.weighted(
        spec.sector === "VILLAGE"
          ? [
              ["小学", 30],
              ["初中", 48],
              ["高中", 18],
              ["中专", 4],
            ]
          : [
              ["初中", 20],
              ["高中", 30],
              ["中专", 22],
              ["大专", 20],
              ["本科", 8],
            ],
      );
    case "MOBILE":
      return rng.weighted([
        ["初中", 40],
        ["高中", 32],
        ["中专", 16],
        ["大专", 12],
      ]);
    case "STUDENT":
      return rng.weighted([
        ["本科", 82],
        ["研究生", 18],
      ]);
    case "UNEMPLOYED":
      return rng.weighted([
        ["高中", 30],
        ["大专", 40],
        ["本科", 30],
      ]);
    case "ON_DUTY":
      if (spec.sector === "AGENCY" || spec.sector === "SCHOOL" || spec.sector === "HOSPITAL") {
        return rng.weighted([
          ["大专", 14],
          ["本科", 72],
          ["研究生", 14],
        ]);
      }
      if (spec.sector === "VILLAGE")
        return rng.weighted([
          ["高中", 40],
          ["中专", 20],
          ["大专", 30],
          ["本科", 10],
        ]);
      if (spec.sector === "COMMUNITY")
        return rng.weighted([
          ["高中", 10],
          ["大专", 40],
          ["本科", 50],
        ]);
      return rng.weighted([
        ["高中", 10],
        ["中专", 15],
        ["大专", 35],
        ["本科", 35],
        ["研究生", 5],
      ]);
  }
}

/** Monthly after-tax income in whole yuan, rounded to 10 yuan. */
function incomeYuan(rng: Random, category: MemberCategory, spec: BranchSpec): number | null {
  const range = ((): [number, number] | null => {
    switch (category) {
      case "RETIRED":
        if (spec.sector === "VILLAGE") return [1500, 4000];
        if (spec.sector === "COMMUNITY") return [2800, 7000];
        return [4000, 8200];
      case "MOBILE":
        return [2800, 7500];
      case "ON_DUTY":
        if (spec.setup === "YOUTH") return [4000, 12_000];
        switch (spec.sector) {
          case "AGENCY":
            return [5000, 9500];
          case "SCHOOL":
            return [4800, 9000];
          case "HOSPITAL":
            return [5000, 13_000];
          case "ENTERPRISE":
            return [3500, 16_000];
          case "VILLAGE":
            return [2200, 4200];
          case "COMMUNITY":
            return [2800, 5200];
          default:
            return [3000, 8000];
        }
      default:
        return null;
    }
  })();
  if (!range) return null;
  return Math.round(rng.float(range[0], range[1]) / 10) * 10;
}

/** A well-formed 18-digit 居民身份证号 (GB 11643 check digit) for a synthetic person. */
function idNumber(regionCode: string, birth: Date, sequence: number, gender: Gender): string {
  const seq = sequence * 2 + (gender === "MALE" ? 1 : 0);
  const body = `${regionCode}${birth.getUTCFullYear()}${pad2(birth.getUTCMonth() + 1)}${pad2(birth.getUTCDate())}${String(seq).padStart(3, "0")}`;
  return body + idNumberCheckChar(body);
}

const PHONE_PREFIXES = [
  "130",
  "131",
  "132",
  "133",
  "134",
  "135",
  "136",
  "137",
  "139",
  "150",
  "151",
  "152",
  "153",
  "155",
  "156",
  "157",
  "158",
  "159",
  "166",
  "173",
  "176",
  "177",
  "180",
  "181",
  "182",
  "183",
  "187",
  "188",
  "189",
  "191",
  "198",
  "199",
] as const;

// ───────────────────────────── the builder ─────────────────────────────

export function buildDemoRegion(options: BuildOptions): DemoRegionRows {
  const root = new Random(options.seed ?? DEMO_SEED);
  // One stream for every id, consumed in a fixed order (organisations and members first, so
  // their ids do not depend on the reference date); other streams decide everything else.
  const ids = root.fork("ids");
  const structure = root.fork("structure");
  const people = root.fork("people");
  const life = root.fork("life");
  const money = root.fork("dues");
  const misc = root.fork("misc");

  const referenceDate = options.referenceDate;
  const refMonth = monthStartOf(referenceDate);
  const months = seededMonths(referenceDate);
  const firstMonth = must(months[0], "first month");
  const windowStart = firstMonth.start;

  const rows: DemoRegionRows = {
    orgs: [],
    members: [],
    committeeRoles: [],
    accounts: [],
    roleGrants: [],
    orgLinks: [],
    courses: [],
    lessons: [],
    meetings: [],
    meetingOrgs: [],
    meetingActions: [],
    attendances: [],
    duesDeclarations: [],
    duesPayments: [],
    duesMonths: [],
    cards: [],
    outboxEvents: [],
  };

  // ── organisations ──
  const orgNodes: OrgNode[] = [];
  const addOrg = (
    parent: OrgNode | null,
    fields: Pick<OrgNode, "name" | "shortName" | "kind" | "level" | "sector" | "setup" | "regionCode" | "sortOrder"> &
      Partial<Pick<OrgNode, "foundedOn" | "address">>,
  ): OrgNode => {
    const id = ids.uuid();
    const ancestorIds = parent ? [...parent.ancestorIds, parent.id] : [];
    const node: OrgNode = {
      id,
      ...fields,
      foundedOn: fields.foundedOn ?? null,
      address: fields.address ?? null,
      parentId: parent?.id ?? null,
      ancestorIds,
      path: `${parent ? parent.path : "/"}${id}/`,
      depth: ancestorIds.length,
      committeeTermYears: null,
      committeeElectedOn: null,
    };
    orgNodes.push(node);
    return node;
  };

  const foundedRange = (spec: BranchSpec): [number, number] => {
    if (spec.setup === "YOUTH") return [2019, 2022];
    if (spec.setup === "MOBILE_MEMBERS") return [2014, 2019];
    if (spec.kind === "JOINT_BRANCH") return [2017, 2021];
    switch (spec.sector) {
      case "VILLAGE":
        return [1952, 1985];
      case "COMMUNITY":
        return [1992, 2012];
      case "ENTERPRISE":
        return [2006, 2018];
      case "TWO_NEW":
        return [2012, 2020];
      case "SCHOOL":
        return [1970, 2000];
      case "HOSPITAL":
        return [1965, 1998];
      default:
        return [1956, 1990];
    }
  };
  const randomDateInYears = (rng: Random, from: number, to: number): Date =>
    utcDate(rng.int(from, to), rng.int(0, 11), rng.int(1, 28));

  const branches: BranchState[] = [];
  const branchByKey = new Map<string, BranchState>();
  const generalBranches: GeneralBranchState[] = [];

  const rootOrg = addOrg(null, {
    name: REGION.name,
    shortName: REGION.shortName,
    kind: "COMMITTEE",
    level: "CITY",
    sector: "OTHER",
    setup: "NORMAL",
    regionCode: REGION.regionCode,
    sortOrder: 0,
    address: `${REGION.seat}人民路1号`,
  });
  const countyOrgs = new Map<string, OrgNode>();
  const townshipOrgs = new Map<string, OrgNode>();

  const addBranch = (
    parent: OrgNode,
    spec: BranchSpec,
    sortOrder: number,
    county: string,
    township: TownshipSpec,
  ): BranchState => {
    const [from, to] = foundedRange(spec);
    const org = addOrg(parent, {
      name: spec.name,
      shortName: spec.shortName,
      kind: spec.kind,
      level: "BRANCH",
      sector: spec.sector,
      setup: spec.setup ?? "NORMAL",
      regionCode: null,
      sortOrder,
      foundedOn: randomDateInYears(structure, from, to),
      address:
        spec.sector === "VILLAGE" || spec.sector === "COMMUNITY"
          ? `${township.seat}${spec.workUnit}`
          : `${township.seat}${spec.workUnit.replace(/^.*?(县|区|镇|乡|街道)/, "")}`,
    });
    const state: BranchState = {
      key: spec.key,
      spec,
      org,
      county,
      township,
      members: [],
      groups: [],
      committee: [],
      hasCommittee: false,
      presentRate: 0,
      leaveRate: 0,
      themeDays: new Map(),
    };
    const ordinals = ["第一", "第二", "第三", "第四", "第五"];
    for (let g = 0; g < (spec.groups ?? 0); g++) {
      const groupOrg = addOrg(org, {
        name: `${must(ordinals[g], "group ordinal")}党小组`,
        shortName: null,
        kind: "PARTY_GROUP",
        level: "GROUP",
        sector: spec.sector,
        setup: "NORMAL",
        regionCode: null,
        sortOrder: g,
      });
      state.groups.push({ org: groupOrg, members: [], leader: null });
    }
    branches.push(state);
    branchByKey.set(spec.key, state);
    return state;
  };

  REGION.counties.forEach((county, ci) => {
    const countyOrg = addOrg(rootOrg, {
      name: county.name,
      shortName: county.shortName,
      kind: "COMMITTEE",
      level: "COUNTY",
      sector: "OTHER",
      setup: "NORMAL",
      regionCode: county.regionCode,
      sortOrder: ci,
    });
    countyOrgs.set(county.key, countyOrg);
    county.townships.forEach((township, ti) => {
      const townshipOrg = addOrg(countyOrg, {
        name: township.name,
        shortName: township.shortName,
        kind: "COMMITTEE",
        level: "TOWNSHIP",
        sector: "OTHER",
        setup: "NORMAL",
        regionCode: township.regionCode,
        sortOrder: ti,
        address: township.seat,
      });
      townshipOrgs.set(township.key, townshipOrg);
      township.branches.forEach((spec, bi) => {
        if (spec.kind === "GENERAL_BRANCH") {
          const org = addOrg(townshipOrg, {
            name: spec.name,
            shortName: spec.shortName,
            kind: "GENERAL_BRANCH",
            level: "BRANCH",
            sector: spec.sector,
            setup: "NORMAL",
            regionCode: null,
            sortOrder: bi,
            foundedOn: randomDateInYears(structure, 1998, 2008),
            address: `${township.seat}${spec.place.replace(/党群服务中心$/, "居民委员会")}`,
          });
          const children = spec.children.map((child, k) => addBranch(org, child, k, county.regionCode, township));
          generalBranches.push({ spec, org, children, committee: [] });
        } else {
          addBranch(townshipOrg, spec, bi, county.regionCode, township);
        }
      });
    });
  });

  // ── members ──
  const reservedNames = new Set<string>([
    ...Object.values(DEMO_ACCOUNTS).map((a) => a.displayName),
    DEMO_LOST_CONTACT_MEMBER.name,
  ]);
  const reservedMemberNos = new Set<string>([
    ...Object.values(DEMO_ACCOUNTS).flatMap((a) => (a.memberNo ? [a.memberNo] : [])),
    DEMO_LOST_CONTACT_MEMBER.memberNo,
  ]);
  const reservedPhones = new Set<string>(Object.values(DEMO_ACCOUNTS).map((a) => a.phone));
  const memberNos = new Set<string>(reservedMemberNos);
  const phones = new Set<string>(reservedPhones);
  const idNumbers = new Set<string>();
  const uniqueMemberNo = (): string => {
    for (;;) {
      const no = `DY${people.int(10_000_000, 99_999_999)}`;
      if (!memberNos.has(no)) {
        memberNos.add(no);
        return no;
      }
    }
  };
  const uniquePhone = (): string => {
    for (;;) {
      const phone = people.pick(PHONE_PREFIXES) + people.digits(8);
      if (!phones.has(phone) && !phone.startsWith("1380000")) {
        phones.add(phone);
        return phone;
      }
    }
  };
  const uniqueIdNumber = (regionCode: string, birth: Date, gender: Gender): string => {
    for (;;) {
      const value = idNumber(regionCode, birth, people.int(0, 499), gender);
      if (!idNumbers.has(value)) {
        idNumbers.add(value);
        return value;
      }
    }
  };

  const latestFullJoin = addDays(refMonth, -400);
  const earliestJoin = utcDate(1965, 0, 1);

  for (const branch of branches) {
    const { spec } = branch;
    const namesHere = new Set<string>();
    const probationaryTarget = Math.floor(spec.size * 0.08 + people.next());
    const drafts: { category: MemberCategory; age: number; gender: Gender }[] = [];
    for (let i = 0; i < spec.size; i++) {
      const category = people.weighted(categoryWeights(spec));
      const [lo, hi] = ageRange(category, spec);
      drafts.push({ category, age: people.int(lo, hi), gender: people.chance(femaleShare(spec)) ? "FEMALE" : "MALE" });
    }
    // Probationary members are young and recent; keep at least 3 full members (a branch needs them).
    const eligible = drafts.map((d, i) => ({ d, i })).filter(({ d }) => d.age <= 40 && d.category !== "RETIRED");
    const probationary = new Set(
      people.sample(eligible, Math.min(probationaryTarget, Math.max(0, spec.size - 3))).map(({ i }) => i),
    );

    drafts.forEach((draft, i) => {
      const status: MemberStatus = probationary.has(i) ? "PROBATIONARY" : "FULL";
      const birthDate = addDays(
        utcDate(refMonth.getUTCFullYear() - draft.age, refMonth.getUTCMonth(), 1),
        -people.int(1, 364),
      );
      let joinedOn: Date;
      if (status === "PROBATIONARY") {
        joinedOn = dateOnly(addDays(refMonth, -people.int(25, 330)));
      } else {
        const earliest = Math.max(addYears(birthDate, 18).getTime(), earliestJoin.getTime());
        const latest = Math.min(addYears(birthDate, 50).getTime(), latestFullJoin.getTime());
        const youngLatest = Math.min(latest, earliest + 17 * 365 * DAY_MS);
        const upper = people.chance(0.8) ? youngLatest : latest;
        joinedOn = dateOnly(new Date(earliest + people.next() * Math.max(0, upper - earliest)));
      }
      let name = chineseName(people, draft.gender, birthDate.getUTCFullYear(), reservedNames);
      while (namesHere.has(name)) name = chineseName(people, draft.gender, birthDate.getUTCFullYear(), reservedNames);
      namesHere.add(name);

      const workUnit = ((): string | null => {
        switch (draft.category) {
          case "ON_DUTY":
            return spec.sector === "COMMUNITY" && people.chance(0.5)
              ? people.pick([
                  "个体经营",
                  `${branch.township.seat.slice(0, 3)}供电局`,
                  `${branch.township.seat.slice(0, 3)}农村信用社`,
                  `${branch.township.seat.slice(0, 3)}人民医院`,
                ])
              : spec.workUnit;
          case "MOBILE":
            return people.pick(MOBILE_WORKPLACES);
          case "STUDENT":
            return people.pick(UNIVERSITIES);
          case "FARMER":
            return spec.sector === "VILLAGE" ? spec.workUnit.replace("村民委员会", "") : null;
          default:
            return null;
        }
      })();

      const duesCategory = suggestedDuesCategory(draft.category);
      const income = incomeYuan(people, draft.category, spec);
      const farmerFen =
        draft.category === "FARMER"
          ? people.weighted<number>([
              [100, 80],
              [50, 15],
              [20, 5],
            ])
          : 100;
      const incomeFen = income === null ? null : income * 100;
      const person: Person = {
        id: ids.uuid(),
        memberNo: uniqueMemberNo(),
        name,
        gender: draft.gender,
        birthDate,
        age: draft.age,
        ethnicity: people.weighted(ETHNICITIES),
        idNumber: "",
        phone: null,
        education: education(people, draft.category, spec, draft.age),
        workUnit,
        status,
        category: draft.category,
        joinedOn,
        fullMemberOn: status === "FULL" ? addYears(joinedOn, 1) : null,
        branch,
        group: null,
        lostContactSince: null,
        accountId: null,
        reliability: people.float(-0.05, 0.05) - (draft.age > 75 ? 0.04 : 0),
        duesCategory,
        incomeFen,
        monthlyDuesFen: monthlyDuesFen(duesCategory, incomeFen, farmerFen),
        unpaidFrom: null,
        paysQuarterly: draft.category === "MOBILE",
      };
      person.idNumber = uniqueIdNumber(branch.county, birthDate, draft.gender);
      // Older members are less likely to have a phone of their own.
      if (people.chance(draft.age >= 75 ? 0.5 : draft.age >= 65 ? 0.8 : 0.95)) person.phone = uniquePhone();
      branch.members.push(person);
    });
  }

  // ── committees, groups ──
  const isCandidate = (p: Person, strict: boolean): boolean =>
    p.status === "FULL" &&
    p.category !== "STUDENT" &&
    (!strict || (p.age >= 28 && p.age <= 66 && p.category !== "MOBILE" && p.category !== "UNEMPLOYED"));

  for (const branch of branches) {
    const full = branch.members.filter((p) => p.status === "FULL");
    branch.hasCommittee = full.length >= 7;
    let pool = branch.members.filter((p) => isCandidate(p, true));
    if (pool.length < 5) pool = [...pool, ...branch.members.filter((p) => isCandidate(p, false) && !pool.includes(p))];
    if (pool.length === 0) pool = full;
    // Secretaries tend to be cadres in their prime: prefer on-duty members aged 35–60.
    const ranked = pool
      .map((p) => ({
        p,
        score: structure.next() + (p.category === "ON_DUTY" ? 0.6 : 0) + (p.age >= 35 && p.age <= 60 ? 0.4 : 0),
      }))
      .sort((a, b) => b.score - a.score)
      .map(({ p }) => p);
    const size = !branch.hasCommittee
      ? 1
      : full.length >= 30
        ? 5
        : full.length >= 15
          ? structure.int(4, 5)
          : structure.int(3, 4);
    branch.committee = ranked.slice(0, Math.min(size, ranked.length));
    for (const p of branch.committee) if (!p.phone) p.phone = uniquePhone();

    if (branch.groups.length > 0) {
      const shuffled = structure.shuffle(branch.members);
      shuffled.forEach((p, i) => {
        const group = must(branch.groups[i % branch.groups.length], "group");
        group.members.push(p);
        p.group = group;
      });
      const secretary = must(branch.committee[0], "secretary");
      for (const group of branch.groups) {
        const candidates = group.members.filter((p) => p !== secretary && isCandidate(p, false));
        group.leader = candidates.length > 0 ? structure.pick(candidates) : null;
        if (group.leader && !group.leader.phone) group.leader.phone = uniquePhone();
      }
    }
    branch.presentRate = life.float(0.88, 0.95);
    branch.leaveRate = 0.05;
    if (branch.key === SPECIAL.lowAttendance) {
      branch.presentRate = 0.6;
      branch.leaveRate = 0.08;
    }
  }

  for (const general of generalBranches) {
    const [first, second] = general.children;
    const firstSecretary = must(first?.committee[0], "general branch secretary");
    const secondSecretary = must(second?.committee[0], "sub-branch secretary");
    const others = general.children
      .flatMap((c) => c.committee.slice(1))
      .filter((p) => p !== firstSecretary && p !== secondSecretary);
    general.committee = [firstSecretary, secondSecretary, ...structure.sample(others, 1)];
  }

  // ── the demo people: fixed identities on generated members ──
  const applyIdentity = (
    p: Person,
    identity: { displayName: string; memberNo: string; gender: Gender; phone?: string },
  ): void => {
    memberNos.delete(p.memberNo);
    p.name = identity.displayName;
    p.memberNo = identity.memberNo;
    if (p.gender !== identity.gender) {
      p.gender = identity.gender;
      idNumbers.delete(p.idNumber);
      p.idNumber = uniqueIdNumber(p.branch.county, p.birthDate, p.gender);
    }
    if (identity.phone) {
      if (p.phone) phones.delete(p.phone);
      p.phone = identity.phone;
    }
  };
  const ordinaryFull = (branch: BranchState, prefer: (p: Person) => boolean): Person => {
    const leaders = new Set(branch.groups.map((g) => g.leader));
    const candidates = branch.members.filter(
      (p) => p.status === "FULL" && !branch.committee.includes(p) && !leaders.has(p),
    );
    return must(candidates.find(prefer) ?? candidates[0], `ordinary member of ${branch.spec.name}`);
  };
  const demoIdentity = (key: DemoAccountKey) => {
    const account = DEMO_ACCOUNTS[key];
    return {
      displayName: account.displayName,
      memberNo: must(account.memberNo, `${key} memberNo`),
      gender: account.gender,
      phone: account.phone,
    };
  };

  const branchA = must(branchByKey.get(SPECIAL.branchA), "branch A");
  const demoSecretary = must(branchA.committee[0], "branch A secretary");
  applyIdentity(demoSecretary, demoIdentity("secretary"));
  const demoMember = ordinaryFull(
    branchA,
    (p) => (p.category === "FARMER" || p.category === "ON_DUTY") && p.age >= 30 && p.age <= 55,
  );
  applyIdentity(demoMember, demoIdentity("member"));
  const townshipAgency = must(branchByKey.get(SPECIAL.townshipAgency), "township agency branch");
  const demoTownship = ordinaryFull(townshipAgency, (p) => p.category === "ON_DUTY" && p.age <= 50);
  applyIdentity(demoTownship, demoIdentity("township"));

  const lostBranch = must(branchByKey.get(SPECIAL.lostContact), "lost-contact branch");
  const lostMember = ordinaryFull(lostBranch, (p) => p.category === "MOBILE" && !!p.phone);
  applyIdentity(lostMember, {
    displayName: DEMO_LOST_CONTACT_MEMBER.name,
    memberNo: DEMO_LOST_CONTACT_MEMBER.memberNo,
    gender: "MALE",
  });
  // Pays month by month, so the ledger stops exactly when contact was lost.
  lostMember.paysQuarterly = false;
  const lostMonth = must(months[SEEDED_MONTHS - 7], "lost-contact month");
  lostMember.lostContactSince = utcDate(lostMonth.year, lostMonth.month, 3);
  lostMember.unpaidFrom = lostMonth.index;

  const arrearsBranch = must(branchByKey.get(SPECIAL.duesArrears), "arrears branch");
  const arrearsCandidates = arrearsBranch.members.filter((p) => !arrearsBranch.committee.includes(p));
  for (const p of money.sample(arrearsCandidates, Math.round(arrearsBranch.members.length * 0.3))) {
    p.unpaidFrom = SEEDED_MONTHS - 5;
  }

  const allPeople = branches.flatMap((b) => b.members);

  // ── member rows ──
  for (const p of allPeople) {
    rows.members.push({
      id: p.id,
      memberNo: p.memberNo,
      name: p.name,
      gender: p.gender,
      birthDate: p.birthDate,
      ethnicity: p.ethnicity,
      idNumber: p.idNumber,
      phone: p.phone,
      education: p.education,
      workUnit: p.workUnit,
      status: p.status,
      category: p.category,
      joinedOn: p.joinedOn,
      fullMemberOn: p.fullMemberOn,
      branchId: p.branch.org.id,
      partyGroupId: p.group?.org.id ?? null,
      lostContact: p.lostContactSince !== null,
      lostContactSince: p.lostContactSince,
    });
  }

  // ── accounts ──
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

  // ── committee posts and role grants ──
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

  // ── org rows (committee terms are known now) ──
  for (const o of orgNodes) {
    rows.orgs.push({
      id: o.id,
      name: o.name,
      shortName: o.shortName,
      kind: o.kind,
      level: o.level,
      sector: o.sector,
      setup: o.setup,
      regionCode: o.regionCode,
      parentId: o.parentId,
      ancestorIds: o.ancestorIds,
      path: o.path,
      depth: o.depth,
      sortOrder: o.sortOrder,
      foundedOn: o.foundedOn,
      committeeTermYears: o.committeeTermYears,
      committeeElectedOn: o.committeeElectedOn,
      address: o.address,
    });
  }

  // ── party school ──
  const schoolAdminId = must(staffAccounts.get("schoolAdmin"), "school admin account");
  COURSES.forEach((course) => {
    const courseId = ids.uuid();
    const readings = course.lessons.filter((l) => l.kind === "READING").length;
    rows.courses.push({
      id: courseId,
      title: course.title,
      summary: course.summary,
      category: course.category,
      // Reading lessons are credited half an hour each on completion; videos by watched time.
      creditHours: readings > 0 ? readings * 0.5 : null,
      published: true,
      createdById: schoolAdminId,
    });
    course.lessons.forEach((lesson, i) => {
      rows.lessons.push({
        id: ids.uuid(),
        courseId,
        title: lesson.title,
        kind: lesson.kind,
        sortOrder: i + 1,
        body: lesson.body ?? null,
        durationSec: lesson.durationSec ?? null,
      });
    });
  });

  // ── organisational life ──
  const isFieldSector = (sector: OrgSector): boolean =>
    sector === "VILLAGE" || sector === "COMMUNITY" || sector === "OTHER";
  const onListAt = (p: Person, at: Date): boolean => p.joinedOn.getTime() <= at.getTime();
  const isProbationaryAt = (p: Person, at: Date): boolean =>
    p.status === "PROBATIONARY" || (p.fullMemberOn !== null && at < p.fullMemberOn);

  interface MeetingInput {
    orgId: string;
    type: MeetingType;
    topic: string;
    place: string;
    host: Person;
    start: Date;
    durationMin: number;
    expected: Person[];
    /** attendance rates of the hosting branch */
    rates: { present: number; leave: number };
    body: string;
    outcomes?: Record<string, number>;
    partners?: { orgId: string; confirmerAccountId: string | null }[];
    /** a heart-to-heart talk: the one member is present by definition, minutes are the body alone */
    talk?: boolean;
  }

  const holdMeeting = (input: MeetingInput): HeldMeeting => {
    const id = ids.uuid();
    const heldStart = addMinutes(input.start, life.int(0, 10));
    const heldEnd = addMinutes(input.start, input.durationMin + life.int(-10, 20));
    const hostAccountId = input.host.accountId;
    const attendance = new Map<string, AttendanceStatus>();
    let present = 0;
    let leave = 0;
    let expectedCount = 0;
    for (const p of input.expected) {
      if (!onListAt(p, input.start)) continue;
      expectedCount++;
      const lost = p.lostContactSince !== null && input.start >= p.lostContactSince;
      const r = life.next();
      const pPresent = Math.min(0.99, Math.max(0.2, input.rates.present + p.reliability));
      const status: AttendanceStatus = input.talk
        ? "PRESENT"
        : lost
          ? "ABSENT"
          : r < pPresent
            ? "PRESENT"
            : r < pPresent + input.rates.leave
              ? "LEAVE"
              : "ABSENT";
      attendance.set(p.id, status);
      let capturedBy: CaptureMethod | null = null;
      let capturedById: string | null = null;
      let checkedInAt: Date | null = null;
      let leaveReason: string | null = null;
      if (status === "PRESENT") {
        present++;
        const older = p.age >= 65;
        capturedBy = input.talk
          ? "PROXY"
          : life.weighted<CaptureMethod>(
              older
                ? [
                    ["PROXY", 60],
                    ["SELF_QR", 25],
                    ["CARD_SCAN", 15],
                  ]
                : [
                    ["SELF_QR", 68],
                    ["PROXY", 17],
                    ["CARD_SCAN", 15],
                  ],
            );
        if (capturedBy === "SELF_QR" && !p.accountId) capturedBy = "PROXY";
        capturedById = capturedBy === "SELF_QR" ? p.accountId : hostAccountId;
        checkedInAt = addMinutes(heldStart, life.int(-20, 8));
      } else if (status === "LEAVE") {
        leave++;
        capturedBy = "PROXY";
        capturedById = hostAccountId;
        leaveReason = life.pick(LEAVE_REASONS);
      }
      rows.attendances.push({
        id: ids.uuid(),
        meetingId: id,
        memberId: p.id,
        expected: true,
        probationary: isProbationaryAt(p, input.start),
        status,
        leaveReason,
        capturedBy,
        capturedById,
        checkedInAt,
        createdAt: checkedInAt ?? heldStart,
        updatedAt: heldEnd,
      });
    }
    const absent = expectedCount - present - leave;
    const plannedEnd = addMinutes(input.start, input.durationMin);
    const createdAt = addDays(input.start, -life.int(3, 10));
    rows.meetings.push({
      id,
      orgId: input.orgId,
      type: input.type,
      status: "HELD",
      topic: input.topic,
      place: input.place,
      hostMemberId: input.host.id,
      plannedStart: input.start,
      plannedEnd,
      heldStart,
      heldEnd,
      minutes: input.talk
        ? input.body
        : `${input.host.name}主持。应到${expectedCount}人，实到${present}人，请假${leave}人，缺席${absent}人。${input.body}`,
      outcomes: input.outcomes ?? {},
      lockedAt: addDays(heldEnd, 2),
      createdById: hostAccountId,
      createdAt,
      updatedAt: addDays(heldEnd, 2),
    });
    rows.meetingOrgs.push({
      meetingId: id,
      orgId: input.orgId,
      isHost: true,
      confirmedAt: createdAt,
      confirmedById: hostAccountId,
    });
    for (const partner of input.partners ?? []) {
      rows.meetingOrgs.push({
        meetingId: id,
        orgId: partner.orgId,
        isHost: false,
        confirmedAt: addDays(input.start, -life.int(1, 3)),
        confirmedById: partner.confirmerAccountId,
      });
    }
    return { id, heldStart, attendance };
  };

  /** For each calendar quarter touching the window, the month (index) to hold a quarterly meeting in. */
  const quarterMonths = (preferred: number): number[] => {
    const byQuarter = new Map<string, Month[]>();
    for (const m of months) {
      const key = `${m.year}-${Math.floor(m.month / 3)}`;
      byQuarter.set(key, [...(byQuarter.get(key) ?? []), m]);
    }
    return [...byQuarter.values()].map(
      (list) => (list.find((m) => m.month % 3 === preferred) ?? must(list.at(-1), "quarter month")).index,
    );
  };
  const assemblyMonths = new Set(quarterMonths(1));
  const lectureMonths = new Set(quarterMonths(0));
  const december = must(
    months.find((m) => m.month === 11),
    "December in window",
  );

  const noMeetingsFrom = SEEDED_MONTHS - 4;
  for (const branch of branches) {
    const { spec, org } = branch;
    const secretary = must(branch.committee[0], "secretary");
    const field = isFieldSector(spec.sector);
    const rates = { present: branch.presentRate, leave: branch.leaveRate };
    const everyone = branch.members;
    const silentFrom = branch.key === SPECIAL.noRecentMeetings ? noMeetingsFrom : SEEDED_MONTHS;
    for (const m of months) {
      if (m.index >= silentFrom) break;
      // 支委会 early in the month, before the theme day.
      if (branch.hasCommittee) {
        const committeeTopic =
          COMMITTEE_TOPICS[(m.index + branch.members.length) % COMMITTEE_TOPICS.length] ?? "研究支部工作";
        holdMeeting({
          orgId: org.id,
          type: "COMMITTEE_MEETING",
          topic: committeeTopic,
          place: spec.place,
          host: secretary,
          start: field
            ? beijing(m.year, m.month, life.int(2, 5), 19, 30)
            : beijing(m.year, m.month, life.int(2, 5), 16, 0),
          durationMin: 90,
          expected: branch.committee,
          rates: { present: Math.min(0.97, rates.present + 0.04), leave: rates.leave },
          body: `支委会${committeeTopic}，逐项讨论并形成决定，明确责任人和完成时限。`,
        });
      }
      // 主题党日 on the 7th.
      const themeTopic = must(THEME_DAY_TOPICS[m.month], "theme topic");
      const birthdayMembers = everyone
        .filter((p) => p.joinedOn.getUTCMonth() === m.month && onListAt(p, m.start))
        .slice(0, 3);
      const optional =
        m.month === 6 ? "OATH" : birthdayMembers.length > 0 && m.index % 2 === 0 ? "BIRTHDAY" : "VOLUNTEER";
      const optionalAction = must(
        DEFAULT_THEME_DAY_ACTIONS.find((a) => a.code === optional),
        "optional action",
      );
      const volunteerNote = life.pick(VOLUNTEER_NOTES);
      const themeDay = holdMeeting({
        orgId: org.id,
        type: "THEME_DAY",
        topic: themeTopic,
        place: spec.place,
        host: secretary,
        start: field ? beijing(m.year, m.month, 7, 9, 0) : beijing(m.year, m.month, 7, 14, 30),
        durationMin: 150,
        expected: everyone,
        rates,
        body: `党员现场缴纳党费，集体诵读党章，学习党规党纪，书记围绕“${themeTopic}”讲党课，党员代表交流体会；自选动作：${optionalAction.title}。${m.month === 3 ? "清明前夕，党员到烈士陵园敬献花篮、擦拭墓碑。" : ""}`,
        ...(optional === "VOLUNTEER" ? { outcomes: { peopleServed: life.int(15, 80) } } : {}),
      });
      branch.themeDays.set(m.index, themeDay);
      for (const action of DEFAULT_THEME_DAY_ACTIONS) {
        if (!action.required && action.code !== optional) continue;
        rows.meetingActions.push({
          id: ids.uuid(),
          meetingId: themeDay.id,
          code: action.code,
          title: action.title,
          required: action.required,
          done: true,
          note:
            action.code === "BIRTHDAY"
              ? `为${birthdayMembers.map((p) => p.name).join("、")}同志过政治生日`
              : action.code === "VOLUNTEER"
                ? volunteerNote
                : null,
          sortOrder: action.sortOrder,
        });
      }
      // 党小组会 monthly per group.
      for (const group of branch.groups) {
        const host = group.leader ?? secretary;
        const topic = GROUP_TOPICS[(m.index + group.org.sortOrder) % GROUP_TOPICS.length] ?? "党小组学习";
        holdMeeting({
          orgId: group.org.id,
          type: "GROUP_MEETING",
          topic,
          place: field ? `${group.org.name}组长家中` : spec.place,
          host,
          start: field
            ? beijing(m.year, m.month, life.int(12, 22), 19, 30)
            : beijing(m.year, m.month, life.int(12, 22), 15, 0),
          durationMin: 75,
          expected: group.members,
          rates,
          body: `党小组${topic}，党员逐一发言。`,
        });
      }
      // 党员大会 and 党课 once a quarter.
      if (assemblyMonths.has(m.index)) {
        const topic = must(ASSEMBLY_TOPICS[Math.floor(m.month / 3)], "assembly topic");
        holdMeeting({
          orgId: org.id,
          type: "BRANCH_ASSEMBLY",
          topic,
          place: spec.place,
          host: secretary,
          start: beijing(m.year, m.month, life.int(15, 25), field ? 9 : 15, 0),
          durationMin: 120,
          expected: everyone,
          rates,
          body: `支部党员大会${topic}，与会党员举手表决通过。`,
        });
      }
      if (lectureMonths.has(m.index)) {
        const topic = must(LECTURE_TOPICS[(m.index + spec.size) % LECTURE_TOPICS.length], "lecture topic");
        holdMeeting({
          orgId: org.id,
          type: "PARTY_LECTURE",
          topic,
          place: spec.place,
          host: secretary,
          start: beijing(m.year, m.month, life.int(10, 14), field ? 9 : 15, 0),
          durationMin: 90,
          expected: everyone,
          rates,
          body: `${secretary.name}同志讲授党课《${topic.replace(/^.*?：/, "")}》，党员认真听讲并做学习笔记。`,
        });
      }
      // 组织生活会 and 民主评议 in December, after a round of 谈心谈话 with every member
      // (TALK: once a year per member); the secretary's own talk is with another committee member.
      if (m.index === december.index) {
        everyone.forEach((p, i) => {
          const talkDay = utcDate(m.year, m.month, 1 + (i % 16));
          if (!onListAt(p, talkDay) || (p.lostContactSince !== null && talkDay >= p.lostContactSince)) return;
          const others = branch.committee.filter((t) => t !== p);
          const host = others[i % Math.max(1, others.length)];
          if (!host) return;
          holdMeeting({
            orgId: org.id,
            type: "TALK",
            topic: `与${p.name}同志谈心谈话`,
            place: spec.place,
            host,
            start: beijing(m.year, m.month, talkDay.getUTCDate(), life.pick([9, 10, 15, 16, 19]), 0),
            durationMin: 40,
            expected: [p],
            rates,
            talk: true,
            body: `${host.name}与${p.name}谈心谈话，交流思想、工作和生活情况，听取对支部工作的意见建议。`,
          });
        });
        const day = life.int(18, 26);
        holdMeeting({
          orgId: org.id,
          type: "LIFE_MEETING",
          topic: `${m.year}年度组织生活会`,
          place: spec.place,
          host: secretary,
          start: beijing(m.year, m.month, day, 9, 0),
          durationMin: 180,
          expected: everyone,
          rates,
          body: "支部书记代表支委会对照检查，党员逐一开展批评和自我批评，明确整改措施。",
        });
        holdMeeting({
          orgId: org.id,
          type: "APPRAISAL",
          topic: `${m.year}年度民主评议党员`,
          place: spec.place,
          host: secretary,
          start: beijing(m.year, m.month, day, 14, 30),
          durationMin: 150,
          expected: everyone,
          rates,
          body: "党员个人总结、互评和民主测评，评议结果经支委会研究后向党员本人反馈。",
        });
      }
    }
  }

  for (const general of generalBranches) {
    const secretary = must(general.committee[0], "general branch secretary");
    for (const m of months) {
      const topic = COMMITTEE_TOPICS[(m.index + 3) % COMMITTEE_TOPICS.length] ?? "研究总支工作";
      holdMeeting({
        orgId: general.org.id,
        type: "COMMITTEE_MEETING",
        topic,
        place: general.spec.place,
        host: secretary,
        start: beijing(m.year, m.month, life.int(1, 4), 19, 30),
        durationMin: 90,
        expected: general.committee,
        rates: { present: 0.93, leave: 0.05 },
        body: `总支委员会${topic}，各支部书记汇报本支部工作。`,
      });
    }
  }

  // ── partnerships and joint activities ──
  for (const link of LINKS) {
    const a = must(branchByKey.get(link.a), `link end ${link.a}`);
    const b = must(branchByKey.get(link.b), `link end ${link.b}`);
    const [orgA, orgB] = a.org.id < b.org.id ? [a, b] : [b, a];
    const startsOn = dateOnly(addDays(refMonth, link.stale ? -misc.int(700, 900) : -misc.int(420, 1400)));
    // Healthy ties met in the last two months, so their decayed strength stays above T1's 0.5
    // for weeks after the reference date; the stale bridge last met about 9 months ago.
    const recent = misc.int(SEEDED_MONTHS - 2, SEEDED_MONTHS - 1);
    const activityMonths = link.stale
      ? [SEEDED_MONTHS - 9]
      : misc.chance(0.7)
        ? [misc.int(SEEDED_MONTHS - 7, SEEDED_MONTHS - 4), recent]
        : [recent];
    const activityTimes: Date[] = [];
    for (const index of activityMonths) {
      const m = must(months[index], "activity month");
      const [host, partner] = misc.chance(0.5) ? [a, b] : [b, a];
      const topic = misc.pick(JOINT_TOPICS[link.type]);
      const meeting = holdMeeting({
        orgId: host.org.id,
        type: "JOINT_ACTIVITY",
        topic,
        place: host.spec.place,
        host: must(host.committee[0], "joint host"),
        start: beijing(m.year, m.month, misc.int(10, 25), 9, 30),
        durationMin: 150,
        expected: [...host.members, ...partner.members],
        rates: { present: Math.min(host.presentRate, partner.presentRate), leave: 0.05 },
        body: `${host.spec.shortName}与${partner.spec.shortName}联合开展“${topic}”活动，双方党员共同参与。`,
        outcomes: { peopleServed: misc.int(30, 160) },
        partners: [{ orgId: partner.org.id, confirmerAccountId: partner.committee[0]?.accountId ?? null }],
      });
      activityTimes.push(meeting.heldStart);
    }
    // the same decay the platform applies to a tie (core, docs/warnings.md T1)
    const { strength, at: strengthAt } = strengthFromActivities(activityTimes);
    rows.orgLinks.push({
      id: ids.uuid(),
      orgAId: orgA.org.id,
      orgBId: orgB.org.id,
      type: link.type,
      status: "ACTIVE",
      startsOn,
      agreement: link.agreement,
      proposedByOrgId: a.org.id,
      proposedById: a.committee[0]?.accountId ?? null,
      decidedById: b.committee[0]?.accountId ?? null,
      decidedAt: beijing(startsOn.getUTCFullYear(), startsOn.getUTCMonth(), startsOn.getUTCDate(), 10, 0),
      strength,
      strengthAt,
      createdAt: addDays(startsOn, -misc.int(5, 20)),
    });
  }

  // ── next planned meeting per branch ──
  const plan = (orgId: string, host: Person, type: MeetingType, place: string, field: boolean): void => {
    const day = addDays(dateOnly(referenceDate), misc.int(14, 21));
    const start = beijing(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), field ? 9 : 15, 0);
    const id = ids.uuid();
    const createdAt = addDays(referenceDate, -misc.int(1, 5));
    rows.meetings.push({
      id,
      orgId,
      type,
      status: "PLANNED",
      topic: misc.pick(must(PLANNED_TOPICS[type], "planned topics")),
      place,
      hostMemberId: host.id,
      plannedStart: start,
      plannedEnd: addMinutes(start, 120),
      outcomes: {},
      createdById: host.accountId,
      createdAt,
      updatedAt: createdAt,
    });
    rows.meetingOrgs.push({
      meetingId: id,
      orgId,
      isHost: true,
      confirmedAt: createdAt,
      confirmedById: host.accountId,
    });
  };
  for (const branch of branches) {
    const types: MeetingType[] = branch.hasCommittee
      ? ["BRANCH_ASSEMBLY", "PARTY_LECTURE", "COMMITTEE_MEETING"]
      : ["BRANCH_ASSEMBLY", "PARTY_LECTURE"];
    plan(
      branch.org.id,
      must(branch.committee[0], "secretary"),
      misc.pick(types),
      branch.spec.place,
      isFieldSector(branch.spec.sector),
    );
  }
  for (const general of generalBranches) {
    plan(
      general.org.id,
      must(general.committee[0], "general secretary"),
      "COMMITTEE_MEETING",
      general.spec.place,
      true,
    );
  }

  // ── dues ──
  let receiptSeq = 0;
  const pay = (
    p: Person,
    monthIndexes: number[],
    paidAt: Date,
    method: PaymentMethod,
    meetingId: string | null,
  ): void => {
    const paymentId = ids.uuid();
    receiptSeq++;
    const reference =
      method === "TRANSFER"
        ? `转账流水号 ${paidAt.getUTCFullYear()}${pad2(paidAt.getUTCMonth() + 1)}${pad2(paidAt.getUTCDate())}${money.digits(8)}`
        : method === "ONLINE"
          ? `微信支付 4200${money.digits(24)}`
          : null;
    rows.duesPayments.push({
      id: paymentId,
      memberId: p.id,
      orgId: p.branch.org.id,
      amountFen: p.monthlyDuesFen * monthIndexes.length,
      paidAt,
      method,
      reference,
      meetingId,
      receiptNo: `DF${paidAt.getUTCFullYear()}${pad2(paidAt.getUTCMonth() + 1)}${String(receiptSeq).padStart(6, "0")}`,
      recordedById: method === "ONLINE" ? null : (p.branch.committee[0]?.accountId ?? null),
      createdAt: paidAt,
    });
    for (const index of monthIndexes) {
      rows.duesMonths.push({
        memberId: p.id,
        month: must(months[index], "dues month").start,
        paymentId,
        amountFen: p.monthlyDuesFen,
        orgId: p.branch.org.id,
      });
    }
  };
  const transferAt = (m: Month, afterDay: number): Date =>
    beijing(m.year, m.month, Math.min(28, afterDay + money.int(1, 14)), money.int(9, 21), money.int(0, 59));

  for (const p of allPeople) {
    const joinMonth = monthStartOf(p.joinedOn);
    const effectiveFrom = joinMonth > windowStart ? joinMonth : windowStart;
    rows.duesDeclarations.push({
      id: ids.uuid(),
      memberId: p.id,
      effectiveFrom,
      category: p.duesCategory,
      monthlyIncomeFen: p.incomeFen,
      monthlyDuesFen: p.monthlyDuesFen,
      declaredById: p.branch.committee[0]?.accountId ?? null,
    });
    const payable = months
      .filter((m) => m.start >= effectiveFrom && (p.unpaidFrom === null || m.index < p.unpaidFrom))
      .map((m) => m.index);
    if (p.paysQuarterly) {
      for (let i = 0; i < payable.length; i += 3) {
        const chunk = payable.slice(i, i + 3);
        const m = must(months[must(chunk[0], "chunk month")], "quarter month");
        pay(p, chunk, transferAt(m, 2), money.chance(0.6) ? "TRANSFER" : "ONLINE", null);
      }
      continue;
    }
    for (const index of payable) {
      const m = must(months[index], "month");
      const themeDay = p.branch.themeDays.get(index);
      if (themeDay && themeDay.attendance.get(p.id) === "PRESENT" && money.chance(0.97)) {
        pay(p, [index], addMinutes(themeDay.heldStart, money.int(10, 90)), "ON_SITE", themeDay.id);
      } else {
        pay(p, [index], transferAt(m, 7), money.chance(0.65) ? "TRANSFER" : "ONLINE", null);
      }
    }
  }

  // ── cards ──
  const serials = new Set<string>();
  for (const p of allPeople) {
    let serial: string;
    do serial = `JC${misc.digits(10)}`;
    while (serials.has(serial));
    serials.add(serial);
    const issued = addDays(refMonth, -misc.int(20, 600));
    rows.cards.push({
      id: ids.uuid(),
      memberId: p.id,
      serial,
      status: "ACTIVE",
      issuedAt: issued > p.joinedOn ? issued : addDays(p.joinedOn, 7),
    });
  }

  // ── the school's own introduction course (ids drawn last: every other row keeps its id) ──
  for (const course of INTRO_COURSES) {
    const courseId = ids.uuid();
    rows.courses.push({
      id: courseId,
      title: course.title,
      summary: course.summary,
      category: course.category,
      creditHours: 0.5,
      published: true,
      createdById: schoolAdminId,
    });
    course.lessons.forEach((lesson, i) => {
      rows.lessons.push({
        id: ids.uuid(),
        courseId,
        title: lesson.title,
        kind: lesson.kind,
        sortOrder: i + 1,
        body: lesson.body ?? null,
        durationSec: lesson.durationSec ?? null,
      });
    });
  }

  // ── outbox: let the worker build the monthly facts of every branch and group ──
  const factOrgs = orgNodes.filter((o) => o.level === "BRANCH" || o.level === "GROUP");
  const keys = factOrgs.flatMap((o) => months.map((m) => ({ orgId: o.id, month: m.key })));
  for (let i = 0; i < keys.length; i += OUTBOX_BATCH) {
    rows.outboxEvents.push({ topic: "facts.touch", payload: { keys: keys.slice(i, i + OUTBOX_BATCH) } });
  }

  return rows;
}
