// The in-memory model of the demo region the builders share: constants, time helpers, the
// shapes of organisations and people, and the frame (random streams, rows) every builder writes into.
import type {
  AttendanceStatus,
  DuesCategory,
  Gender,
  MemberCategory,
  MemberStatus,
  OrgKind,
  OrgLevel,
  OrgSector,
  OrgSetup,
  Prisma,
} from "@dangjian/db";
import type { Random } from "../random.ts";
import type { BranchSpec, GeneralBranchSpec, TownshipSpec } from "../region.ts";

/** Fixed master seed: change it and every id and name changes. */
export const DEMO_SEED = 20_260_407;

/** Months of organisational life generated before the reference month. */
export const SEEDED_MONTHS = 12;

/** Keys per facts.touch outbox event. */
export const OUTBOX_BATCH = 500;

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

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

export const pad2 = (n: number): string => String(n).padStart(2, "0");
export const utcDate = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m, d));
/** Wall-clock time in China (UTC+8, no DST) as an instant. */
export const beijing = (y: number, m: number, d: number, hour: number, minute = 0): Date =>
  new Date(Date.UTC(y, m, d, hour - 8, minute));
export const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY_MS);
export const addMinutes = (date: Date, minutes: number): Date => new Date(date.getTime() + minutes * MINUTE_MS);
export const addYears = (date: Date, years: number): Date =>
  utcDate(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate());
export const dateOnly = (date: Date): Date => utcDate(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
export const monthKey = (date: Date): string => `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}`;

/** First day (UTC) of the month containing `date`. */
export function monthStartOf(date: Date): Date {
  return utcDate(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export interface Month {
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

export interface OrgNode {
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

export interface Person {
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

export interface GroupState {
  org: OrgNode;
  members: Person[];
  leader: Person | null;
}

export interface BranchState {
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

export interface GeneralBranchState {
  spec: GeneralBranchSpec;
  org: OrgNode;
  children: BranchState[];
  committee: Person[];
}

export interface HeldMeeting {
  id: string;
  heldStart: Date;
  attendance: Map<string, AttendanceStatus>;
}

export function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`demo seed: missing ${what}`);
  return value;
}

/** The random streams and the frame every builder writes into. */
export interface Build {
  options: BuildOptions;
  /** One stream for every id, consumed in a fixed order (organisations and members first, so
   * their ids do not depend on the reference date); other streams decide everything else. */
  ids: Random;
  structure: Random;
  people: Random;
  life: Random;
  money: Random;
  misc: Random;
  referenceDate: Date;
  refMonth: Date;
  months: Month[];
  windowStart: Date;
  rows: DemoRegionRows;
}

/** The organisation tree (buildOrganisations). */
export interface Tree {
  orgNodes: OrgNode[];
  rootOrg: OrgNode;
  countyOrgs: Map<string, OrgNode>;
  townshipOrgs: Map<string, OrgNode>;
  branches: BranchState[];
  branchByKey: Map<string, BranchState>;
  generalBranches: GeneralBranchState[];
}

/** Unique member numbers, phones and ID numbers handed out so far (buildMembers). */
export interface Registry {
  memberNos: Set<string>;
  phones: Set<string>;
  idNumbers: Set<string>;
  uniquePhone: () => string;
  uniqueIdNumber: (regionCode: string, birth: Date, gender: Gender) => string;
}

/** The demo logins placed on generated members (placeDemoPeople). */
export interface DemoPeople {
  branchA: BranchState;
  demoTownship: Person;
  allPeople: Person[];
}
