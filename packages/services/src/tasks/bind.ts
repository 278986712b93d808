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
  type FileRef,
  type SendTaskInput,
  type UploadRequest,
} from "./tasks.ts";

export function bindTasks(deps: ServiceDeps) {
  return {
    targets: (actor: Actor, input: { senderOrgId?: string | undefined }) => sendTargets(deps, actor, input),
    prepareAttachment: (actor: Actor, input: UploadRequest & { senderOrgId?: string | undefined }) =>
      prepareAttachment(deps, actor, input),
    prepareReplyFile: (actor: Actor, input: UploadRequest & { taskId: string; orgId: string }) =>
      prepareReplyFile(deps, actor, input),
    send: (actor: Actor, input: SendTaskInput) => sendTask(deps, actor, input),
    sent: (actor: Actor, input: { senderOrgId?: string | undefined }) => sentTasks(deps, actor, input),
    inbox: (actor: Actor, input: { orgId?: string | undefined; openOnly?: boolean | undefined }) =>
      inbox(deps, actor, input),
    detail: (actor: Actor, input: { taskId: string; orgId?: string | undefined }) => taskDetail(deps, actor, input),
    markRead: (actor: Actor, input: { taskId: string; orgId: string }) => markRead(deps, actor, input),
    markDone: (
      actor: Actor,
      input: { taskId: string; orgId: string; reply?: string | null | undefined; file?: FileRef | null | undefined },
    ) => markDone(deps, actor, input),
  };
}
