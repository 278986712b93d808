// The orglife use cases bound to one set of dependencies; createServices() exposes them as services.orglife.
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { checkIn, markAttendance } from "./attendance.ts";
import { myOrglife } from "./me.ts";
import {
  cancelMeeting,
  confirmParticipation,
  getMeeting,
  listMeetings,
  planMeeting,
  planOptions,
  type PlanMeetingInput,
} from "./meetings.ts";
import { confirmUpload, recordMeeting, startUpload, type RecordMeetingInput } from "./records.ts";
import { cadenceCalendar, rulesView, setCadenceRule, setThemeActions } from "./rules.ts";

type Params<F> = F extends (deps: ServiceDeps, actor: Actor, input: infer I) => unknown ? I : never;

export function bindOrglife(deps: ServiceDeps) {
  return {
    calendar: (actor: Actor, input: Params<typeof cadenceCalendar>) => cadenceCalendar(deps, actor, input),
    rules: (actor: Actor, input: Params<typeof rulesView>) => rulesView(deps, actor, input),
    setRule: (actor: Actor, input: Params<typeof setCadenceRule>) => setCadenceRule(deps, actor, input),
    setThemeActions: (actor: Actor, input: Params<typeof setThemeActions>) => setThemeActions(deps, actor, input),
    planOptions: (actor: Actor, input: Params<typeof planOptions>) => planOptions(deps, actor, input),
    plan: (actor: Actor, input: PlanMeetingInput) => planMeeting(deps, actor, input),
    list: (actor: Actor, input: Params<typeof listMeetings>) => listMeetings(deps, actor, input),
    get: (actor: Actor, input: Params<typeof getMeeting>) => getMeeting(deps, actor, input),
    cancel: (actor: Actor, input: Params<typeof cancelMeeting>) => cancelMeeting(deps, actor, input),
    confirm: (actor: Actor, input: Params<typeof confirmParticipation>) => confirmParticipation(deps, actor, input),
    checkIn: (actor: Actor, input: Params<typeof checkIn>) => checkIn(deps, actor, input),
    mark: (actor: Actor, input: Params<typeof markAttendance>) => markAttendance(deps, actor, input),
    record: (actor: Actor, input: RecordMeetingInput) => recordMeeting(deps, actor, input),
    startUpload: (actor: Actor, input: Params<typeof startUpload>) => startUpload(deps, actor, input),
    confirmUpload: (actor: Actor, input: Params<typeof confirmUpload>) => confirmUpload(deps, actor, input),
    mine: (actor: Actor) => myOrglife(deps, actor),
  };
}
