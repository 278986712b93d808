import { authRouter } from "./auth/router.ts";
import { branchRouter } from "./branch/router.ts";
import { cardRouter } from "./card/router.ts";
import { orgRouter } from "./org/router.ts";
import { schoolRouter } from "./school/router.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  branch: branchRouter,
  school: schoolRouter,
  card: cardRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type AppCaller = ReturnType<typeof createCaller>;
