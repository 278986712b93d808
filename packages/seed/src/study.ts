// A year of believable study for the demo region (issue 17): offline training (monthly branch
// study, quarterly half-day training, three full-day trainings a year for officers at the township)
// and online lessons watched to the end, credited to the calendar year they happened in.
// Deterministic from its own PRNG stream, so it changes no id or value of the rest of the seed.
// Most members keep pace with their yearly target (32 hours, officers 56); about one in twelve
// falls behind, and in one branch (DEMO_STUDY_BEHIND_BRANCH_NAME) most do: the study weak spot.
import type { Prisma } from "@dangjian/db";
import type { DemoRegionRows } from "./build.ts";
import { seededMonths } from "./build.ts";
import { Random } from "./random.ts";
import { DEMO_WEAK_BRANCHES } from "./demo-accounts.ts";
import { isDemoVideoLesson } from "./demo-videos.ts";

/** The branch where most members are behind on study hours (O6). */
export const DEMO_STUDY_BEHIND_BRANCH_NAME = "新桥镇快递物流行业党支部";

const STUDY_SEED = 20_261_204;
const BRANCH_STUDY_HOURS = 3;
const HALF_DAY_HOURS = 4;
const FULL_DAY_HOURS = 8;

export interface DemoStudyRows {
  offlineTrainings: Prisma.OfflineTrainingCreateManyInput[];
  studyCredits: Prisma.StudyCreditCreateManyInput[];
  lessonProgress: Prisma.LessonProgressCreateManyInput[];
}

const day = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m, d));
const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

export function buildDemoStudy(region: DemoRegionRows, options: { referenceDate: Date; seed?: number }): DemoStudyRows {
  const rng = new Random(options.seed ?? STUDY_SEED).fork("study");
  const ids = rng.fork("ids");
  const months = seededMonths(options.referenceDate);
  const out: DemoStudyRows = { offlineTrainings: [], studyCredits: [], lessonProgress: [] };

  const orgById = new Map(region.orgs.map((o) => [o.id!, o]));
  const officers = new Set(
    region.committeeRoles.filter((r) => r.post !== "GROUP_LEADER" && !r.endsOn).map((r) => r.memberId),
  );
  const secretaryAccount = new Map<string, string>();
  const accountOfMember = new Map(region.accounts.filter((a) => a.memberId).map((a) => [a.memberId!, a.id!]));
  for (const r of region.committeeRoles)
    if (r.post === "SECRETARY") secretaryAccount.set(r.orgId, accountOfMember.get(r.memberId) ?? "");
  // the lessons that get a real video on first start stay unwatched, for the member to watch (demo-videos.ts)
  const videoLessons = region.lessons.filter(
    (l) => l.kind === "VIDEO" && (l.durationSec ?? 0) > 0 && !isDemoVideoLesson(l.title),
  );

  // who studies, and how keenly
  const behindBranch = region.orgs.find((o) => o.name === DEMO_STUDY_BEHIND_BRANCH_NAME)?.id;
  const members = region.members
    .filter((m) => m.active !== false && !m.leftOn)
    .map((m) => {
      const behind = m.branchId === behindBranch ? rng.chance(0.65) : rng.chance(0.08);
      const officer = officers.has(m.id!);
      return {
        id: m.id!,
        branchId: m.branchId,
        joinedOn: asDate(m.joinedOn),
        lostSince: m.lostContact ? asDate(m.lostContactSince ?? m.joinedOn) : null,
        officer,
        attend: behind ? rng.float(0.15, 0.4) : rng.float(0.8, 0.97),
        lessons: behind ? rng.int(0, 2) : officer ? rng.int(10, Math.min(15, videoLessons.length)) : rng.int(3, 10),
      };
    });
  const byBranch = new Map<string, typeof members>();
  for (const m of members) {
    if (!byBranch.has(m.branchId)) byBranch.set(m.branchId, []);
    byBranch.get(m.branchId)!.push(m);
  }
  const present = (m: (typeof members)[number], on: Date) =>
    on >= m.joinedOn && (m.lostSince === null || on < m.lostSince);

  const credit = (
    memberId: string,
    on: Date,
    seconds: number,
    source: "LESSON" | "OFFLINE",
    ref: { lessonId?: string; offlineTrainingId?: string },
  ) =>
    out.studyCredits.push({
      id: ids.uuid(),
      memberId,
      year: on.getUTCFullYear(),
      creditedOn: on,
      seconds,
      source,
      lessonId: ref.lessonId ?? null,
      offlineTrainingId: ref.offlineTrainingId ?? null,
      createdAt: on,
    });

  const training = (
    orgId: string,
    title: string,
    kind: "FULL_DAY" | "HALF_DAY" | "BRANCH_STUDY",
    on: Date,
    hours: number,
    attendees: typeof members,
    chance: (m: (typeof members)[number]) => number,
  ) => {
    const id = ids.uuid();
    const who = attendees.filter((m) => present(m, on) && rng.chance(chance(m)));
    if (who.length === 0) return;
    out.offlineTrainings.push({
      id,
      orgId,
      title,
      kind,
      heldOn: on,
      hours,
      evidence: `签到表（${who.length} 人）及学习记录存支部`,
      recordedById: secretaryAccount.get(orgId) || null,
      createdAt: on,
      status: "APPROVED",
      memberIds: who.map((m) => m.id),
      decidedAt: on,
    });
    for (const m of who) credit(m.id, on, Math.round(hours * 3600), "OFFLINE", { offlineTrainingId: id });
  };

  // offline: every branch studies monthly and trains for half a day each quarter
  const branchIds = [...byBranch.keys()].sort();
  // the branch that has held nothing for four months has not studied together either
  const silent = region.orgs.find((o) => o.name === DEMO_WEAK_BRANCHES.noRecentMeetings)?.id;
  for (const branchId of branchIds) {
    const branchMembers = byBranch.get(branchId)!;
    for (const m of months) {
      if (branchId === silent && m.index >= months.length - 4) continue;
      training(
        branchId,
        `${m.month + 1}月支部集中学习`,
        "BRANCH_STUDY",
        day(m.year, m.month, rng.int(5, 12)),
        BRANCH_STUDY_HOURS,
        branchMembers,
        (p) => p.attend,
      );
      if (m.month % 3 === 2)
        training(
          branchId,
          `${m.year}年第${Math.floor(m.month / 3) + 1}季度党员集中培训`,
          "HALF_DAY",
          day(m.year, m.month, rng.int(20, 26)),
          HALF_DAY_HOURS,
          branchMembers,
          (p) => p.attend * 0.95,
        );
    }
  }
  // officers: three full-day trainings a year, held by their township (the branch's parent committee)
  const townships = new Map<string, typeof members>();
  for (const [branchId, list] of byBranch) {
    const parent = orgById.get(branchId)?.parentId;
    if (!parent) continue;
    if (!townships.has(parent)) townships.set(parent, []);
    townships.get(parent)!.push(...list.filter((m) => m.officer));
  }
  for (const townshipId of [...townships.keys()].sort()) {
    for (const m of months) {
      if (m.month !== 3 && m.month !== 6 && m.month !== 9) continue;
      training(
        townshipId,
        `${m.year}年第${m.month === 3 ? "一" : m.month === 6 ? "二" : "三"}期支部书记和委员轮训`,
        "FULL_DAY",
        day(m.year, m.month, rng.int(14, 18)),
        FULL_DAY_HOURS,
        townships.get(townshipId)!,
        (p) => Math.min(1, p.attend + 0.1),
      );
    }
  }

  // online: whole lessons watched on days spread over the year
  const first = months[0]!.start;
  const end = new Date(Date.UTC(months.at(-1)!.year, months.at(-1)!.month + 1, 1));
  for (const m of members) {
    const from = m.joinedOn > first ? m.joinedOn : first;
    const until = m.lostSince && m.lostSince < end ? m.lostSince : end;
    const span = until.getTime() - from.getTime();
    if (span <= 86_400_000 || m.lessons === 0) continue;
    const pool = [...videoLessons];
    for (let i = 0; i < m.lessons && pool.length; i++) {
      const lesson = pool.splice(rng.int(0, pool.length - 1), 1)[0]!;
      const at = new Date(from.getTime() + Math.floor(rng.float(0.02, 0.98) * span));
      const on = day(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
      const duration = lesson.durationSec!;
      credit(m.id, on, duration, "LESSON", { lessonId: lesson.id! });
      const watchedAt = new Date(on.getTime() + (12 + rng.int(0, 9)) * 3_600_000);
      out.lessonProgress.push({
        memberId: m.id,
        lessonId: lesson.id!,
        intervals: [[0, duration]],
        coveredSec: duration,
        positionSec: duration,
        completedAt: watchedAt,
        updatedAt: watchedAt,
      });
    }
  }
  return out;
}
