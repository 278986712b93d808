export { startWorker, QUEUES, type RunningWorker, type WorkerOptions } from "./worker.ts";
