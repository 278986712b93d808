import { orgNamesInput, renameOrgInput, subtreeInput } from "@dangjian/services";
import { router, withPermission } from "../trpc.ts";

export const orgRouter = router({
  subtree: withPermission("org.view")
    .input(subtreeInput.default({}))
    .query(({ ctx, input }) => ctx.services.orgs.subtree(ctx.actor, input)),
  names: withPermission("org.view")
    .input(orgNamesInput)
    .query(({ ctx, input }) => ctx.services.orgs.names(ctx.actor, input)),
  /** A committee admin renames an organisation of its subtree; the old name stays findable. */
  rename: withPermission("org.manage")
    .input(renameOrgInput)
    .mutation(({ ctx, input }) => ctx.services.orgs.rename(ctx.actor, input)),
});
