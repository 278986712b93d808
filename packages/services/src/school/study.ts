// Study hours: the member's own progress (by year and by course), offline training entered by
// administrators with evidence, required-course assignments, and organisations' compliance
// counts. Never a ranking of people.
import { z } from "zod";
import {
  AppError,
  canAnywhere,
  grantWith,
  rolesWith,
  can,
  chinaDate,
  hoursFromSeconds,
  offlineHours,
  targetHours,
  type Grant,
} from "@dangjian/core";
import type { Actor } from "../actor.ts";
import { authorize, loadOrgRef } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { publish } from "../outbox/outbox.ts";
import { checkEvidence } from "./organise.ts";
import { courseVisible, isSchoolStaff, memberOrgPath, requireCourse } from "./access.ts";
import { audit } from "../audit.ts";

export function isOfficer(actor: Actor): boolean {
  return canAnywhere(actor.grants, "member.list");
}

/** One course, named (the procedure passes its id). */
export const courseInput = z.object({ courseId: z.uuid() });

export async function courseView(deps: ServiceDeps, actor: Actor, courseId: string) {
  const course = await requireCourse(deps, actor, courseId);
  const lessons = await deps.db.lesson.findMany({
    where: { courseId },
    orderBy: { sortOrder: "asc" },
    include: { videoAsset: { select: { status: true, durationSec: true } } },
  });
  const progress = actor.memberId
    ? await deps.db.lessonProgress.findMany({
        where: { memberId: actor.memberId, lessonId: { in: lessons.map((l) => l.id) } },
      })
    : [];
  const exams = await deps.db.exam.findMany({
    where: { courseId, published: true },
    select: { id: true, title: true, questionCount: true, timeLimitSec: true, passPercent: true },
  });
  return {
    id: course.id,
    title: course.title,
    summary: course.summary,
    category: course.category,
    lessons: lessons.map((l) => {
      const p = progress.find((x) => x.lessonId === l.id);
      return {
        id: l.id,
        title: l.title,
        kind: l.kind,
        durationSec: Math.round(l.videoAsset?.durationSec ?? l.durationSec ?? 0),
        ready: l.kind === "READING" || l.videoAsset?.status === "READY",
        coveredSec: Math.round(p?.coveredSec ?? 0),
        completed: p?.completedAt != null,
      };
    }),
    exams,
  };
}

export const myHoursInput = z.object({ year: z.number().int().min(2000).max(2100).optional() });

export async function myHours(deps: ServiceDeps, actor: Actor, input: z.infer<typeof myHoursInput>) {
  if (!actor.memberId) throw new AppError("FORBIDDEN", "school.error.membersOnly");
  const year = input.year ?? chinaDate(deps.now()).year;
  const byYear = await deps.db.studyCredit.groupBy({
    by: ["year"],
    where: { memberId: actor.memberId },
    _sum: { seconds: true },
    orderBy: { year: "desc" },
  });
  const credits = await deps.db.studyCredit.findMany({
    where: { memberId: actor.memberId, year },
    select: {
      seconds: true,
      source: true,
      lessonId: true,
      offlineTraining: { select: { title: true, kind: true, heldOn: true } },
    },
  });
  const lessonIds = [...new Set(credits.map((c) => c.lessonId).filter((id): id is string => id !== null))];
  const lessons = await deps.db.lesson.findMany({
    where: { id: { in: lessonIds } },
    select: { id: true, course: { select: { id: true, title: true } } },
  });
  const byCourse = new Map<string, { courseId: string; title: string; seconds: number }>();
  let onlineSec = 0;
  let offlineSec = 0;
  const offline: Array<{ title: string; kind: string; heldOn: string; hours: number }> = [];
  for (const c of credits) {
    if (c.source === "OFFLINE") {
      offlineSec += c.seconds;
      if (c.offlineTraining)
        offline.push({
          title: c.offlineTraining.title,
          kind: c.offlineTraining.kind,
          heldOn: c.offlineTraining.heldOn.toISOString().slice(0, 10),
          hours: hoursFromSeconds(c.seconds),
        });
      continue;
    }
    onlineSec += c.seconds;
    const course = lessons.find((l) => l.id === c.lessonId)?.course;
    if (!course) continue;
    const entry = byCourse.get(course.id) ?? { courseId: course.id, title: course.title, seconds: 0 };
    entry.seconds += c.seconds;
    byCourse.set(course.id, entry);
  }
  const totalSec = onlineSec + offlineSec;
  const target = targetHours(isOfficer(actor));
  return {
    year,
    targetHours: target,
    totalHours: hoursFromSeconds(totalSec),
    totalSeconds: totalSec,
    onlineHours: hoursFromSeconds(onlineSec),
    offlineHours: hoursFromSeconds(offlineSec),
    percent: Math.min(100, Math.round((totalSec / (target * 3600)) * 100)),
    years: byYear.map((y) => ({ year: y.year, hours: hoursFromSeconds(y._sum.seconds ?? 0) })),
    byCourse: [...byCourse.values()]
      .sort((a, b) => b.seconds - a.seconds)
      .map((c) => ({ ...c, hours: hoursFromSeconds(c.seconds) })),
    offline,
    required: await requiredCourses(deps, actor),
  };
}

/** Courses a committee assigned to the member's organisation (or to their role), with progress. */
export async function requiredCourses(deps: ServiceDeps, actor: Actor) {
  if (!actor.memberId) return [];
  const path = await memberOrgPath(deps, actor);
  const roles = new Set(actor.grants.map((g) => g.role));
  const assignments = await deps.db.courseAssignment.findMany({
    where: { orgId: { in: path } },
    include: {
      course: {
        select: { id: true, title: true, published: true, audienceOrgId: true, lessons: { select: { id: true } } },
      },
    },
    orderBy: { dueOn: "asc" },
  });
  const mine = assignments.filter(
    (a) => (a.onlyRole === null || roles.has(a.onlyRole)) && courseVisible(a.course, actor, path),
  );
  const lessonIds = mine.flatMap((a) => a.course.lessons.map((l) => l.id));
  const done = await deps.db.lessonProgress.findMany({
    where: { memberId: actor.memberId, lessonId: { in: lessonIds }, completedAt: { not: null } },
    select: { lessonId: true },
  });
  const doneSet = new Set(done.map((d) => d.lessonId));
  const seen = new Set<string>();
  return mine
    .filter((a) => (seen.has(a.courseId) ? false : (seen.add(a.courseId), true)))
    .map((a) => ({
      courseId: a.course.id,
      title: a.course.title,
      dueOn: a.dueOn.toISOString().slice(0, 10),
      lessons: a.course.lessons.length,
      completedLessons: a.course.lessons.filter((l) => doneSet.has(l.id)).length,
    }));
}

export const assignInput = z.object({
  courseId: z.uuid(),
  orgId: z.uuid(),
  onlyRole: z.enum(["BRANCH_SECRETARY", "BRANCH_COMMITTEE"]).optional(),
  dueOn: z.iso.date(),
});

/** A committee (or the school) makes a course required for its subtree, or only for officers in it. */
export async function assignCourse(deps: ServiceDeps, actor: Actor, input: z.infer<typeof assignInput>) {
  const org = await loadOrgRef(deps, input.orgId);
  if (!can(actor.grants, "task.send", org) && !can(actor.grants, "school.manage", org))
    throw new AppError("FORBIDDEN", "error.orgForbidden");
  const course = await deps.db.course.findUnique({
    where: { id: input.courseId },
    select: { id: true, published: true },
  });
  if (!course) throw new AppError("NOT_FOUND", "school.error.courseNotFound");
  if (!course.published) throw new AppError("CONFLICT", "school.error.courseUnpublished");
  if (new Date(`${input.dueOn}T00:00:00Z`) < new Date(`${chinaDate(deps.now()).date}T00:00:00Z`))
    throw new AppError("BAD_INPUT", "school.error.dueInPast");
  const row = await deps.db.courseAssignment.create({
    data: {
      courseId: course.id,
      orgId: org.id,
      onlyRole: input.onlyRole ?? null,
      dueOn: new Date(`${input.dueOn}T00:00:00Z`),
      assignedById: actor.accountId,
    },
  });
  return { id: row.id };
}

export const offlineInput = z.object({
  orgId: z.uuid(),
  title: z.string().trim().min(2).max(100),
  kind: z.enum(["FULL_DAY", "HALF_DAY", "BRANCH_STUDY"]),
  heldOn: z.iso.date(),
  /** branch study only: hours actually spent */
  hours: z.number().min(0.5).max(8).optional(),
  evidence: z.string().trim().min(4).max(1000),
  memberIds: z.array(z.uuid()).min(1).max(500),
});

/** How far back an offline training may be recorded (ADR 0708). */
export const OFFLINE_WINDOW_DAYS = 60;
/** Offline credit one member may receive for one day, across all trainings. */
const OFFLINE_MAX_SECONDS_PER_DAY = 8 * 3600;

function mayRecordOffline(actor: Actor, org: { id: string; ancestorIds: readonly string[] }): boolean {
  return can(actor.grants, "meeting.manage", org) || can(actor.grants, "school.manage", org);
}

/**
 * Offline training with its evidence, recorded as PENDING: nobody is credited until a second
 * officer approves it (decideOfflineTraining). Within the date window, never twice the same
 * training (organisation, day, title), audited.
 */
export async function recordOfflineTraining(deps: ServiceDeps, actor: Actor, input: z.infer<typeof offlineInput>) {
  const org = await loadOrgRef(deps, input.orgId);
  if (!mayRecordOffline(actor, org)) throw new AppError("FORBIDDEN", "error.orgForbidden");
  if (input.kind === "BRANCH_STUDY" && !input.hours) throw new AppError("BAD_INPUT", "school.error.studyHoursMissing");
  const heldOn = new Date(`${input.heldOn}T00:00:00Z`);
  const today = new Date(`${chinaDate(deps.now()).date}T00:00:00Z`);
  if (heldOn.getTime() > today.getTime()) throw new AppError("BAD_INPUT", "school.error.trainingInFuture");
  if (today.getTime() - heldOn.getTime() > OFFLINE_WINDOW_DAYS * 86_400_000)
    throw new AppError("BAD_INPUT", "school.error.trainingTooOld", { days: OFFLINE_WINDOW_DAYS });
  const hours = offlineHours(input.kind, input.hours);
  await checkEvidence(deps, input.evidence);
  const memberIds = [...new Set(input.memberIds)];
  const members = await deps.db.member.findMany({
    where: { id: { in: memberIds } },
    select: { id: true, branchId: true, branch: { select: { ancestorIds: true } } },
  });
  const inScope = members.filter((m) => m.branchId === org.id || m.branch.ancestorIds.includes(org.id));
  if (inScope.length !== memberIds.length) throw new AppError("BAD_INPUT", "school.error.membersOutOfScope");
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`offline:${org.id}:${input.heldOn}`}, 0))`;
    const same = await tx.offlineTraining.findFirst({
      where: { orgId: org.id, heldOn, title: input.title, status: { not: "REJECTED" } },
      select: { id: true },
    });
    if (same) throw new AppError("CONFLICT", "school.error.trainingDuplicate");
    const training = await tx.offlineTraining.create({
      data: {
        orgId: org.id,
        title: input.title,
        kind: input.kind,
        heldOn,
        hours,
        evidence: input.evidence,
        recordedById: actor.accountId,
        status: "PENDING",
        memberIds,
      },
    });
    await audit(tx, actor, {
      action: "school.offlineRecorded",
      entityType: "OfflineTraining",
      entityId: training.id,
      orgId: org.id,
      data: { hours, members: memberIds.length, heldOn: input.heldOn },
    });
    return { id: training.id, hours, members: memberIds.length, status: "PENDING" as const };
  });
}

export const offlineDecisionInput = z.object({
  trainingId: z.uuid(),
  approve: z.boolean(),
  note: z.string().trim().max(200).optional(),
});

/**
 * A second officer approves (credits every listed member in the year it was held) or rejects a
 * pending offline training. Never the person who recorded it, never a training that credits the
 * approver; at most 8 offline hours per member per day across trainings. Audited.
 */
export async function decideOfflineTraining(
  deps: ServiceDeps,
  actor: Actor,
  input: z.infer<typeof offlineDecisionInput>,
) {
  const training = await deps.db.offlineTraining.findUnique({ where: { id: input.trainingId } });
  if (!training) throw new AppError("NOT_FOUND", "school.error.trainingNotFound");
  const org = await loadOrgRef(deps, training.orgId);
  // an officer over the training's organisation, or over the branch of every member it credits
  if (!mayRecordOffline(actor, org)) {
    const branches = await deps.db.member.findMany({
      where: { id: { in: training.memberIds } },
      select: { branch: { select: { id: true, ancestorIds: true } } },
    });
    if (branches.length === 0 || !branches.every((m) => mayRecordOffline(actor, m.branch)))
      throw new AppError("FORBIDDEN", "error.orgForbidden");
  }
  if (training.recordedById === actor.accountId) throw new AppError("FORBIDDEN", "school.error.approveOwnTraining");
  if (actor.memberId && training.memberIds.includes(actor.memberId))
    throw new AppError("FORBIDDEN", "school.error.approveOwnCredit");
  const now = deps.now();
  const seconds = Math.round(training.hours * 3600);
  const heldOn = training.heldOn.toISOString().slice(0, 10);
  return deps.db.$transaction(async (tx) => {
    // one decision: the row is claimed while still PENDING
    const claimed = await tx.offlineTraining.updateMany({
      where: { id: training.id, status: "PENDING" },
      data: {
        status: input.approve ? "APPROVED" : "REJECTED",
        decidedById: actor.accountId,
        decidedAt: now,
        decisionNote: input.note ?? null,
      },
    });
    if (claimed.count === 0) throw new AppError("CONFLICT", "school.error.trainingDecided");
    if (input.approve) {
      const ids = [...training.memberIds].sort();
      for (const id of ids)
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`offline-day:${id}:${heldOn}`}, 0))`;
      const already = await tx.studyCredit.groupBy({
        by: ["memberId"],
        where: { memberId: { in: ids }, creditedOn: training.heldOn, source: "OFFLINE" },
        _sum: { seconds: true },
      });
      const over = already.filter((a) => (a._sum.seconds ?? 0) + seconds > OFFLINE_MAX_SECONDS_PER_DAY);
      if (over.length > 0) throw new AppError("BAD_INPUT", "school.error.offlineDayFull", { count: over.length });
      await tx.studyCredit.createMany({
        data: ids.map((memberId) => ({
          memberId,
          year: training.heldOn.getUTCFullYear(),
          creditedOn: training.heldOn,
          seconds,
          source: "OFFLINE" as const,
          offlineTrainingId: training.id,
        })),
        skipDuplicates: true,
      });
      const branches = await tx.member.findMany({
        where: { id: { in: ids } },
        select: { branchId: true },
        distinct: ["branchId"],
      });
      await publish(tx, "facts.touch", {
        keys: branches.map((b) => ({ orgId: b.branchId, month: heldOn.slice(0, 7) })) as never,
      });
    }
    await audit(tx, actor, {
      action: input.approve ? "school.offlineApproved" : "school.offlineRejected",
      entityType: "OfflineTraining",
      entityId: training.id,
      orgId: training.orgId,
      data: { members: training.memberIds.length, hours: training.hours },
    });
    return { id: training.id, status: input.approve ? ("APPROVED" as const) : ("REJECTED" as const) };
  });
}

export const complianceInput = z.object({
  orgId: z.uuid().optional(),
  year: z.number().int().min(2000).max(2100).optional(),
});

/** Per branch of a subtree: how many members reached their yearly target. Counts, not names. */
export async function compliance(deps: ServiceDeps, actor: Actor, input: z.infer<typeof complianceInput>) {
  const orgId = input.orgId ?? defaultScope(actor.grants);
  if (!orgId) throw new AppError("FORBIDDEN", "error.forbidden");
  const org = await authorize(deps, actor, "member.list", orgId);
  const year = input.year ?? chinaDate(deps.now()).year;
  const rows = await deps.db.$queryRawUnsafe<
    Array<{ branch_id: string; name: string; members: bigint; reached: bigint; hours: number }>
  >(
    `WITH m AS (
       SELECT mb.id, mb."branchId",
         EXISTS (SELECT 1 FROM "Account" a JOIN "RoleGrant" g ON g."accountId" = a.id
                 WHERE a."memberId" = mb.id AND g.role::text = ANY($5::text[])) AS officer,
         COALESCE((SELECT sum(sc.seconds) FROM "StudyCredit" sc WHERE sc."memberId" = mb.id AND sc.year = $2::int), 0) AS secs
       FROM "Member" mb JOIN "Org" o ON o.id = mb."branchId"
       WHERE (o.id = $1::uuid OR $1::uuid = ANY(o."ancestorIds")) AND mb."leftOn" IS NULL AND mb.active
     )
     SELECT m."branchId" AS branch_id, o.name, count(*) AS members,
       count(*) FILTER (WHERE m.secs >= CASE WHEN m.officer THEN $3::int ELSE $4::int END * 3600) AS reached,
       COALESCE(sum(m.secs), 0)::float8 / 3600 AS hours
     FROM m JOIN "Org" o ON o.id = m."branchId"
     GROUP BY m."branchId", o.name ORDER BY o.name`,
    org.id,
    year,
    targetHours(true),
    targetHours(false),
    rolesWith("member.list"),
  );
  const branches = rows.map((r) => ({
    branchId: r.branch_id,
    name: r.name,
    members: Number(r.members),
    reached: Number(r.reached),
    averageHours: Number(r.members) ? Math.round((r.hours / Number(r.members)) * 10) / 10 : 0,
  }));
  const members = branches.reduce((s, b) => s + b.members, 0);
  const reached = branches.reduce((s, b) => s + b.reached, 0);
  return {
    orgId: org.id,
    orgName: org.name,
    year,
    members,
    reached,
    percent: members ? Math.round((reached / members) * 100) : 0,
    branches,
  };
}

function defaultScope(grants: readonly Grant[]): string | null {
  return grantWith(grants, "member.list")?.orgId ?? null;
}

export { isSchoolStaff };
