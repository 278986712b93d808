// /api/trpc: the edge guard (body size, batch size, no batched auth), then tRPC. The session is
// resolved inside tRPC's createContext, so that a failure there (the database is down) is
// answered like any procedure's error: tRPC's JSON with a clear message, 503 (ADR 1040).
import { Router } from "express";
import type { Request, Response } from "express";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import { appRouter, toTRPCError } from "@dangjian/api";
import type { Context } from "@dangjian/api";
import { LIMITS, trpcGuard } from "./limits.ts";
import { log } from "./log.ts";

export function trpcRoutes(resolveContext: (req: Request, res: Response) => Promise<Context>): Router {
  const router = Router();
  router.use(
    trpcGuard(),
    createExpressMiddleware({
      router: appRouter,
      createContext: async ({ req, res }) => {
        try {
          return await resolveContext(req as Request, res as Response);
        } catch (error) {
          throw toTRPCError(error);
        }
      },
      // the same limits again inside tRPC: a chunked body has no Content-Length to check
      maxBatchSize: LIMITS.trpcMaxBatch,
      maxBodySize: LIMITS.trpcBodyBytes,
      onError: ({ error, path: procedure }) => {
        if (error.code === "INTERNAL_SERVER_ERROR")
          log("trpc").error({ err: error.cause ?? error, procedure: procedure ?? "?" }, "procedure failed");
      },
    }),
  );
  return router;
}
