// /api/trpc: the edge guard (body size, batch size, no batched auth), the session, then tRPC.
import { Router } from "express";
import type { RequestHandler, Response } from "express";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import { appRouter } from "@dangjian/api";
import type { Context } from "@dangjian/api";
import { LIMITS, trpcGuard } from "./limits.ts";

export function trpcRoutes(withContext: RequestHandler): Router {
  const router = Router();
  router.use(
    trpcGuard(),
    withContext,
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ res }) => (res as Response).locals.context as Context,
      // the same limits again inside tRPC: a chunked body has no Content-Length to check
      maxBatchSize: LIMITS.trpcMaxBatch,
      maxBodySize: LIMITS.trpcBodyBytes,
      onError: ({ error, path: procedure }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${procedure ?? "?"}:`, error.cause ?? error);
      },
    }),
  );
  return router;
}
