// Housekeeping: ended sessions, old login attempts (and old watch sessions, see school) are
// deleted every hour. Idempotent; a missed run only leaves rows for the next one.
import type { WorkerJob } from "./types.ts";

export const HOUSEKEEPING_QUEUE = "housekeeping";

export const housekeepingJob: WorkerJob = {
  name: HOUSEKEEPING_QUEUE,
  async register({ boss, services, log }) {
    await boss.createQueue(HOUSEKEEPING_QUEUE, {
      name: HOUSEKEEPING_QUEUE,
      policy: "stately",
      retryLimit: 3,
      retryDelay: 60,
      retryBackoff: true,
      expireInSeconds: 1800,
    });
    await boss.work(HOUSEKEEPING_QUEUE, async () => {
      const auth = await services.auth.purgeExpired();
      const watch = await services.school.purgeWatchSessions();
      log(`[worker] 清理：过期会话 ${auth.sessions} 个，登录记录 ${auth.loginAttempts} 条，播放会话 ${watch} 个`);
    });
    await boss.schedule(HOUSEKEEPING_QUEUE, "17 * * * *");
    await boss.send(HOUSEKEEPING_QUEUE, {});
  },
};
