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
    need: (actor: Actor, input: { needId: string }) => getNeed(deps, actor, input),
    resource: (actor: Actor, input: { resourceId: string }) => getResource(deps, actor, input),
    claim: (actor: Actor, input: Params<typeof claimNeed>) => claimNeed(deps, actor, input),
    order: (actor: Actor, input: Params<typeof orderResource>) => orderResource(deps, actor, input),
    decide: (actor: Actor, input: { projectId: string; accept: boolean }) => decideOrder(deps, actor, input),
    project: (actor: Actor, input: { projectId: string }) => getProject(deps, actor, input),
    projects: (actor: Actor) => listProjects(deps, actor),
    planActivity: (actor: Actor, input: PlanActivityInput) => planActivity(deps, actor, input),
    close: (actor: Actor, input: { projectId: string; result: string }) => closeProject(deps, actor, input),
    evaluate: (actor: Actor, input: Params<typeof evaluateProject>) => evaluateProject(deps, actor, input),
    communities: (actor: Actor) => communities(deps, actor),
    report: (actor: Actor, input: { communityOrgId: string }) => reportToCommunity(deps, actor, input),
    myReport: (actor: Actor) => myReport(deps, actor),
    roster: (actor: Actor, input: { orgId: string }) => communityRoster(deps, actor, input),
    recordService: (actor: Actor, input: Params<typeof recordService>) => recordService(deps, actor, input),
    homeSummary: (actor: Actor, input: { orgId: string }) => homeSummary(deps, actor, input),
    dualCounts: (actor: Actor, input: { orgId: string }) => dualCounts(deps, actor, input),
    mobileRegister: (actor: Actor, input: Params<typeof registerOutgoing>) => registerOutgoing(deps, actor, input),
    mobileAccept: (actor: Actor, input: { registrationId: string }) => acceptMobile(deps, actor, input),
    mobileCheckIn: (actor: Actor) => mobileCheckIn(deps, actor),
    mobileNote: (actor: Actor, input: { registrationId: string; note: string }) => mobileNote(deps, actor, input),
    mobileReturn: (actor: Actor, input: { registrationId: string; returnedOn: Date }) =>
      mobileReturn(deps, actor, input),
    mobile: (actor: Actor, input: { orgId: string }) => mobileView(deps, actor, input),
    myMobile: (actor: Actor) => myMobile(deps, actor),
  };
}
