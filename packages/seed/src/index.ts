// The demo region seed: 江川市 with 3 counties, 8 townships, 33 branches, about 600 members and
// a year of organisational life and dues. Deterministic (seeded PRNG, ids included, for a given
// reference month) and idempotent (skipped when the root committee exists); written in one
// transaction, so a failure leaves nothing behind. Rows are built in memory first (build.ts);
// small tables go through createMany, the large fact tables through unnest (bulk.ts).
import { hash } from "@node-rs/argon2";
import type { Prisma, PrismaClient } from "@dangjian/db";
import { DEFAULT_CADENCE, DEFAULT_THEME_DAY_ACTIONS } from "@dangjian/core";
import { DEMO_PASSWORD, DEMO_ROOT } from "./demo-accounts.ts";
import { buildDemoRegion, monthStartOf } from "./build.ts";
import { insertUnnest } from "./bulk.ts";
import type { ColumnTypes } from "./bulk.ts";
import type { DemoRegionRows } from "./build.ts";
import { buildDemoStudy, type DemoStudyRows } from "./study.ts";
import { buildDemoRegional, type DemoRegionalRows } from "./regional.ts";
import { piiKeysFromEnv, sealAccountRow, sealMemberRow, type PiiKeys } from "@dangjian/db/pii";

export * from "./demo-accounts.ts";
export { mulberry32 } from "./random.ts";
export { buildDemoRegion, DEMO_SEED, seededMonths } from "./build.ts";
export type { DemoRegionRows } from "./build.ts";
export { buildDemoStudy, DEMO_STUDY_BEHIND_BRANCH_NAME } from "./study.ts";
export { buildDemoRegional } from "./regional.ts";
export { DEMO_VIDEO_LESSONS, demoCaptionsVtt, isDemoVideoLesson } from "./demo-videos.ts";
export type { DemoVideoLesson } from "./demo-videos.ts";
export type { DemoStudyRows } from "./study.ts";

export interface SeedDemoOptions {
  /**
   * Default: the first day (UTC) of the current month. The seeded year is the 12 whole months
   * before the month of this date; each branch's next planned meeting falls 14–21 days after it.
   */
  referenceDate?: Date;
  log?: (message: string) => void;
  /** the keys ID numbers and phones are encrypted with; default DANGJIAN_PII_KEY */
  piiKeys?: PiiKeys;
}

export interface SeedDemoResult {
  seeded: boolean;
  counts: Record<string, number>;
}

/** Rows per INSERT: well under PostgreSQL's 65 535 bind parameters for every table here. */
const BATCH = 1000;
/** Serialises concurrent seeders (two test workers, a double-clicked script). */
const SEED_LOCK_ID = 72_621_005;

type Tx = Prisma.TransactionClient;

function rootExists(db: Tx | PrismaClient): Promise<{ id: string } | null> {
  return db.org.findFirst({
    where: { name: DEMO_ROOT.name, regionCode: DEMO_ROOT.regionCode, parentId: null },
    select: { id: true },
  });
}

async function insertBatches<T>(
  rows: readonly T[],
  insert: (batch: T[]) => Promise<{ count: number }>,
): Promise<number> {
  let count = 0;
  for (let i = 0; i < rows.length; i += BATCH) count += (await insert(rows.slice(i, i + BATCH))).count;
  return count;
}

/** The big fact tables go through unnest (bulk.ts); the rest through createMany. */
async function unnest<Row extends object>(
  tx: Tx,
  table: string,
  data: Row[],
  types: ColumnTypes<Row>,
): Promise<{ count: number }> {
  return { count: await insertUnnest(tx, table, types, data) };
}

/** Platform defaults (orgId null). A unique key over a null column never conflicts, so look first. */
async function ensureDefaults(tx: Tx): Promise<{ cadenceRules: number; themeDayActions: number }> {
  const haveRules = new Set(
    (await tx.cadenceRule.findMany({ where: { orgId: null }, select: { meetingType: true } })).map(
      (r) => r.meetingType,
    ),
  );
  const rules = DEFAULT_CADENCE.filter((r) => !haveRules.has(r.meetingType)).map((r) => ({
    orgId: null,
    meetingType: r.meetingType,
    period: r.period,
    minCount: r.minCount,
    fixedDay: r.fixedDay ?? null,
    quorumRatio: r.quorumRatio ?? null,
    perMember: r.perMember ?? false,
  }));
  const haveActions = new Set(
    (await tx.themeDayAction.findMany({ where: { orgId: null }, select: { code: true } })).map((a) => a.code),
  );
  const actions = DEFAULT_THEME_DAY_ACTIONS.filter((a) => !haveActions.has(a.code)).map((a) => ({ orgId: null, ...a }));
  return {
    cadenceRules: rules.length > 0 ? (await tx.cadenceRule.createMany({ data: rules })).count : 0,
    themeDayActions: actions.length > 0 ? (await tx.themeDayAction.createMany({ data: actions })).count : 0,
  };
}

async function insertRegion(
  tx: Tx,
  rows: DemoRegionRows,
  log: (message: string) => void,
  keys: PiiKeys,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const step = async <T>(
    name: keyof DemoRegionRows,
    data: readonly T[],
    insert: (batch: T[]) => Promise<{ count: number }>,
  ) => {
    const started = performance.now();
    counts[name] = await insertBatches(data, insert);
    log(`  ${name}: ${counts[name]} (${Math.round(performance.now() - started)} ms)`);
  };
  await step("orgs", rows.orgs, (data) => tx.org.createMany({ data }));
  // ID numbers and phones are written encrypted with their keyed hashes (ADR 0752)
  await step(
    "members",
    rows.members.map((m) => sealMemberRow(keys, m)),
    (data) => tx.member.createMany({ data }),
  );
  await step("committeeRoles", rows.committeeRoles, (data) => tx.committeeRole.createMany({ data }));
  await step(
    "accounts",
    rows.accounts.map((a) => sealAccountRow(keys, a)),
    (data) => tx.account.createMany({ data }),
  );
  await step("roleGrants", rows.roleGrants, (data) => tx.roleGrant.createMany({ data }));
  await step("orgLinks", rows.orgLinks, (data) => tx.orgLink.createMany({ data }));
  await step("courses", rows.courses, (data) => tx.course.createMany({ data }));
  await step("lessons", rows.lessons, (data) => tx.lesson.createMany({ data }));
  await step("meetings", rows.meetings, (data) =>
    unnest(tx, "Meeting", data, {
      id: "uuid",
      orgId: "uuid",
      type: '"MeetingType"',
      status: '"MeetingStatus"',
      topic: "text",
      place: "text",
      hostMemberId: "uuid",
      plannedStart: "timestamp",
      plannedEnd: "timestamp",
      heldStart: "timestamp",
      heldEnd: "timestamp",
      minutes: "text",
      outcomes: "jsonb",
      lockedAt: "timestamp",
      createdById: "uuid",
      createdAt: "timestamp",
      updatedAt: "timestamp",
    }),
  );
  await step("meetingOrgs", rows.meetingOrgs, (data) =>
    unnest(tx, "MeetingOrg", data, {
      meetingId: "uuid",
      orgId: "uuid",
      isHost: "bool",
      confirmedAt: "timestamp",
      confirmedById: "uuid",
    }),
  );
  await step("meetingActions", rows.meetingActions, (data) =>
    unnest(tx, "MeetingAction", data, {
      id: "uuid",
      meetingId: "uuid",
      code: "text",
      title: "text",
      required: "bool",
      done: "bool",
      note: "text",
      sortOrder: "int",
    }),
  );
  await step("attendances", rows.attendances, (data) =>
    unnest(tx, "Attendance", data, {
      id: "uuid",
      meetingId: "uuid",
      memberId: "uuid",
      expected: "bool",
      probationary: "bool",
      status: '"AttendanceStatus"',
      leaveReason: "text",
      capturedBy: '"CaptureMethod"',
      capturedById: "uuid",
      checkedInAt: "timestamp",
      createdAt: "timestamp",
      updatedAt: "timestamp",
    }),
  );
  await step("duesDeclarations", rows.duesDeclarations, (data) => tx.duesDeclaration.createMany({ data }));
  await step("duesPayments", rows.duesPayments, (data) =>
    unnest(tx, "DuesPayment", data, {
      id: "uuid",
      memberId: "uuid",
      orgId: "uuid",
      amountFen: "int",
      paidAt: "timestamp",
      method: '"PaymentMethod"',
      reference: "text",
      meetingId: "uuid",
      receiptNo: "text",
      recordedById: "uuid",
      createdAt: "timestamp",
    }),
  );
  await step("duesMonths", rows.duesMonths, (data) =>
    unnest(tx, "DuesMonth", data, {
      memberId: "uuid",
      month: "date",
      paymentId: "uuid",
      amountFen: "int",
      orgId: "uuid",
    }),
  );
  await step("cards", rows.cards, (data) => tx.card.createMany({ data }));
  await step("outboxEvents", rows.outboxEvents, (data) => tx.outboxEvent.createMany({ data }));
  return counts;
}

/** The regional lists (regional.ts): needs, resources, projects; a project's seeded joint activity. */
async function insertRegional(tx: Tx, rows: DemoRegionalRows): Promise<Record<string, number>> {
  const needs = (await tx.need.createMany({ data: rows.needs })).count;
  const resources = (await tx.resource.createMany({ data: rows.resources })).count;
  const projects = (await tx.project.createMany({ data: rows.projects })).count;
  for (const { meetingId, projectId } of rows.meetingProjects)
    await tx.meeting.update({ where: { id: meetingId }, data: { projectId } });
  const communityReports = (await tx.communityReport.createMany({ data: rows.communityReports })).count;
  const communityServices = (await tx.communityService.createMany({ data: rows.communityServices })).count;
  const mobileRegistrations = (await tx.mobileRegistration.createMany({ data: rows.mobileRegistrations })).count;
  const mobileContacts = (await tx.mobileContact.createMany({ data: rows.mobileContacts })).count;
  // a contact is activity for the lost-contact rule (MemberActivity.lastContactAt, as the use case writes it)
  await tx.$executeRawUnsafe(
    `INSERT INTO "MemberActivity" ("memberId", "lastContactAt") SELECT "memberId", max(at) FROM "MobileContact" GROUP BY "memberId"
     ON CONFLICT ("memberId") DO UPDATE SET "lastContactAt" = EXCLUDED."lastContactAt"`,
  );
  return { needs, resources, projects, communityReports, communityServices, mobileRegistrations, mobileContacts };
}

/** The year of study (study.ts): trainings first, then their credits and the lessons watched. */
async function insertStudy(
  tx: Tx,
  rows: DemoStudyRows,
  log: (message: string) => void,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const timed = async (name: keyof DemoStudyRows, run: () => Promise<number>) => {
    const started = performance.now();
    counts[name] = await run();
    log(`  ${name}: ${counts[name]} (${Math.round(performance.now() - started)} ms)`);
  };
  await timed("offlineTrainings", () =>
    insertBatches(rows.offlineTrainings, (data) => tx.offlineTraining.createMany({ data })),
  );
  await timed(
    "studyCredits",
    async () =>
      (
        await unnest(tx, "StudyCredit", rows.studyCredits, {
          id: "uuid",
          memberId: "uuid",
          year: "int",
          creditedOn: "date",
          seconds: "int",
          source: '"CreditSource"',
          lessonId: "uuid",
          offlineTrainingId: "uuid",
          createdAt: "timestamp",
        })
      ).count,
  );
  await timed(
    "lessonProgress",
    async () =>
      (
        await unnest(tx, "LessonProgress", rows.lessonProgress, {
          memberId: "uuid",
          lessonId: "uuid",
          intervals: "jsonb",
          coveredSec: "float8",
          positionSec: "float8",
          completedAt: "timestamp",
          updatedAt: "timestamp",
        })
      ).count,
  );
  return counts;
}

/**
 * Seeds the demo region unless its root committee already exists. Everything is written in one
 * transaction: a failure leaves nothing behind. The same reference month gives the same rows.
 */
export async function seedDemo(db: PrismaClient, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const log = options.log ?? (() => {});
  if (await rootExists(db)) {
    log(`演示区域「${DEMO_ROOT.name}」已存在，跳过。`);
    return { seeded: false, counts: {} };
  }
  const referenceDate = options.referenceDate ?? monthStartOf(new Date());
  const keys = options.piiKeys ?? piiKeysFromEnv();
  const started = performance.now();
  // One argon2id hash shared by every demo account: hashing 500 times would take most of a minute.
  const passwordHash = await hash(DEMO_PASSWORD);
  const rows = buildDemoRegion({ referenceDate, passwordHash });
  const study = buildDemoStudy(rows, { referenceDate });
  const regional = buildDemoRegional(rows, { referenceDate });
  log(
    `已生成演示数据（参考月 ${referenceDate.toISOString().slice(0, 7)}），用时 ${Math.round(performance.now() - started)} ms，开始写入…`,
  );

  const result = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_ID})`;
      if (await rootExists(tx)) return null;
      const defaults = await ensureDefaults(tx);
      const counts = await insertRegion(tx, rows, log, keys);
      // same transaction, before the worker drains the seed's facts.touch events: the facts include the study
      const studyCounts = await insertStudy(tx, study, log);
      const regionalCounts = await insertRegional(tx, regional);
      return { ...defaults, ...counts, ...studyCounts, ...regionalCounts };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  if (!result) {
    log(`演示区域「${DEMO_ROOT.name}」已由另一个进程写入，跳过。`);
    return { seeded: false, counts: {} };
  }
  log(`演示区域写入完成，用时 ${Math.round(performance.now() - started)} ms。`);
  return { seeded: true, counts: result };
}
