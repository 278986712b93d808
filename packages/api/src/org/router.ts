import { z } from "zod";
import { router, withPermission } from "../trpc.ts";

export const orgRouter = router({
  subtree: withPermission("org.view")
    .input(z.object({ rootId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => ctx.services.orgs.subtree(ctx.actor, input)),
});
