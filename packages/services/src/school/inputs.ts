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
