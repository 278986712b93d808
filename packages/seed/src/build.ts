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
//
// One builder per part of the region (build/*.ts), called in a fixed order: the random streams are
// consumed in that order, so the same seed and reference month always give the same rows.
import { Random } from "./random.ts";
import { buildAccounts, grantRoles } from "./builders/accounts.ts";
import { buildCards } from "./builders/cards.ts";
import { buildDues } from "./builders/dues.ts";
import { buildOrganisationalLife, buildPlannedMeetings } from "./builders/meetings.ts";
import { buildCommittees, buildMembers, memberRows, placeDemoPeople } from "./builders/members.ts";
import { DEMO_SEED, monthStartOf, must, OUTBOX_BATCH, seededMonths } from "./builders/model.ts";
import type { Build, BuildOptions, DemoRegionRows, Tree } from "./builders/model.ts";
import { buildOrganisations, orgRows } from "./builders/organisations.ts";
import { buildPartnerships } from "./builders/partnerships.ts";
import { buildCourses, buildIntroCourses } from "./builders/school.ts";

export { DEMO_SEED, monthStartOf, SEEDED_MONTHS, seededMonths } from "./builders/model.ts";
export type { BuildOptions, DemoRegionRows } from "./builders/model.ts";

export function buildDemoRegion(options: BuildOptions): DemoRegionRows {
  const root = new Random(options.seed ?? DEMO_SEED);
  const referenceDate = options.referenceDate;
  const months = seededMonths(referenceDate);
  const b: Build = {
    options,
    ids: root.fork("ids"),
    structure: root.fork("structure"),
    people: root.fork("people"),
    life: root.fork("life"),
    money: root.fork("dues"),
    misc: root.fork("misc"),
    referenceDate,
    refMonth: monthStartOf(referenceDate),
    months,
    windowStart: must(months[0], "first month").start,
    rows: {
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
    },
  };

  const tree = buildOrganisations(b);
  const registry = buildMembers(b, tree);
  buildCommittees(b, tree, registry);
  const demo = placeDemoPeople(b, tree, registry);
  memberRows(b, demo);
  const staffAccounts = buildAccounts(b, demo);
  grantRoles(b, tree, demo, staffAccounts);
  orgRows(b, tree);
  buildCourses(b, staffAccounts);
  buildOrganisationalLife(b, tree);
  buildPartnerships(b, tree);
  buildPlannedMeetings(b, tree);
  buildDues(b, demo);
  buildCards(b, demo);
  buildIntroCourses(b, staffAccounts);
  touchFacts(b, tree);
  return b.rows;
}

/** Outbox events that let the worker build the monthly facts of every branch and group. */
function touchFacts(b: Build, tree: Tree): void {
  const factOrgs = tree.orgNodes.filter((o) => o.level === "BRANCH" || o.level === "GROUP");
  const keys = factOrgs.flatMap((o) => b.months.map((m) => ({ orgId: o.id, month: m.key })));
  for (let i = 0; i < keys.length; i += OUTBOX_BATCH) {
    b.rows.outboxEvents.push({ topic: "facts.touch", payload: { keys: keys.slice(i, i + OUTBOX_BATCH) } });
  }
}
