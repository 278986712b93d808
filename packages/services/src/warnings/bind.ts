// The warning use cases bound to one set of dependencies; createServices() exposes them as services.warnings:
// warning evaluation (full pass), the committee dashboard, the warning list and actions, the
// partnership network with its what-if, and the daily digest.
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { lagTolerant } from "../reads.ts";
import { dashboard, networkView, sendDigests, whatIf } from "./dashboard.ts";
import { evaluateWarnings, type EvaluationStats } from "./evaluate.ts";
import { acknowledge, getWarning, listWarnings, silence, tune, type ListInput, type TuneInput } from "./warnings.ts";

type Params<F> = F extends (deps: ServiceDeps, actor: Actor, input: infer I) => unknown ? I : never;

export function bindWarnings(deps: ServiceDeps) {
  return {
    /**
     * The pass over the whole region (no actor: run by the worker): everything, or with
     * `changedOnly` only what changed or what the clock moved since it was last judged (ADR 1064)
     */
    evaluateAll: (
      options: {
        deferSubtreeSumsAt?: number;
        copyAt?: number;
        changedOnly?: boolean;
        fullShare?: number;
        freshNetwork?: boolean;
      } = {},
    ): Promise<EvaluationStats> =>
      deps.db.$transaction(
        (tx) =>
          evaluateWarnings(tx, deps.now(), null, {
            ...options,
            // a read-only transaction of its own beside the pass's (ADR 1062)
            sideRead: (read) =>
              deps.db.$transaction(
                async (side) => {
                  await side.$executeRawUnsafe("SET TRANSACTION READ ONLY");
                  return read(side);
                },
                { timeout: 600_000, maxWait: 10_000 },
              ),
          }),
        { timeout: 600_000, maxWait: 60_000 },
      ),
    /** re-evaluates a few organisations now (the outbox does this after every fact) */
    evaluateOrgs: (orgIds: string[]): Promise<EvaluationStats> =>
      deps.db.$transaction((tx) => evaluateWarnings(tx, deps.now(), orgIds), { timeout: 60_000 }),
    // dashboards and lists may lag a little: a replica serves them when there is one (ADR 1002)
    dashboard: (actor: Actor, input: Params<typeof dashboard>) =>
      lagTolerant(deps, actor, (reads) => dashboard(reads, actor, input)),
    list: (actor: Actor, input: ListInput) => lagTolerant(deps, actor, (reads) => listWarnings(reads, actor, input)),
    get: (actor: Actor, input: Params<typeof getWarning>) => getWarning(deps, actor, input),
    acknowledge: (actor: Actor, input: Params<typeof acknowledge>) => acknowledge(deps, actor, input),
    silence: (actor: Actor, input: Params<typeof silence>) => silence(deps, actor, input),
    tune: (actor: Actor, input: TuneInput) => tune(deps, actor, input),
    graph: (actor: Actor, input: Params<typeof networkView>) =>
      lagTolerant(deps, actor, (reads) => networkView(reads, actor, input)),
    whatIf: (actor: Actor, input: Params<typeof whatIf>) =>
      lagTolerant(deps, actor, (reads) => whatIf(reads, actor, input)),
    sendDigests: () => sendDigests(deps),
  };
}
