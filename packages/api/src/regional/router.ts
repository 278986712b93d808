import {
  browseInput,
  claimNeedInput,
  closeProjectInput,
  decideOrderInput,
  evaluateProjectInput,
  mobileNoteInput,
  mobileReturnInput,
  needInput,
  orderResourceInput,
  orgInput,
  planActivityInput,
  postNeedInput,
  postResourceInput,
  projectInput,
  recordServiceInput,
  registerOutgoingInput,
  registrationInput,
  reportToCommunityInput,
  resourceInput,
} from "@dangjian/services";
import { authedProcedure, router, withPermission } from "../trpc.ts";

export const regionalRouter = router({
  browse: withPermission("regional.browse")
    .input(browseInput.default({}))
    .query(({ ctx, input }) => ctx.services.regional.browse(ctx.actor, input)),
  need: withPermission("regional.browse")
    .input(needInput)
    .query(({ ctx, input }) => ctx.services.regional.need(ctx.actor, input)),
  resource: withPermission("regional.browse")
    .input(resourceInput)
    .query(({ ctx, input }) => ctx.services.regional.resource(ctx.actor, input)),
  postNeed: withPermission("regional.manage")
    .input(postNeedInput)
    .mutation(({ ctx, input }) => ctx.services.regional.postNeed(ctx.actor, input)),
  postResource: withPermission("regional.manage")
    .input(postResourceInput)
    .mutation(({ ctx, input }) => ctx.services.regional.postResource(ctx.actor, input)),
  claim: withPermission("regional.manage")
    .input(claimNeedInput)
    .mutation(({ ctx, input }) => ctx.services.regional.claim(ctx.actor, input)),
  order: withPermission("regional.manage")
    .input(orderResourceInput)
    .mutation(({ ctx, input }) => ctx.services.regional.order(ctx.actor, input)),
  decide: withPermission("regional.manage")
    .input(decideOrderInput)
    .mutation(({ ctx, input }) => ctx.services.regional.decide(ctx.actor, input)),
  /** the service checks the actor sees one of the project's two sides */
  project: withPermission("branch.overview")
    .input(projectInput)
    .query(({ ctx, input }) => ctx.services.regional.project(ctx.actor, input)),
  projects: withPermission("branch.overview").query(({ ctx }) => ctx.services.regional.projects(ctx.actor)),
  planActivity: withPermission("meeting.manage")
    .input(planActivityInput)
    .mutation(({ ctx, input }) => ctx.services.regional.planActivity(ctx.actor, input)),
  close: withPermission("regional.manage")
    .input(closeProjectInput)
    .mutation(({ ctx, input }) => ctx.services.regional.close(ctx.actor, input)),
  evaluate: withPermission("regional.manage")
    .input(evaluateProjectInput)
    .mutation(({ ctx, input }) => ctx.services.regional.evaluate(ctx.actor, input)),

  // ── 双报到 ──
  /** any member: the communities of their region (the service checks they are a member) */
  communities: authedProcedure.query(({ ctx }) => ctx.services.regional.communities(ctx.actor)),
  /** any member reports themself to the community where they live */
  report: authedProcedure
    .input(reportToCommunityInput)
    .mutation(({ ctx, input }) => ctx.services.regional.report(ctx.actor, input)),
  myReport: authedProcedure.query(({ ctx }) => ctx.services.regional.myReport(ctx.actor)),
  roster: withPermission("regional.browse")
    .input(orgInput)
    .query(({ ctx, input }) => ctx.services.regional.roster(ctx.actor, input)),
  recordService: withPermission("regional.manage")
    .input(recordServiceInput)
    .mutation(({ ctx, input }) => ctx.services.regional.recordService(ctx.actor, input)),
  homeSummary: withPermission("member.list")
    .input(orgInput)
    .query(({ ctx, input }) => ctx.services.regional.homeSummary(ctx.actor, input)),
  dualCounts: withPermission("warning.view")
    .input(orgInput)
    .query(({ ctx, input }) => ctx.services.regional.dualCounts(ctx.actor, input)),
  // ── 流动党员 ──
  mobile: withPermission("member.list")
    .input(orgInput)
    .query(({ ctx, input }) => ctx.services.regional.mobile(ctx.actor, input)),
  mobileRegister: withPermission("member.manage")
    .input(registerOutgoingInput)
    .mutation(({ ctx, input }) => ctx.services.regional.mobileRegister(ctx.actor, input)),
  mobileAccept: withPermission("member.manage")
    .input(registrationInput)
    .mutation(({ ctx, input }) => ctx.services.regional.mobileAccept(ctx.actor, input)),
  mobileNote: withPermission("member.manage")
    .input(mobileNoteInput)
    .mutation(({ ctx, input }) => ctx.services.regional.mobileNote(ctx.actor, input)),
  mobileReturn: withPermission("member.manage")
    .input(mobileReturnInput)
    .mutation(({ ctx, input }) => ctx.services.regional.mobileReturn(ctx.actor, input)),
  /** the member away checks in from their phone (the service checks they have an open registration) */
  mobileCheckIn: authedProcedure.mutation(({ ctx }) => ctx.services.regional.mobileCheckIn(ctx.actor)),
  myMobile: authedProcedure.query(({ ctx }) => ctx.services.regional.myMobile(ctx.actor)),
});
