// Probes for load balancers and orchestrators (ADR 1040). /healthz: the process is alive and
// serving HTTP — no dependency is touched, so a database outage never gets gateways restarted.
// /readyz: PostgreSQL, the object store and the search engine answer within a short timeout;
// 503 with the names of what failed otherwise (fixed reasons, never an error text). Not
// throttled: concurrent probes share one check and an answer is reused for a second.
import { Router } from "express";
import { sharedReadiness, type Readiness } from "@dangjian/services";

export function healthRoutes(
  source: { readiness(options?: { timeoutMs?: number }): Promise<Readiness> },
  options: { cacheMs?: number; timeoutMs?: number } = {},
): Router {
  const check = sharedReadiness(source, options);
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.status(200).set("Cache-Control", "no-store").json({ ok: true });
  });
  router.get("/readyz", async (_req, res) => {
    const result = await check();
    res
      .status(result.ready ? 200 : 503)
      .set("Cache-Control", "no-store")
      .json(result);
  });
  return router;
}
