// The school use cases bound to one set of dependencies; createServices() exposes them as services.school.
import type { z } from "zod";
import type { Ladder, SourceInfo } from "@dangjian/core";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { catalogue } from "./catalogue.ts";
import * as admin from "./admin.ts";
import * as pipeline from "./pipeline.ts";
import * as media from "./media.ts";
import * as study from "./study.ts";
import * as exams from "./exams.ts";
import * as organise from "./organise.ts";
import { demoVideoWork } from "./demo-videos.ts";
import { createHeartbeatIngest, type HeartbeatInput } from "./heartbeats.ts";
import { requireLesson } from "./access.ts";

export function bindSchool(deps: ServiceDeps) {
  const heartbeats = createHeartbeatIngest(deps);
  return {
    catalogue: (actor: Actor, input: { category?: string | undefined }) => catalogue(deps, actor, input),
    course: (actor: Actor, courseId: string) => study.courseView(deps, actor, courseId),
    lesson: (actor: Actor, lessonId: string) => media.lessonView(deps, heartbeats, actor, lessonId),
    playlist: (actor: Actor, lessonId: string, path: string, watchSessionId?: string | null) =>
      media.playlist(deps, actor, lessonId, path, watchSessionId),
    /** opens a watch session as a playlist fetch does (ADR 0753); the player's path is playlist(…, ws) */
    openWatch: async (actor: Actor, lessonId: string, sessionId: string) =>
      media.openWatch(deps, actor, (await requireLesson(deps, actor, lessonId)).id, sessionId),
    purgeWatchSessions: () => media.purgeWatchSessions(deps),
    heartbeat: (actor: Actor, input: HeartbeatInput) => heartbeats.record(actor, input),
    heartbeats,
    myHours: (actor: Actor, input: z.infer<typeof study.myHoursInput>) => study.myHours(deps, actor, input),
    compliance: (actor: Actor, input: z.infer<typeof study.complianceInput>) => study.compliance(deps, actor, input),
    assignCourse: (actor: Actor, input: z.infer<typeof study.assignInput>) => study.assignCourse(deps, actor, input),
    recordOfflineTraining: (actor: Actor, input: z.infer<typeof study.offlineInput>) =>
      study.recordOfflineTraining(deps, actor, input),
    decideOfflineTraining: (actor: Actor, input: z.infer<typeof study.offlineDecisionInput>) =>
      study.decideOfflineTraining(deps, actor, input),
    organise: {
      offlineScope: (actor: Actor) => organise.offlineScope(actor),
      assignScope: (actor: Actor) => organise.assignScope(actor),
      searchMembers: (actor: Actor, input: z.infer<typeof organise.memberSearchInput>) =>
        organise.searchMembers(deps, actor, input),
      signEvidence: (actor: Actor, input: z.infer<typeof organise.evidenceUploadInput>) =>
        organise.signEvidenceUpload(deps, actor, input),
      trainings: (actor: Actor) => organise.offlineTrainings(deps, actor),
      assignments: (actor: Actor) => organise.assignments(deps, actor),
      assignableOrgs: (actor: Actor) => organise.assignableOrgs(deps, actor),
    },
    admin: {
      courses: (actor: Actor) => admin.adminCourses(deps, actor),
      createCourse: (actor: Actor, input: z.infer<typeof admin.createCourseInput>) =>
        admin.createCourse(deps, actor, input),
      addLesson: (actor: Actor, input: z.infer<typeof admin.addLessonInput>) => admin.addLesson(deps, actor, input),
      startUpload: (actor: Actor, input: z.infer<typeof admin.startUploadInput>) =>
        admin.startUpload(deps, actor, input),
      signParts: (actor: Actor, input: z.infer<typeof admin.signPartsInput>) => admin.signParts(deps, actor, input),
      completeUpload: (actor: Actor, input: z.infer<typeof admin.completeUploadInput>) =>
        admin.completeUpload(deps, actor, input),
      abortUpload: (actor: Actor, input: z.infer<typeof admin.assetInput>) => admin.abortUpload(deps, actor, input),
      assetStatus: (actor: Actor, input: z.infer<typeof admin.assetInput>) => admin.assetStatus(deps, actor, input),
      uploadCaptions: (actor: Actor, input: z.infer<typeof admin.captionInput>) =>
        admin.uploadCaptions(deps, actor, input),
      addQuestion: (actor: Actor, input: z.infer<typeof exams.addQuestionInput>) =>
        exams.addQuestion(deps, actor, input),
      createExam: (actor: Actor, input: z.infer<typeof exams.createExamInput>) => exams.createExam(deps, actor, input),
    },
    exams: {
      view: (actor: Actor, examId: string) => exams.examView(deps, actor, examId),
      start: (actor: Actor, examId: string) => exams.startAttempt(deps, actor, examId),
      attempt: (actor: Actor, attemptId: string) => exams.attemptView(deps, actor, attemptId),
      submit: (actor: Actor, input: z.infer<typeof exams.submitInput>) => exams.submitAttempt(deps, actor, input),
      verify: (code: string) => exams.verifyCertificate(deps, code),
      mine: (actor: Actor) => exams.myCertificates(deps, actor),
    },
    /** The demo lessons still without a video, and the demo school administrator to upload them as (worker). */
    demoVideoWork: () => demoVideoWork(deps),
    /** The worker's side of the video pipeline (no actor: system work). */
    pipeline: {
      awaiting: () => pipeline.assetsAwaitingProcessing(deps),
      backlog: () => pipeline.transcodeBacklog(deps),
      beginProbe: (assetId: string, jobId?: string | null) => pipeline.beginProbe(deps, assetId, jobId ?? null),
      renewLease: (assetId: string, attempt: string) => pipeline.renewLease(deps, assetId, attempt),
      beginTranscode: (assetId: string, attempt: string, source: SourceInfo) =>
        pipeline.beginTranscode(deps, assetId, attempt, source),
      progress: (assetId: string, attempt: string, percent: number) =>
        pipeline.reportProgress(deps, assetId, attempt, percent),
      finish: (assetId: string, attempt: string, source: SourceInfo, ladder: Ladder) =>
        pipeline.finishTranscode(deps, assetId, attempt, source, ladder),
      fail: (assetId: string, reason: string) => pipeline.failAsset(deps, assetId, reason),
      requeue: (assetId: string, attempt?: string | null) => pipeline.requeueAsset(deps, assetId, attempt ?? null),
      abandon: (assetId: string, attempt: string) => pipeline.abandonAttempt(deps, assetId, attempt),
      reclaimExpired: () => pipeline.reclaimExpired(deps),
      releaseReclaimed: (assetId: string) => pipeline.releaseReclaimed(deps, assetId),
      hlsRoot: pipeline.hlsRoot,
      LEASE_SECONDS: pipeline.LEASE_SECONDS,
      isLeaseLost: (error: unknown): boolean => error instanceof pipeline.LeaseLost,
    },
  };
}

export { heartbeatInput, type HeartbeatInput, type HeartbeatReply } from "./heartbeats.ts";
export {
  createCourseInput,
  addLessonInput,
  startUploadInput,
  signPartsInput,
  completeUploadInput,
  assetInput,
  captionInput,
} from "./admin.ts";
export { myHoursInput, complianceInput, assignInput, offlineInput, offlineDecisionInput } from "./study.ts";
export { addQuestionInput, createExamInput, submitInput } from "./exams.ts";
export { memberSearchInput, evidenceUploadInput } from "./organise.ts";
