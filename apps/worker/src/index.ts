export { startWorker, QUEUES, type RunningWorker, type WorkerOptions } from "./worker.ts";
export { startWorkerHttp, healthRoutes as workerHealthRoutes, type WorkerHttp, type WorkerRoute } from "./http.ts";
