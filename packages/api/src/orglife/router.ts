import { z } from "zod";
import { CADENCE_PERIODS, MEETING_TYPES } from "@dangjian/core";
import { authedProcedure, router, withPermission } from "../trpc.ts";

const orgInput = z.object({ orgId: z.uuid().optional() }).default({});
const meetingInput = z.object({ meetingId: z.uuid() });
const text = (max: number) => z.string().trim().max(max);

const planInput = z.object({
  orgId: z.uuid(),
  type: z.enum(MEETING_TYPES),
  topic: text(200).min(1),
  plannedStart: z.date(),
  plannedEnd: z.date(),
  place: text(200).optional(),
  agenda: text(4000).optional(),
  hostMemberId: z.uuid().optional(),
  groupId: z.uuid().optional(),
  partnerOrgIds: z.array(z.uuid()).max(20).optional(),
  memberIds: z.array(z.uuid()).max(50).optional(),
  optionalActions: z.array(text(100)).max(20).optional(),
  idempotencyKey: z.string().min(8).max(100).optional(),
});

/** Meeting code today; an e-party-card token when the card's scanner lands. */
const proof = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("meetingCode"), code: z.string().trim().min(1).max(20) }),
  // a scanned e-party card; `scannedAt` when the scan was queued on a phone without network
  z.object({ kind: z.literal("cardToken"), token: z.string().min(1).max(4000), scannedAt: z.date().optional() }),
]);

export const orglifeRouter = router({
  calendar: withPermission("branch.overview")
    .input(orgInput)
    .query(({ ctx, input }) => ctx.services.orglife.calendar(ctx.actor, input)),
  list: withPermission("branch.overview")
    .input(orgInput)
    .query(({ ctx, input }) => ctx.services.orglife.list(ctx.actor, input)),
  get: withPermission("branch.overview")
    .input(meetingInput)
    .query(({ ctx, input }) => ctx.services.orglife.get(ctx.actor, input)),
  planOptions: withPermission("meeting.manage")
    .input(orgInput)
    .query(({ ctx, input }) => ctx.services.orglife.planOptions(ctx.actor, input)),
  plan: withPermission("meeting.manage")
    .input(planInput)
    .mutation(({ ctx, input }) => ctx.services.orglife.plan(ctx.actor, input)),
  cancel: withPermission("meeting.manage")
    .input(z.object({ meetingId: z.uuid(), reason: text(500) }))
    .mutation(({ ctx, input }) => ctx.services.orglife.cancel(ctx.actor, input)),
  confirm: withPermission("meeting.manage")
    .input(z.object({ meetingId: z.uuid(), orgId: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.services.orglife.confirm(ctx.actor, input)),
  /** any logged-in member: the service checks they are on the meeting's list */
  checkIn: authedProcedure
    .input(z.object({ meetingId: z.uuid(), proof }))
    .mutation(({ ctx, input }) => ctx.services.orglife.checkIn(ctx.actor, input)),
  mark: withPermission("meeting.manage")
    .input(
      z.object({
        meetingId: z.uuid(),
        memberId: z.uuid(),
        status: z.enum(["PRESENT", "LEAVE", "ABSENT"]),
        leaveReason: text(200).optional(),
        amendReason: text(500).optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.orglife.mark(ctx.actor, input)),
  record: withPermission("meeting.manage")
    .input(
      z.object({
        meetingId: z.uuid(),
        minutes: text(20000).optional(),
        outcomes: z.record(z.string().trim().min(1).max(40), z.number().int().min(0).max(1_000_000)).optional(),
        actionsDone: z.array(z.uuid()).max(50).optional(),
        heldStart: z.date().optional(),
        heldEnd: z.date().optional(),
        reason: text(500).optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.orglife.record(ctx.actor, input)),
  startUpload: withPermission("meeting.manage")
    .input(
      z.object({
        meetingId: z.uuid(),
        fileName: z.string().min(1).max(200),
        contentType: z.string().min(1).max(200),
        sizeBytes: z.number().int().positive(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.orglife.startUpload(ctx.actor, input)),
  confirmUpload: withPermission("meeting.manage")
    .input(
      z.object({
        meetingId: z.uuid(),
        key: z.string().min(1).max(500),
        fileName: z.string().min(1).max(200),
        reason: text(500).optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.orglife.confirmUpload(ctx.actor, input)),
  /** the actor's own meetings: no permission beyond being logged in */
  mine: authedProcedure.query(({ ctx }) => ctx.services.orglife.mine(ctx.actor)),
  rules: withPermission("rules.tune")
    .input(orgInput)
    .query(({ ctx, input }) => ctx.services.orglife.rules(ctx.actor, input)),
  setRule: withPermission("rules.tune")
    .input(
      z.object({
        orgId: z.uuid(),
        meetingType: z.enum(MEETING_TYPES),
        period: z.enum(CADENCE_PERIODS),
        minCount: z.number().int(),
        fixedDay: z.number().int().nullable().optional(),
        quorumRatio: z.number().nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.orglife.setRule(ctx.actor, input)),
  setThemeActions: withPermission("rules.tune")
    .input(
      z.object({
        orgId: z.uuid(),
        actions: z
          .array(z.object({ code: z.string().min(1).max(40), title: text(100).min(1), required: z.boolean() }))
          .min(1)
          .max(30),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.orglife.setThemeActions(ctx.actor, input)),
});
