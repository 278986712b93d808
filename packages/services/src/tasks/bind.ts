// The tasks use cases bound to one set of dependencies; createServices() exposes them as services.tasks.
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import {
  inbox,
  markDone,
  markRead,
  prepareAttachment,
  prepareReplyFile,
  sendTargets,
  sendTask,
  sentTasks,
  taskDetail,
  type SendTaskInput,
} from "./tasks.ts";

export function bindTasks(deps: ServiceDeps) {
  return {
    targets: (actor: Actor, input: Parameters<typeof sendTargets>[2]) => sendTargets(deps, actor, input),
    prepareAttachment: (actor: Actor, input: Parameters<typeof prepareAttachment>[2]) =>
      prepareAttachment(deps, actor, input),
    prepareReplyFile: (actor: Actor, input: Parameters<typeof prepareReplyFile>[2]) =>
      prepareReplyFile(deps, actor, input),
    send: (actor: Actor, input: SendTaskInput) => sendTask(deps, actor, input),
    sent: (actor: Actor, input: Parameters<typeof sentTasks>[2]) => sentTasks(deps, actor, input),
    inbox: (actor: Actor, input: Parameters<typeof inbox>[2]) => inbox(deps, actor, input),
    detail: (actor: Actor, input: Parameters<typeof taskDetail>[2]) => taskDetail(deps, actor, input),
    markRead: (actor: Actor, input: Parameters<typeof markRead>[2]) => markRead(deps, actor, input),
    markDone: (actor: Actor, input: Parameters<typeof markDone>[2]) => markDone(deps, actor, input),
  };
}
