// The regional (区域化党建) use cases bound to one set of dependencies: services.regional.
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import {
  browse,
  getNeed,
  getResource,
  postNeed,
  postResource,
  type PostNeedInput,
  type PostResourceInput,
} from "./lists.ts";
import {
  communities,
  communityRoster,
  dualCounts,
  homeSummary,
  myReport,
  recordService,
  reportToCommunity,
} from "./dual.ts";
import {
  acceptMobile,
  mobileCheckIn,
  mobileNote,
  mobileReturn,
  mobileView,
  myMobile,
  registerOutgoing,
} from "./mobile.ts";
import {
  claimNeed,
  closeProject,
  decideOrder,
  evaluateProject,
  getProject,
  listProjects,
  orderResource,
  planActivity,
  type PlanActivityInput,
} from "./projects.ts";

type Params<F> = F extends (deps: ServiceDeps, actor: Actor, input: infer I) => unknown ? I : never;

export function bindRegional(deps: ServiceDeps) {
  return {
    postNeed: (actor: Actor, input: PostNeedInput) => postNeed(deps, actor, input),
    postResource: (actor: Actor, input: PostResourceInput) => postResource(deps, actor, input),
    browse: (actor: Actor, input: Params<typeof browse>) => browse(deps, actor, input),
    need: (actor: Actor, input: Params<typeof getNeed>) => getNeed(deps, actor, input),
    resource: (actor: Actor, input: Params<typeof getResource>) => getResource(deps, actor, input),
    claim: (actor: Actor, input: Params<typeof claimNeed>) => claimNeed(deps, actor, input),
    order: (actor: Actor, input: Params<typeof orderResource>) => orderResource(deps, actor, input),
    decide: (actor: Actor, input: Params<typeof decideOrder>) => decideOrder(deps, actor, input),
    project: (actor: Actor, input: Params<typeof getProject>) => getProject(deps, actor, input),
    projects: (actor: Actor) => listProjects(deps, actor),
    planActivity: (actor: Actor, input: PlanActivityInput) => planActivity(deps, actor, input),
    close: (actor: Actor, input: Params<typeof closeProject>) => closeProject(deps, actor, input),
    evaluate: (actor: Actor, input: Params<typeof evaluateProject>) => evaluateProject(deps, actor, input),
    communities: (actor: Actor) => communities(deps, actor),
    report: (actor: Actor, input: Params<typeof reportToCommunity>) => reportToCommunity(deps, actor, input),
    myReport: (actor: Actor) => myReport(deps, actor),
    roster: (actor: Actor, input: Params<typeof communityRoster>) => communityRoster(deps, actor, input),
    recordService: (actor: Actor, input: Params<typeof recordService>) => recordService(deps, actor, input),
    homeSummary: (actor: Actor, input: Params<typeof homeSummary>) => homeSummary(deps, actor, input),
    dualCounts: (actor: Actor, input: Params<typeof dualCounts>) => dualCounts(deps, actor, input),
    mobileRegister: (actor: Actor, input: Params<typeof registerOutgoing>) => registerOutgoing(deps, actor, input),
    mobileAccept: (actor: Actor, input: Params<typeof acceptMobile>) => acceptMobile(deps, actor, input),
    mobileCheckIn: (actor: Actor) => mobileCheckIn(deps, actor),
    mobileNote: (actor: Actor, input: Params<typeof mobileNote>) => mobileNote(deps, actor, input),
    mobileReturn: (actor: Actor, input: Params<typeof mobileReturn>) => mobileReturn(deps, actor, input),
    mobile: (actor: Actor, input: Params<typeof mobileView>) => mobileView(deps, actor, input),
    myMobile: (actor: Actor) => myMobile(deps, actor),
  };
}
