import { branchOverviewInput } from "@dangjian/services";
import { router, withPermission } from "../trpc.ts";

export const branchRouter = router({
  overview: withPermission("branch.overview")
    .input(branchOverviewInput.default({}))
    .query(({ ctx, input }) => ctx.services.branch.overview(ctx.actor, input)),
});
