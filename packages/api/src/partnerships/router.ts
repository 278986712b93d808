import { createLinkInput, decideLinkInput, partnersOfInput, searchOrgsInput } from "@dangjian/services";
import { router, withPermission } from "../trpc.ts";

export const partnershipsRouter = router({
  ofOrg: withPermission("org.view")
    .input(partnersOfInput.default({}))
    .query(({ ctx, input }) => ctx.services.partnerships.ofOrg(ctx.actor, input)),
  committee: withPermission("link.manage").query(({ ctx }) => ctx.services.partnerships.committee(ctx.actor)),
  search: withPermission("link.manage")
    .input(searchOrgsInput)
    .query(({ ctx, input }) => ctx.services.partnerships.search(ctx.actor, input)),
  create: withPermission("link.manage")
    .input(createLinkInput)
    .mutation(({ ctx, input }) => ctx.services.partnerships.create(ctx.actor, input)),
  decide: withPermission("link.manage")
    .input(decideLinkInput)
    .mutation(({ ctx, input }) => ctx.services.partnerships.decide(ctx.actor, input)),
});
