// E-party cards: renew every live card close to expiry while its member is in good standing
// (ADR 0501). Idempotent: a renewed card is no longer due; a retry or double run renews nothing.
import type { WorkerJob } from "./types.ts";

export const CARD_QUEUES = { renew: "card-renew" } as const;

export const cardRenewalJob: WorkerJob = {
  name: "card",
  async register({ boss, services, log }) {
    await boss.createQueue(CARD_QUEUES.renew, {
      name: CARD_QUEUES.renew,
      policy: "stately",
      retryLimit: 3,
      retryDelay: 60,
      retryBackoff: true,
      expireInSeconds: 3600,
    });
    await boss.work(CARD_QUEUES.renew, async () => {
      if (!services.deps.cardKek) {
        log("[worker] 电子党证续签跳过：未配置 DANGJIAN_CARD_KEK");
        return;
      }
      let total = 0;
      for (let batch = await services.card.renewDue(); batch > 0; batch = await services.card.renewDue())
        total += batch;
      if (total > 0) log(`[worker] 电子党证续签：${total} 张`);
    });
    await boss.schedule(CARD_QUEUES.renew, "15 3 * * *", {}, { tz: "Asia/Shanghai" });
  },
};
