import { yearReportInput } from "@dangjian/services";
import { router, withPermission } from "../trpc.ts";

export const reportsRouter = router({
  year: withPermission("member.list")
    .input(yearReportInput)
    .query(({ ctx, input }) => ctx.services.reports.year(ctx.actor, input)),
  workbook: withPermission("member.list")
    .input(yearReportInput)
    .query(({ ctx, input }) => ctx.services.reports.workbook(ctx.actor, input)),
});
