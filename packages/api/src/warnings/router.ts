// The committee dashboard, warnings and the partnership network. Thin: the input schemas and the
// organisation-scoped checks sit in the services.
import {
  acknowledgeInput,
  dashboardInput,
  listWarningsInput,
  optionalOrgInput,
  silenceInput,
  tuneInput,
  warningInput,
  whatIfInput,
} from "@dangjian/services";
import { router, withPermission } from "../trpc.ts";

export const warningsRouter = router({
  dashboard: withPermission("warning.view")
    .input(dashboardInput.default({}))
    .query(({ ctx, input }) => ctx.services.warnings.dashboard(ctx.actor, input)),
  list: withPermission("warning.view")
    .input(listWarningsInput.default({}))
    .query(({ ctx, input }) => ctx.services.warnings.list(ctx.actor, input)),
  get: withPermission("warning.view")
    .input(warningInput)
    .query(({ ctx, input }) => ctx.services.warnings.get(ctx.actor, input)),
  acknowledge: withPermission("warning.manage")
    .input(acknowledgeInput)
    .mutation(({ ctx, input }) => ctx.services.warnings.acknowledge(ctx.actor, input)),
  silence: withPermission("warning.manage")
    .input(silenceInput)
    .mutation(({ ctx, input }) => ctx.services.warnings.silence(ctx.actor, input)),
  tune: withPermission("rules.tune")
    .input(tuneInput)
    .mutation(({ ctx, input }) => ctx.services.warnings.tune(ctx.actor, input)),
  graph: withPermission("warning.view")
    .input(optionalOrgInput.default({}))
    .query(({ ctx, input }) => ctx.services.warnings.graph(ctx.actor, input)),
  whatIf: withPermission("warning.view")
    .input(whatIfInput)
    .mutation(({ ctx, input }) => ctx.services.warnings.whatIf(ctx.actor, input)),
});
