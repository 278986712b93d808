// zod schemas of the school's inputs, for the edges (tRPC procedures, the heartbeat endpoint).
export {
  heartbeatInput,
  createCourseInput,
  addLessonInput,
  startUploadInput,
  signPartsInput,
  completeUploadInput,
  assetInput,
  captionInput,
  myHoursInput,
  complianceInput,
  assignInput,
  offlineInput,
  offlineDecisionInput,
  addQuestionInput,
  createExamInput,
  submitInput,
  memberSearchInput,
  evidenceUploadInput,
} from "./bind.ts";
export type { HeartbeatInput, HeartbeatReply } from "./bind.ts";
export { catalogueInput } from "./catalogue.ts";
export { courseInput } from "./study.ts";
export { lessonInput } from "./media.ts";
export { attemptInput, examInput, verifyCertificateInput } from "./exams.ts";
