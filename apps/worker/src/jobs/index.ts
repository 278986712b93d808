// Every background job the worker runs, besides the outbox drain that wakes on NOTIFY.
// Each domain registers its own queue(s) in its own file here.
import type { WorkerJob } from "./types.ts";
import { housekeepingJob } from "./housekeeping.ts";
import { videoTranscodeJob } from "./video-transcode.ts";
import { warningsJob } from "./warnings.ts";
import { cardRenewalJob } from "./card-renewal.ts";
import { searchSyncJob } from "./search-sync.ts";
import { searchCaptionsJob } from "./search-captions.ts";

export type { JobContext, WorkerJob } from "./types.ts";

export const JOBS: WorkerJob[] = [
  warningsJob,
  videoTranscodeJob,
  cardRenewalJob,
  housekeepingJob,
  searchSyncJob,
  searchCaptionsJob,
];
