// The committee dashboard, warnings and the partnership network. Thin: zod at the edge, the
// organisation-scoped checks in the services.
import { z } from "zod";
import { LEVELS, RULE_IDS, WARNING_STATES } from "@dangjian/core";
import { router, withPermission } from "../trpc.ts";

const severity = z.enum(LEVELS);
const state = z.enum(WARNING_STATES);

export const warningsRouter = router({
  dashboard: withPermission("warning.view")
    .input(z.object({ orgId: z.uuid().optional(), months: z.number().int().min(3).max(24).optional() }).default({}))
    .query(({ ctx, input }) => ctx.services.warnings.dashboard(ctx.actor, input)),
  list: withPermission("warning.view")
    .input(
      z
        .object({
          orgId: z.uuid().optional(),
          ruleId: z.enum(RULE_IDS).optional(),
          severity: severity.optional(),
          state: state.optional(),
          includeResolved: z.boolean().optional(),
          showGrouped: z.boolean().optional(),
          limit: z.number().int().min(1).max(2000).optional(),
        })
        .default({}),
    )
    .query(({ ctx, input }) => ctx.services.warnings.list(ctx.actor, input)),
  get: withPermission("warning.view")
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => ctx.services.warnings.get(ctx.actor, input)),
  acknowledge: withPermission("warning.manage")
    .input(z.object({ id: z.uuid(), note: z.string().trim().min(1).max(500) }))
    .mutation(({ ctx, input }) => ctx.services.warnings.acknowledge(ctx.actor, input)),
  silence: withPermission("warning.manage")
    .input(z.object({ id: z.uuid(), until: z.coerce.date(), reason: z.string().trim().min(1).max(500) }))
    .mutation(({ ctx, input }) => ctx.services.warnings.silence(ctx.actor, input)),
  tune: withPermission("rules.tune")
    .input(
      z.object({
        orgId: z.uuid(),
        ruleId: z.enum(RULE_IDS),
        warn: z.number(),
        crit: z.number(),
        recover: z.number(),
        forDays: z.number().int().min(0).max(365),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.warnings.tune(ctx.actor, input)),
  graph: withPermission("warning.view")
    .input(z.object({ orgId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => ctx.services.warnings.graph(ctx.actor, input)),
  whatIf: withPermission("warning.view")
    .input(z.object({ orgId: z.uuid().optional(), linkIds: z.array(z.uuid()).min(1).max(200) }))
    .mutation(({ ctx, input }) => ctx.services.warnings.whatIf(ctx.actor, input)),
});
