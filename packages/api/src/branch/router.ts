import { z } from "zod";
import { router, withPermission } from "../trpc.ts";

export const branchRouter = router({
  overview: withPermission("branch.overview")
    .input(z.object({ orgId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => ctx.services.branch.overview(ctx.actor, input)),
});
