import { z } from "zod";
import { TASK_ATTACHMENT_MAX_BYTES, TASK_BODY_MAX, TASK_REPLY_MAX, TASK_TITLE_MAX } from "@dangjian/core";
import { authedProcedure, router, withPermission } from "../trpc.ts";

const upload = {
  fileName: z.string().min(1).max(200),
  contentType: z.string().min(1).max(120),
  sizeBytes: z
    .number()
    .int()
    .min(0)
    .max(TASK_ATTACHMENT_MAX_BYTES * 2),
};
const file = z.object({
  key: z.string().min(1).max(400),
  fileName: z.string().min(1).max(200),
  contentType: z.string().min(1).max(120),
});

export const tasksRouter = router({
  targets: withPermission("task.send")
    .input(z.object({ senderOrgId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => ctx.services.tasks.targets(ctx.actor, input)),
  prepareAttachment: withPermission("task.send")
    .input(z.object({ senderOrgId: z.uuid().optional(), ...upload }))
    .mutation(({ ctx, input }) => ctx.services.tasks.prepareAttachment(ctx.actor, input)),
  send: withPermission("task.send")
    .input(
      z.object({
        senderOrgId: z.uuid().optional(),
        kind: z.enum(["NOTICE", "TASK"]),
        title: z.string().trim().min(1).max(TASK_TITLE_MAX),
        body: z.string().trim().min(1).max(TASK_BODY_MAX),
        deadline: z.date().nullable().optional(),
        targets: z.union([
          z.object({ all: z.literal(true) }),
          z.object({ orgIds: z.array(z.uuid()).min(1).max(2000) }),
        ]),
        attachment: file.nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.tasks.send(ctx.actor, input)),
  sent: withPermission("task.send")
    .input(z.object({ senderOrgId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => ctx.services.tasks.sent(ctx.actor, input)),
  inbox: withPermission("branch.overview")
    .input(z.object({ orgId: z.uuid().optional(), openOnly: z.boolean().optional() }).default({}))
    .query(({ ctx, input }) => ctx.services.tasks.inbox(ctx.actor, input)),
  /** sender or receiver: the service decides what each may see */
  detail: authedProcedure
    .input(z.object({ taskId: z.uuid(), orgId: z.uuid().optional() }))
    .query(({ ctx, input }) => ctx.services.tasks.detail(ctx.actor, input)),
  markRead: withPermission("task.answer")
    .input(z.object({ taskId: z.uuid(), orgId: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.services.tasks.markRead(ctx.actor, input)),
  prepareReplyFile: withPermission("task.answer")
    .input(z.object({ taskId: z.uuid(), orgId: z.uuid(), ...upload }))
    .mutation(({ ctx, input }) => ctx.services.tasks.prepareReplyFile(ctx.actor, input)),
  markDone: withPermission("task.answer")
    .input(
      z.object({
        taskId: z.uuid(),
        orgId: z.uuid(),
        reply: z.string().max(TASK_REPLY_MAX).nullable().optional(),
        file: file.nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.tasks.markDone(ctx.actor, input)),
});
