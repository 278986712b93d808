import { z } from "zod";
import { LINK_TYPES } from "@dangjian/core";
import { router, withPermission } from "../trpc.ts";

export const partnershipsRouter = router({
  ofOrg: withPermission("org.view")
    .input(z.object({ orgId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => ctx.services.partnerships.ofOrg(ctx.actor, input)),
  committee: withPermission("link.manage").query(({ ctx }) => ctx.services.partnerships.committee(ctx.actor)),
  search: withPermission("link.manage")
    .input(z.object({ q: z.string().trim().max(50) }))
    .query(({ ctx, input }) => ctx.services.partnerships.search(ctx.actor, input)),
  create: withPermission("link.manage")
    .input(
      z.object({
        fromOrgId: z.uuid(),
        toOrgId: z.uuid(),
        type: z.enum(LINK_TYPES),
        startsOn: z.date(),
        endsOn: z.date().nullable().optional(),
        agreement: z.string().trim().max(10000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.partnerships.create(ctx.actor, input)),
  decide: withPermission("link.manage")
    .input(z.object({ linkId: z.uuid(), accept: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.services.partnerships.decide(ctx.actor, input)),
});
