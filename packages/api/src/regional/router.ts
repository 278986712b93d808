import { z } from "zod";
import { PROJECT_RATINGS, RESOURCE_KINDS, SERVICE_CATEGORIES } from "@dangjian/core";
import { authedProcedure, router, withPermission } from "../trpc.ts";

const text = (max: number) => z.string().trim().max(max);
const projectInput = z.object({ projectId: z.uuid() });
const orgInput = z.object({ orgId: z.uuid() });
const registrationInput = z.object({ registrationId: z.uuid() });

export const regionalRouter = router({
  browse: withPermission("regional.browse")
    .input(z.object({ category: z.enum(SERVICE_CATEGORIES).optional() }).default({}))
    .query(({ ctx, input }) => ctx.services.regional.browse(ctx.actor, input)),
  need: withPermission("regional.browse")
    .input(z.object({ needId: z.uuid() }))
    .query(({ ctx, input }) => ctx.services.regional.need(ctx.actor, input)),
  resource: withPermission("regional.browse")
    .input(z.object({ resourceId: z.uuid() }))
    .query(({ ctx, input }) => ctx.services.regional.resource(ctx.actor, input)),
  postNeed: withPermission("regional.manage")
    .input(
      z.object({
        orgId: z.uuid(),
        title: text(100),
        description: text(4000),
        category: z.enum(SERVICE_CATEGORIES),
        place: text(200),
        // a missing date is answered by the service with its own message, not zod's
        wantedFrom: z.date().nullable(),
        wantedUntil: z.date().nullable().optional(),
        people: z.number().int().min(0).max(100_000).nullable(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.regional.postNeed(ctx.actor, input)),
  postResource: withPermission("regional.manage")
    .input(
      z.object({
        orgId: z.uuid(),
        title: text(100),
        description: text(4000),
        category: z.enum(SERVICE_CATEGORIES),
        kind: z.enum(RESOURCE_KINDS),
        limits: text(500).optional(),
        capacity: z.number().int().min(0).max(1_000_000).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.regional.postResource(ctx.actor, input)),
  claim: withPermission("regional.manage")
    .input(z.object({ needId: z.uuid(), orgId: z.uuid(), plan: text(4000).optional() }))
    .mutation(({ ctx, input }) => ctx.services.regional.claim(ctx.actor, input)),
  order: withPermission("regional.manage")
    .input(z.object({ resourceId: z.uuid(), orgId: z.uuid(), plan: text(4000).optional() }))
    .mutation(({ ctx, input }) => ctx.services.regional.order(ctx.actor, input)),
  decide: withPermission("regional.manage")
    .input(z.object({ projectId: z.uuid(), accept: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.services.regional.decide(ctx.actor, input)),
  /** the service checks the actor sees one of the project's two sides */
  project: withPermission("branch.overview")
    .input(projectInput)
    .query(({ ctx, input }) => ctx.services.regional.project(ctx.actor, input)),
  projects: withPermission("branch.overview").query(({ ctx }) => ctx.services.regional.projects(ctx.actor)),
  planActivity: withPermission("meeting.manage")
    .input(
      z.object({
        projectId: z.uuid(),
        hostOrgId: z.uuid(),
        topic: text(200).min(1),
        plannedStart: z.date(),
        plannedEnd: z.date(),
        place: text(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.regional.planActivity(ctx.actor, input)),
  close: withPermission("regional.manage")
    .input(z.object({ projectId: z.uuid(), result: text(4000) }))
    .mutation(({ ctx, input }) => ctx.services.regional.close(ctx.actor, input)),
  evaluate: withPermission("regional.manage")
    .input(z.object({ projectId: z.uuid(), rating: z.enum(PROJECT_RATINGS), comment: text(1000).optional() }))
    .mutation(({ ctx, input }) => ctx.services.regional.evaluate(ctx.actor, input)),

  // ── 双报到 ──
  /** any member: the communities of their region (the service checks they are a member) */
  communities: authedProcedure.query(({ ctx }) => ctx.services.regional.communities(ctx.actor)),
  /** any member reports themself to the community where they live */
  report: authedProcedure
    .input(z.object({ communityOrgId: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.services.regional.report(ctx.actor, input)),
  myReport: authedProcedure.query(({ ctx }) => ctx.services.regional.myReport(ctx.actor)),
  roster: withPermission("regional.browse")
    .input(orgInput)
    .query(({ ctx, input }) => ctx.services.regional.roster(ctx.actor, input)),
  recordService: withPermission("regional.manage")
    .input(
      z.object({ reportId: z.uuid(), servedOn: z.date(), hours: z.number().min(0).max(24), description: text(1000) }),
    )
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
    .input(z.object({ memberId: z.uuid(), receivingOrgId: z.uuid(), destination: text(200), leftOn: z.date() }))
    .mutation(({ ctx, input }) => ctx.services.regional.mobileRegister(ctx.actor, input)),
  mobileAccept: withPermission("member.manage")
    .input(registrationInput)
    .mutation(({ ctx, input }) => ctx.services.regional.mobileAccept(ctx.actor, input)),
  mobileNote: withPermission("member.manage")
    .input(z.object({ registrationId: z.uuid(), note: text(1000) }))
    .mutation(({ ctx, input }) => ctx.services.regional.mobileNote(ctx.actor, input)),
  mobileReturn: withPermission("member.manage")
    .input(z.object({ registrationId: z.uuid(), returnedOn: z.date() }))
    .mutation(({ ctx, input }) => ctx.services.regional.mobileReturn(ctx.actor, input)),
  /** the member away checks in from their phone (the service checks they have an open registration) */
  mobileCheckIn: authedProcedure.mutation(({ ctx }) => ctx.services.regional.mobileCheckIn(ctx.actor)),
  myMobile: authedProcedure.query(({ ctx }) => ctx.services.regional.myMobile(ctx.actor)),
});
