import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { piiKeysFromEnv, sealAccountRow } from "@dangjian/db/pii";
import type { Actor } from "../src/index.ts";
import { requireStorage } from "../src/deps.ts";
import { createHeartbeatIngest } from "../src/school/heartbeats.ts";
import { WATCH_SESSION } from "@dangjian/core";
import {
  createMember,
  errorOf,
  loginActor,
  schoolAdminActor,
  setUp,
  videoLesson,
  type Region,
  type TestDatabase,
  type Who,
} from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let actors: Record<Who, Actor>;
let admin: Actor;
let courseId: string;
let lessonId: string;
let closedLessonId: string;
const T0 = new Date("2026-05-04T02:00:00Z");

const lessonFor = (title: string, audienceOrgId: string | null, durationSec = 600) =>
  videoLesson(t.services.deps.db, { title, durationSec, audienceOrgId });

beforeAll(async () => {
  ({ t, region, actors } = await setUp(T0));
  const account = await t.services.deps.db.account.create({
    data: {
      displayName: "党校管理员",
      ...sealAccountRow(piiKeysFromEnv(), { phone: "13900000099" }),
      passwordHash: "x",
      roleGrants: { create: [{ role: "SCHOOL_ADMIN", orgId: region.city }] },
    },
  });
  admin = schoolAdminActor({ id: region.city, name: "测试市委" }, { id: account.id, displayName: "党校管理员" });
  ({ courseId, lessonId } = await lessonFor("公开课", null));
  ({ lessonId: closedLessonId } = await lessonFor("东镇专题", region.town1));
});
afterAll(() => t.drop());

let seqs = new Map<string, number>();
const opened = new Set<string>();
/** A heartbeat; a session's first one is preceded by its playlist fetch, as the player does (ADR 0753). */
async function beat(
  actor: Actor,
  sessionId: string,
  atSec: number,
  positionSec: number,
  extra: Record<string, unknown> = {},
  lesson = lessonId,
) {
  t.setNow(new Date(T0.getTime() + atSec * 1000));
  if (!opened.has(sessionId)) {
    await t.services.school.openWatch(actor, lesson, sessionId);
    opened.add(sessionId);
  }
  const seq = seqs.get(sessionId) ?? 0;
  seqs.set(sessionId, seq + 1);
  return t.services.school.heartbeat(actor, {
    lessonId: lesson,
    sessionId,
    seq,
    positionSec,
    playing: true,
    rate: 1,
    visible: true,
    ...extra,
  });
}

describe("course visibility", () => {
  it("a member outside a course's audience is refused its lesson, playlist and heartbeats", async () => {
    expect((await errorOf(t.services.school.lesson(actors.memberB!, closedLessonId))).messageKey).toBe(
      "school.error.courseForbidden",
    );
    expect((await errorOf(t.services.school.playlist(actors.memberB!, closedLessonId, "master.m3u8"))).code).toBe(
      "FORBIDDEN",
    );
    expect((await errorOf(beat(actors.memberB!, crypto.randomUUID(), 0, 0, {}, closedLessonId))).code).toBe(
      "FORBIDDEN",
    );
    const view = await t.services.school.lesson(actors.member!, closedLessonId);
    expect(view.title).toBe("东镇专题");
  });
});

describe("heartbeat ingest", () => {
  it("credits what was watched, writes it behind in one flush, and feeds the fact table", async () => {
    seqs = new Map();
    const s = crypto.randomUUID();
    await beat(actors.member!, s, 0, 0);
    for (let sec = 5; sec <= 60; sec += 5) await beat(actors.member!, s, sec, sec);
    await t.services.school.heartbeats.flush();
    const db = t.services.deps.db;
    const progress = await db.lessonProgress.findUniqueOrThrow({
      where: { memberId_lessonId: { memberId: region.members.alice, lessonId } },
    });
    expect(progress.coveredSec).toBeCloseTo(60);
    expect(progress.positionSec).toBe(60);
    const credit = await db.studyCredit.aggregate({
      where: { memberId: region.members.alice, lessonId },
      _sum: { seconds: true },
    });
    expect(credit._sum.seconds).toBe(60);
    const events = await db.outboxEvent.findMany({ where: { topic: "facts.touch" } });
    expect(JSON.stringify(events.map((e) => e.payload))).toContain(region.branchA);
    await t.services.outbox.drain();
    const fact = await db.orgMonthFact.findUnique({
      where: { orgId_month: { orgId: region.branchA, month: new Date("2026-05-01T00:00:00Z") } },
    });
    expect(fact?.studySeconds).toBe(60);
    const session = await db.watchSession.findUniqueOrThrow({ where: { id: s } });
    expect(session.lastSeq).toBe(12);
  });

  it("replayed heartbeats, jumps, positions past the end and 16× add nothing", async () => {
    const s = crypto.randomUUID();
    await beat(actors.member!, s, 100, 60);
    await beat(actors.member!, s, 105, 65);
    const replay = await t.services.school.heartbeat(actors.member!, {
      lessonId,
      sessionId: s,
      seq: 1,
      positionSec: 65,
      playing: true,
      rate: 1,
      visible: true,
    });
    expect(replay.outcome).toBe("duplicate");
    expect((await beat(actors.member!, s, 106, 590)).outcome).toBe("jump");
    expect((await beat(actors.member!, s, 111, 595)).addedSec).toBeCloseTo(5);
    expect((await beat(actors.member!, s, 116, 5000)).outcome).toBe("out_of_range");
    await beat(actors.member!, s, 117, 100, { rate: 16 });
    expect((await beat(actors.member!, s, 122, 180, { rate: 16 })).outcome).toBe("jump");
    const final = await beat(actors.member!, s, 123, 600);
    expect(final.completed).toBe(false);
    expect(final.coveredSec).toBeCloseTo(70, 0);
  });

  it("two tabs at once earn no more than the wall clock", async () => {
    const { lessonId: other } = await lessonFor("另一课", null);
    const a = crypto.randomUUID();
    const b = crypto.randomUUID();
    await beat(actors.memberB!, a, 200, 0, {}, other);
    await beat(actors.memberB!, b, 200.5, 300, {}, other);
    let total = 0;
    for (let sec = 5; sec <= 30; sec += 5) {
      total += (await beat(actors.memberB!, a, 200 + sec, sec, {}, other)).addedSec;
      total += (await beat(actors.memberB!, b, 200.5 + sec, 300 + sec, {}, other)).addedSec;
    }
    expect(total).toBeLessThanOrEqual(30.5 + 1e-6);
    expect(total).toBeGreaterThan(25);
  });

  it("a session id cannot be reused for another lesson", async () => {
    const s = crypto.randomUUID();
    await beat(actors.member!, s, 300, 0);
    const { lessonId: other } = await lessonFor("第三课", null);
    expect((await errorOf(beat(actors.member!, s, 301, 0, {}, other))).messageKey).toBe("school.error.sessionMismatch");
  });
});

describe("watch sessions (issue 13 defect 9)", () => {
  const raw = (actor: Actor, sessionId: string, lesson = lessonId, seq = 0, positionSec = 0) =>
    t.services.school.heartbeat(actor, {
      lessonId: lesson,
      sessionId,
      seq,
      positionSec,
      playing: true,
      rate: 1,
      visible: true,
    });

  it("a heartbeat is not believed without a playlist fetch for its session: refused, nothing written, nothing credited", async () => {
    t.setNow(new Date(T0.getTime() + 86_400_000));
    const s = crypto.randomUUID();
    await t.services.school.heartbeats.flush(); // what earlier tests credited is written first
    const before = await t.services.deps.db.studyCredit.aggregate({
      where: { memberId: region.members.alice },
      _sum: { seconds: true },
    });
    for (let i = 0; i < 3; i++)
      expect((await errorOf(raw(actors.member!, s, lessonId, i, i * 5))).messageKey).toBe(
        "school.error.watchNotOpened",
      );
    await t.services.school.heartbeats.flush();
    expect(await t.services.deps.db.watchSession.count({ where: { id: s } })).toBe(0);
    const after = await t.services.deps.db.studyCredit.aggregate({
      where: { memberId: region.members.alice },
      _sum: { seconds: true },
    });
    expect(after._sum.seconds).toBe(before._sum.seconds);
    // the playlist fetch (the player's ?ws=) opens it; then its heartbeats count
    await t.services.school.openWatch(actors.member!, lessonId, s);
    expect((await raw(actors.member!, s)).outcome).not.toBe("duplicate");
  });

  it("a session opened too long ago is not believed when first seen", async () => {
    const s = crypto.randomUUID();
    t.setNow(new Date(T0.getTime() + 2 * 86_400_000));
    await t.services.school.openWatch(actors.member!, lessonId, s);
    t.setNow(new Date(T0.getTime() + 2 * 86_400_000 + WATCH_SESSION.openedWithinMs + 60_000));
    expect((await errorOf(raw(actors.member!, s))).messageKey).toBe("school.error.watchNotOpened");
  });

  it("another member can neither open nor send heartbeats for someone's session; a lesson outside their audience opens nothing", async () => {
    t.setNow(new Date(T0.getTime() + 3 * 86_400_000));
    const s = crypto.randomUUID();
    await t.services.school.openWatch(actors.member!, lessonId, s);
    expect((await errorOf(t.services.school.openWatch(actors.memberB!, lessonId, s))).messageKey).toBe(
      "school.error.sessionMismatch",
    );
    expect((await errorOf(raw(actors.memberB!, s))).messageKey).toBe("school.error.sessionMismatch");
    const closed = crypto.randomUUID();
    expect(
      (await errorOf(t.services.school.playlist(actors.memberB!, closedLessonId, "master.m3u8", closed))).code,
    ).toBe("FORBIDDEN");
    expect(await t.services.deps.db.watchSession.count({ where: { id: closed } })).toBe(0);
  });

  it("new sessions are limited per member per hour, also when opened all at once", async () => {
    t.setNow(new Date(T0.getTime() + 10 * 86_400_000));
    const ids = Array.from({ length: WATCH_SESSION.newPerHour + 15 }, () => crypto.randomUUID());
    const results = await Promise.allSettled(
      ids.map((id) => t.services.school.openWatch(actors.memberB!, lessonId, id)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(WATCH_SESSION.newPerHour);
    for (const r of results)
      if (r.status === "rejected")
        expect((r.reason as { messageKey: string }).messageKey).toBe("school.error.tooManyWatchSessions");
    expect(await t.services.deps.db.watchSession.count({ where: { id: { in: ids } } })).toBe(WATCH_SESSION.newPerHour);
    // reopening one of them (a variant playlist, the audio switch) is not a new session
    expect(await t.services.school.openWatch(actors.memberB!, lessonId, ids[0]!)).toEqual({ opened: false });
    // an hour later there is room again
    t.setNow(new Date(T0.getTime() + 10 * 86_400_000 + 3_601_000));
    expect(await t.services.school.openWatch(actors.memberB!, lessonId, crypto.randomUUID())).toEqual({ opened: true });
  });

  it("unknown session ids cost a member a bounded number of lookups a minute", async () => {
    t.setNow(new Date(T0.getTime() + 11 * 86_400_000));
    for (let i = 0; i < WATCH_SESSION.lookupsPerMinute; i++)
      expect((await errorOf(raw(actors.secretary!, crypto.randomUUID()))).messageKey).toBe(
        "school.error.watchNotOpened",
      );
    expect((await errorOf(raw(actors.secretary!, crypto.randomUUID()))).messageKey).toBe(
      "school.error.tooManyHeartbeatSessions",
    );
    t.setNow(new Date(T0.getTime() + 11 * 86_400_000 + 61_000));
    expect((await errorOf(raw(actors.secretary!, crypto.randomUUID()))).messageKey).toBe("school.error.watchNotOpened");
  }, 60_000);

  it("old sessions are purged; recent ones stay", async () => {
    const db = t.services.deps.db;
    const old = crypto.randomUUID();
    const recent = crypto.randomUUID();
    t.setNow(new Date(T0.getTime() + 20 * 86_400_000));
    await t.services.school.openWatch(actors.member!, lessonId, old);
    t.setNow(new Date(T0.getTime() + 20 * 86_400_000 + WATCH_SESSION.retentionMs - 3_600_000));
    await t.services.school.openWatch(actors.member!, lessonId, recent);
    t.setNow(new Date(T0.getTime() + 20 * 86_400_000 + WATCH_SESSION.retentionMs + 60_000));
    expect(await t.services.school.purgeWatchSessions()).toBeGreaterThanOrEqual(1);
    expect(await db.watchSession.count({ where: { id: old } })).toBe(0);
    expect(await db.watchSession.count({ where: { id: recent } })).toBe(1);
  });

  it("idle eviction while a new session loads keeps the member's coverage (no rebuild from nothing)", async () => {
    const { lessonId: lesson } = await lessonFor("驱逐竞态", null);
    // the database answers this ingest's session reads only when the test lets it
    let release: () => void = () => {};
    let gate: Promise<void> = Promise.resolve();
    let entered: () => void = () => {};
    let reading = new Promise<void>((resolve) => (entered = resolve));
    const db = t.services.deps.db;
    const sessionsGated = new Proxy(db.watchSession, {
      get(target, prop) {
        if (prop === "findUnique")
          return async (args: Parameters<typeof db.watchSession.findUnique>[0]) => {
            entered();
            await gate;
            return target.findUnique(args);
          };
        const value = (target as unknown as Record<string | symbol, unknown>)[prop];
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const gatedDb = new Proxy(db, {
      get(target, prop) {
        if (prop === "watchSession") return sessionsGated;
        const value = (target as unknown as Record<string | symbol, unknown>)[prop];
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const ingest = createHeartbeatIngest({ ...t.services.deps, db: gatedDb }, { flushIntervalMs: 3_600_000 });
    const start = T0.getTime() + 40 * 86_400_000;
    const at = (sec: number) => t.setNow(new Date(start + sec * 1000));
    const hb = (sessionId: string, seq: number, positionSec: number) =>
      ingest.record(actors.member!, {
        lessonId: lesson,
        sessionId,
        seq,
        positionSec,
        playing: true,
        rate: 1,
        visible: true,
      });
    const s1 = crypto.randomUUID();
    at(0);
    await t.services.school.openWatch(actors.member!, lesson, s1);
    for (let i = 0; i <= 6; i++) {
      at(i * 5);
      await hb(s1, i, i * 5);
    }
    await ingest.flush();
    const stored = await db.lessonProgress.findUniqueOrThrow({
      where: { memberId_lessonId: { memberId: region.members.alice, lessonId: lesson } },
    });
    expect(stored.coveredSec).toBeCloseTo(30);

    // eleven idle minutes later a second session loads; eviction runs while its reads are in flight
    const s2 = crypto.randomUUID();
    at(30 + 660);
    await t.services.school.openWatch(actors.member!, lesson, s2);
    reading = new Promise<void>((resolve) => (entered = resolve));
    gate = new Promise<void>((resolve) => (release = resolve));
    const loading = hb(s2, 0, 30);
    await reading;
    await ingest.flush();
    release();
    await loading;
    at(30 + 665);
    await hb(s2, 1, 35);
    await ingest.flush();
    const after = await db.lessonProgress.findUniqueOrThrow({
      where: { memberId_lessonId: { memberId: region.members.alice, lessonId: lesson } },
    });
    expect(after.coveredSec).toBeCloseTo(35);
    expect(ingest.peek(region.members.alice, lesson)?.intervals).toEqual([[0, 35]]);
    await ingest.stop();
  });
});

describe("upload", () => {
  it("refuses a non-video type before storing anything", async () => {
    const lesson = await t.services.deps.db.lesson.create({ data: { courseId, title: "新视频", kind: "VIDEO" } });
    const error = await errorOf(
      t.services.school.admin.startUpload(admin, {
        lessonId: lesson.id,
        fileName: "说明.pdf",
        contentType: "application/pdf",
        sizeBytes: 1000,
      }),
    );
    expect(error.messageKey).toBe("school.error.notVideoType");
    expect(await t.services.deps.db.videoAsset.count({ where: { fileName: "说明.pdf" } })).toBe(0);
  });

  it("an upload that stops half-way resumes with the same asset and completes", async () => {
    const lesson = await t.services.deps.db.lesson.create({ data: { courseId, title: "分片视频", kind: "VIDEO" } });
    const size = 8 * 1024 * 1024 + 1000; // two parts
    const first = await t.services.school.admin.startUpload(admin, {
      lessonId: lesson.id,
      fileName: "党课.mp4",
      contentType: "video/mp4",
      sizeBytes: size,
    });
    expect(first.partCount).toBe(2);
    const [p1] = await t.services.school.admin.signParts(admin, { assetId: first.assetId, partNumbers: [1] });
    const put1 = await fetch(p1!.url, { method: "PUT", body: new Uint8Array(first.partSize) });
    const etag1 = put1.headers.get("etag")!;
    // the page reloads: the same file resumes the same upload
    const again = await t.services.school.admin.startUpload(admin, {
      lessonId: lesson.id,
      fileName: "党课.mp4",
      contentType: "video/mp4",
      sizeBytes: size,
    });
    expect(again).toMatchObject({ assetId: first.assetId, uploadId: first.uploadId, resumed: true });
    expect(
      (
        await errorOf(
          t.services.school.admin.completeUpload(admin, {
            assetId: first.assetId,
            parts: [{ partNumber: 1, etag: etag1 }],
          }),
        )
      ).messageKey,
    ).toBe("school.error.partsMissing");
    const [p2] = await t.services.school.admin.signParts(admin, { assetId: first.assetId, partNumbers: [2] });
    const put2 = await fetch(p2!.url, { method: "PUT", body: new Uint8Array(1000) });
    const done = await t.services.school.admin.completeUpload(admin, {
      assetId: first.assetId,
      parts: [
        { partNumber: 1, etag: etag1 },
        { partNumber: 2, etag: put2.headers.get("etag")! },
      ],
    });
    expect(done.status).toBe("UPLOADED");
    expect(await requireStorage(t.services.deps).head(`videos/${first.assetId}/source`)).toMatchObject({ size });
  });

  it("cancelling removes what was stored and detaches the lesson", async () => {
    const lesson = await t.services.deps.db.lesson.create({ data: { courseId, title: "取消的视频", kind: "VIDEO" } });
    const up = await t.services.school.admin.startUpload(admin, {
      lessonId: lesson.id,
      fileName: "x.mp4",
      contentType: "video/mp4",
      sizeBytes: 100,
    });
    const [p] = await t.services.school.admin.signParts(admin, { assetId: up.assetId, partNumbers: [1] });
    await fetch(p!.url, { method: "PUT", body: new Uint8Array(100) });
    await t.services.school.admin.abortUpload(admin, { assetId: up.assetId });
    expect(await requireStorage(t.services.deps).list(`videos/${up.assetId}/`)).toEqual([]);
    expect((await t.services.deps.db.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).videoAssetId).toBeNull();
    expect((await t.services.school.admin.assetStatus(admin, { assetId: up.assetId })).status).toBe("FAILED");
  });

  it("members may not upload", async () => {
    expect((await errorOf(t.services.school.admin.courses(actors.member!))).code).toBe("FORBIDDEN");
  });
});

describe("exams and certificates", () => {
  it("refuses an answer after the time limit; a pass issues a certificate anyone can verify", async () => {
    t.setNow(T0);
    const q = await t.services.school.admin.addQuestion(admin, {
      courseId,
      kind: "TRUE_FALSE",
      stem: "党员每年学习不少于32学时。",
      options: ["正确", "错误"],
      answer: [0],
    });
    expect(
      (
        await errorOf(
          t.services.school.admin.addQuestion(admin, {
            courseId,
            kind: "SINGLE",
            stem: "坏题",
            options: ["甲", "乙"],
            answer: [0, 1],
          }),
        )
      ).messageKey,
    ).toBe("exams.error.answer");
    const exam = await t.services.school.admin.createExam(admin, {
      courseId,
      title: "结业考试",
      questionCount: 1,
      timeLimitSec: 60,
      passPercent: 100,
      maxAttempts: 2,
    });
    const late = await t.services.school.exams.start(actors.member!, exam.id);
    t.setNow(new Date(T0.getTime() + 120_000));
    expect(
      (
        await errorOf(
          t.services.school.exams.submit(actors.member!, { attemptId: late.attemptId, answers: { [q.id]: [0] } }),
        )
      ).messageKey,
    ).toBe("exams.error.timeUp");
    expect(
      (await t.services.deps.db.examAttempt.findUniqueOrThrow({ where: { id: late.attemptId } })).submittedAt,
    ).toBeNull();
    const second = await t.services.school.exams.start(actors.member!, exam.id);
    expect(second.attemptId).not.toBe(late.attemptId);
    const view = await t.services.school.exams.attempt(actors.member!, second.attemptId);
    expect(JSON.stringify(view)).not.toContain("answer");
    const result = await t.services.school.exams.submit(actors.member!, {
      attemptId: second.attemptId,
      answers: { [q.id]: [0] },
    });
    expect(result).toMatchObject({ passed: true, scorePercent: 100 });
    expect(await t.services.school.exams.submit(actors.member!, { attemptId: second.attemptId, answers: {} })).toEqual(
      result,
    );
    const verified = await t.services.school.exams.verify(result.certificateCode!.toLowerCase());
    expect(verified).toMatchObject({ found: true, holder: "李*", revoked: false });
    expect((await t.services.school.exams.verify("DJ-2222-2222-2222")).found).toBe(false);
    expect((await errorOf(t.services.school.exams.start(actors.member!, exam.id))).messageKey).toBe(
      "exams.error.alreadyPassed",
    );
  });
});

describe("study hours", () => {
  it("offline training with evidence counts in its year; members see their own totals, organisations counts", async () => {
    t.setNow(new Date("2026-06-01T02:00:00Z"));
    const recorded = await t.services.school.recordOfflineTraining(actors.secretary!, {
      orgId: region.branchA,
      title: "七一集中培训",
      kind: "FULL_DAY",
      heldOn: "2026-05-20",
      evidence: "签到表、培训通知存档",
      memberIds: [region.members.alice, region.members.bob],
    });
    // counted only once a second officer (not the recorder, not credited) approves it (defect 5)
    expect((await t.services.school.myHours(actors.member!, { year: 2026 })).offlineHours).toBe(0);
    await t.services.school.decideOfflineTraining(admin, { trainingId: recorded.id, approve: true });
    expect(
      (
        await errorOf(
          t.services.school.recordOfflineTraining(actors.secretary!, {
            orgId: region.branchA,
            title: "越权",
            kind: "HALF_DAY",
            heldOn: "2026-05-20",
            evidence: "签到表存档",
            memberIds: [region.members.dave],
          }),
        )
      ).messageKey,
    ).toBe("school.error.membersOutOfScope");
    const mine = await t.services.school.myHours(actors.member!, { year: 2026 });
    expect(mine.offlineHours).toBe(8);
    expect(mine.targetHours).toBe(32);
    expect(mine.totalSeconds).toBeGreaterThanOrEqual(8 * 3600 + 60);
    const secretary = await t.services.school.myHours(actors.secretary!, { year: 2026 });
    expect(secretary.targetHours).toBe(56);
    const compliance = await t.services.school.compliance(actors.town1!, { year: 2026 });
    expect(compliance.branches.find((b) => b.branchId === region.branchA)).toMatchObject({ members: 3, reached: 0 });
    expect(JSON.stringify(compliance)).not.toContain("李红");
    expect((await errorOf(t.services.school.compliance(actors.member!, { orgId: region.branchA }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("a committee assigns a required course to its subtree; members of it see it with a due date", async () => {
    await t.services.school.assignCourse(actors.town1!, { courseId, orgId: region.town1, dueOn: "2026-12-31" });
    const mine = await t.services.school.myHours(actors.member!, { year: 2026 });
    expect(mine.required.map((r) => r.courseId)).toContain(courseId);
    expect((await t.services.school.myHours(actors.memberB!, {})).required).toEqual([]);
    expect(
      (
        await errorOf(
          t.services.school.assignCourse(actors.town1!, { courseId, orgId: region.branchB, dueOn: "2026-12-31" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});

describe("organising pages: member search, evidence upload, lists with counts", () => {
  it("searches members by name only within the actor's subtree", async () => {
    expect((await t.services.school.organise.searchMembers(admin, { q: "李红" })).map((m) => m.id)).toContain(
      region.members.alice,
    );
    expect(
      (await t.services.school.organise.searchMembers(actors.secretary!, { q: "赵伟" })).map((m) => m.id),
    ).not.toContain(region.members.dave);
    expect((await errorOf(t.services.school.organise.searchMembers(actors.member!, { q: "李" }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("evidence goes to S3 by a presigned PUT; a training citing a missing upload saves nothing", async () => {
    t.setNow(new Date("2026-06-02T02:00:00Z"));
    expect(
      (
        await errorOf(
          t.services.school.organise.signEvidence(admin, {
            fileName: "a.exe",
            contentType: "application/x-msdownload",
            sizeBytes: 10,
          }),
        )
      ).messageKey,
    ).toBe("school.error.evidenceType");
    expect(
      (
        await errorOf(
          t.services.school.organise.signEvidence(admin, {
            fileName: "a.pdf",
            contentType: "application/pdf",
            sizeBytes: 50 * 1024 * 1024,
          }),
        )
      ).messageKey,
    ).toBe("school.error.evidenceTooLarge");
    const signed = await t.services.school.organise.signEvidence(admin, {
      fileName: "签到表.pdf",
      contentType: "application/pdf",
      sizeBytes: 9,
    });
    const put = await fetch(signed.url, {
      method: "PUT",
      headers: { "Content-Type": "application/pdf" },
      body: "%PDF-1.4\n",
    });
    expect(put.ok).toBe(true);
    const before = await t.services.deps.db.offlineTraining.count();
    const missing = `evidence/${crypto.randomUUID()}.pdf`;
    expect(
      (
        await errorOf(
          t.services.school.recordOfflineTraining(admin, {
            orgId: region.city,
            title: "未上传佐证",
            kind: "HALF_DAY",
            heldOn: "2026-06-01",
            evidence: missing,
            memberIds: [region.members.alice],
          }),
        )
      ).messageKey,
    ).toBe("school.error.evidenceMissing");
    expect(await t.services.deps.db.offlineTraining.count()).toBe(before);
    const saved = await t.services.school.recordOfflineTraining(admin, {
      orgId: region.city,
      title: "党校集中轮训",
      kind: "BRANCH_STUDY",
      hours: 3,
      heldOn: "2026-06-01",
      evidence: signed.key,
      memberIds: [region.members.alice, region.members.dave],
    });
    expect(saved).toMatchObject({ hours: 3, members: 2 });
    const list = await t.services.school.organise.trainings(admin);
    expect(list.trainings.find((r) => r.id === saved.id)).toMatchObject({
      title: "党校集中轮训",
      hours: 3,
      members: 2,
      evidenceFile: true,
    });
    // the branch secretary sees a city training only while it is pending and credits their members (to review it)
    expect(
      (await t.services.school.organise.trainings(actors.secretary!)).trainings.find((r) => r.id === saved.id)?.status,
    ).toBe("PENDING");
    await t.services.school
      .decideOfflineTraining(actors.secretary!, { trainingId: saved.id, approve: false })
      .catch(() => null);
    await t.services.deps.db.offlineTraining.update({ where: { id: saved.id }, data: { status: "APPROVED" } });
    expect((await t.services.school.organise.trainings(actors.secretary!)).trainings.map((r) => r.id)).not.toContain(
      saved.id,
    );
  });

  it("lists assignments with completion counts, and refuses a due date in the past without saving", async () => {
    t.setNow(new Date("2026-06-02T02:00:00Z"));
    const before = await t.services.deps.db.courseAssignment.count();
    expect(
      (
        await errorOf(
          t.services.school.assignCourse(actors.town1!, { courseId, orgId: region.town1, dueOn: "2026-06-01" }),
        )
      ).messageKey,
    ).toBe("school.error.dueInPast");
    expect(await t.services.deps.db.courseAssignment.count()).toBe(before);
    const { assignments } = await t.services.school.organise.assignments(actors.town1!);
    const row = assignments.find((a) => a.courseId === courseId);
    expect(row).toBeDefined();
    expect(row!.members).toBeGreaterThan(0);
    expect(row!.completed).toBeLessThanOrEqual(row!.members);
    expect(JSON.stringify(assignments)).not.toContain("李红");
    expect((await errorOf(t.services.school.organise.assignments(actors.member!))).code).toBe("FORBIDDEN");
  });
});

describe("heartbeats across processes (ADR 1001)", () => {
  /** Runs one script of two tabs (two lessons, both playing new material, plus replays) over `n` ingests. */
  async function run(n: number, phone: string, dayOffset: number) {
    await createMember(t.services.deps.db, { name: `多进程${n}`, branchId: region.branchA, phone });
    const actor = await loginActor(t, phone);
    const { lessonId: l1 } = await lessonFor(`多进程一${n}`, null);
    const { lessonId: l2 } = await lessonFor(`多进程二${n}`, null);
    // each ingest is what one gateway process holds; they share only the database
    const ingests = Array.from({ length: n }, () =>
      createHeartbeatIngest(t.services.deps, { flushIntervalMs: 3_600_000 }),
    );
    const start = T0.getTime() + dayOffset * 86_400_000;
    const tabs = [
      { lesson: l1, session: crypto.randomUUID(), seq: 0, last: null as null | Record<string, unknown> },
      { lesson: l2, session: crypto.randomUUID(), seq: 0, last: null as null | Record<string, unknown> },
    ];
    t.setNow(new Date(start));
    for (const tab of tabs) await t.services.school.openWatch(actor, tab.lesson, tab.session);
    let request = 0;
    const send = (input: Record<string, unknown>) =>
      ingests[request++ % n]!.record(actor, input as Parameters<(typeof ingests)[0]["record"]>[1]);
    for (let step = 0; step <= 24; step++) {
      t.setNow(new Date(start + step * 5000));
      for (const tab of tabs) {
        const input = {
          lessonId: tab.lesson,
          sessionId: tab.session,
          seq: tab.seq++,
          positionSec: step * 5,
          playing: true,
          rate: 1,
          visible: true,
        };
        await send(input);
        // a replayed beat of the step before, to whichever process comes next
        if (tab.last) await send(tab.last);
        tab.last = input;
      }
      if (step % 3 === 2) for (const ingest of ingests) await ingest.flush();
    }
    for (const ingest of ingests) await ingest.stop();
    const db = t.services.deps.db;
    const credited = await db.studyCredit.aggregate({ where: { memberId: actor.memberId! }, _sum: { seconds: true } });
    const budget = await db.studyBudget.findUniqueOrThrow({ where: { memberId: actor.memberId! } });
    const covered = await db.lessonProgress.aggregate({
      where: { memberId: actor.memberId! },
      _sum: { coveredSec: true },
    });
    return {
      credited: credited._sum.seconds ?? 0,
      covered: covered._sum.coveredSec ?? 0,
      budgetSec: (budget.creditedUntil.getTime() - start) / 1000,
    };
  }

  it("two tabs split over two processes, with replays: the same credit as one process, within the wall clock", async () => {
    const one = await run(1, "13900000201", 60);
    const two = await run(2, "13900000202", 61);
    // 24 steps of 5 s: 120 s of wall clock, and both tabs played new material all along
    expect(one.credited).toBe(120);
    expect(two.credited).toBe(one.credited);
    // coverage stored is exactly what was credited: no second paid twice, none covered unpaid
    expect(two.covered).toBeCloseTo(120, 6);
    expect(two.budgetSec).toBeLessThanOrEqual(120);
    const three = await run(3, "13900000203", 62);
    expect(three.credited).toBe(120);
  });
});
