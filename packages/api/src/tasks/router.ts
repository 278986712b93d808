import {
  inboxInput,
  markDoneInput,
  prepareAttachmentInput,
  prepareReplyFileInput,
  senderInput,
  sendTaskInput,
  taskDetailInput,
  taskTargetInput,
} from "@dangjian/services";
import { authedProcedure, router, withPermission } from "../trpc.ts";

export const tasksRouter = router({
  targets: withPermission("task.send")
    .input(senderInput.default({}))
    .query(({ ctx, input }) => ctx.services.tasks.targets(ctx.actor, input)),
  prepareAttachment: withPermission("task.send")
    .input(prepareAttachmentInput)
    .mutation(({ ctx, input }) => ctx.services.tasks.prepareAttachment(ctx.actor, input)),
  send: withPermission("task.send")
    .input(sendTaskInput)
    .mutation(({ ctx, input }) => ctx.services.tasks.send(ctx.actor, input)),
  sent: withPermission("task.send")
    .input(senderInput.default({}))
    .query(({ ctx, input }) => ctx.services.tasks.sent(ctx.actor, input)),
  inbox: withPermission("branch.overview")
    .input(inboxInput.default({}))
    .query(({ ctx, input }) => ctx.services.tasks.inbox(ctx.actor, input)),
  /** sender or receiver: the service decides what each may see */
  detail: authedProcedure.input(taskDetailInput).query(({ ctx, input }) => ctx.services.tasks.detail(ctx.actor, input)),
  markRead: withPermission("task.answer")
    .input(taskTargetInput)
    .mutation(({ ctx, input }) => ctx.services.tasks.markRead(ctx.actor, input)),
  prepareReplyFile: withPermission("task.answer")
    .input(prepareReplyFileInput)
    .mutation(({ ctx, input }) => ctx.services.tasks.prepareReplyFile(ctx.actor, input)),
  markDone: withPermission("task.answer")
    .input(markDoneInput)
    .mutation(({ ctx, input }) => ctx.services.tasks.markDone(ctx.actor, input)),
});
