import {
  cancelMeetingInput,
  checkInInput,
  confirmParticipationInput,
  confirmMeetingUploadInput,
  markAttendanceInput,
  meetingInput,
  optionalOrgInput,
  planMeetingInput,
  recordMeetingInput,
  setCadenceRuleInput,
  setThemeActionsInput,
  startMeetingUploadInput,
} from "@dangjian/services";
import { authedProcedure, router, withPermission } from "../trpc.ts";

const orgInput = optionalOrgInput.default({});

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
    .input(planMeetingInput)
    .mutation(({ ctx, input }) => ctx.services.orglife.plan(ctx.actor, input)),
  cancel: withPermission("meeting.manage")
    .input(cancelMeetingInput)
    .mutation(({ ctx, input }) => ctx.services.orglife.cancel(ctx.actor, input)),
  confirm: withPermission("meeting.manage")
    .input(confirmParticipationInput)
    .mutation(({ ctx, input }) => ctx.services.orglife.confirm(ctx.actor, input)),
  /** any logged-in member: the service checks they are on the meeting's list */
  checkIn: authedProcedure
    .input(checkInInput)
    .mutation(({ ctx, input }) => ctx.services.orglife.checkIn(ctx.actor, input)),
  mark: withPermission("meeting.manage")
    .input(markAttendanceInput)
    .mutation(({ ctx, input }) => ctx.services.orglife.mark(ctx.actor, input)),
  record: withPermission("meeting.manage")
    .input(recordMeetingInput)
    .mutation(({ ctx, input }) => ctx.services.orglife.record(ctx.actor, input)),
  startUpload: withPermission("meeting.manage")
    .input(startMeetingUploadInput)
    .mutation(({ ctx, input }) => ctx.services.orglife.startUpload(ctx.actor, input)),
  confirmUpload: withPermission("meeting.manage")
    .input(confirmMeetingUploadInput)
    .mutation(({ ctx, input }) => ctx.services.orglife.confirmUpload(ctx.actor, input)),
  /** the actor's own meetings: no permission beyond being logged in */
  mine: authedProcedure.query(({ ctx }) => ctx.services.orglife.mine(ctx.actor)),
  rules: withPermission("rules.tune")
    .input(orgInput)
    .query(({ ctx, input }) => ctx.services.orglife.rules(ctx.actor, input)),
  setRule: withPermission("rules.tune")
    .input(setCadenceRuleInput)
    .mutation(({ ctx, input }) => ctx.services.orglife.setRule(ctx.actor, input)),
  setThemeActions: withPermission("rules.tune")
    .input(setThemeActionsInput)
    .mutation(({ ctx, input }) => ctx.services.orglife.setThemeActions(ctx.actor, input)),
});
