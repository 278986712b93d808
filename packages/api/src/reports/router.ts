import { z } from "zod";
import { router, withPermission } from "../trpc.ts";

const input = z.object({ orgId: z.uuid().optional(), year: z.number().int().min(2000).max(2100) });

export const reportsRouter = router({
  year: withPermission("member.list")
    .input(input)
    .query(({ ctx, input }) => ctx.services.reports.year(ctx.actor, input)),
  workbook: withPermission("member.list")
    .input(input)
    .query(({ ctx, input }) => ctx.services.reports.workbook(ctx.actor, input)),
});
