import { z } from "zod";
import { router, withPermission } from "../trpc.ts";

export const schoolRouter = router({
  catalogue: withPermission("school.view")
    .input(z.object({ category: z.string().max(50).optional() }).default({}))
    .query(({ ctx, input }) => ctx.services.school.catalogue(ctx.actor, input)),
});
