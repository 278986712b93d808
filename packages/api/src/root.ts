import { authRouter } from "./auth/router.ts";
import { branchRouter } from "./branch/router.ts";
import { cardRouter } from "./card/router.ts";
import { orgRouter } from "./org/router.ts";
import { schoolRouter } from "./school/router.ts";
import { orglifeRouter } from "./orglife/router.ts";
import { duesRouter } from "./dues/router.ts";
import { tasksRouter } from "./tasks/router.ts";
import { membersRouter } from "./members/router.ts";
import { partnershipsRouter } from "./partnerships/router.ts";
import { reportsRouter } from "./reports/router.ts";
import { warningsRouter } from "./warnings/router.ts";
import { searchRouter } from "./search/router.ts";
import { regionalRouter } from "./regional/router.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  branch: branchRouter,
  school: schoolRouter,
  card: cardRouter,
  orglife: orglifeRouter,
  dues: duesRouter,
  tasks: tasksRouter,
  members: membersRouter,
  partnerships: partnershipsRouter,
  reports: reportsRouter,
  warnings: warningsRouter,
  search: searchRouter,
  regional: regionalRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type AppCaller = ReturnType<typeof createCaller>;
