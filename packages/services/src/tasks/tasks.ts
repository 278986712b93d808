// 网上知晓: a committee pushes a notice or task down its subtree; receivers mark it read and
// done (with a short reply or a file); the sender watches completion per organisation.
import { z } from "zod";
import {
  AppError,
  can,
  committeeGrant,
  completionSummary,
  isOverdue,
  safeFileName,
  targetsOutsideSubtree,
  taskTargetState,
  TASK_ATTACHMENT_MAX_BYTES,
  TASK_BODY_MAX,
  TASK_REPLY_MAX,
  TASK_TITLE_MAX,
} from "@dangjian/core";
import type { OrgKind, TaskKind } from "@dangjian/db";
import { authorize, type Actor } from "../actor.ts";
import { requireStorage, type ServiceDeps } from "../deps.ts";
import { indexInTx } from "../search/documents.ts";
import { checkUploadRequest, confirmStoredUpload, signedDownloadUrl } from "../files/uploads.ts";
import { audit } from "../audit.ts";

const RECEIVING_KINDS: OrgKind[] = ["COMMITTEE", "GENERAL_BRANCH", "BRANCH", "JOINT_BRANCH"];

function senderOf(actor: Actor, senderOrgId: string | undefined): string {
  const id = senderOrgId ?? committeeGrant(actor.grants)?.orgId;
  if (!id) throw new AppError("FORBIDDEN", "error.forbidden");
  return id;
}

/** The sending organisation, by default the actor's committee. */
export const senderInput = z.object({ senderOrgId: z.uuid().optional() });

/** The organisations a sender may reach: everything below it except party groups. */
export async function sendTargets(deps: ServiceDeps, actor: Actor, input: z.input<typeof senderInput>) {
  const senderOrgId = senderOf(actor, input.senderOrgId);
  const sender = await authorize(deps, actor, "task.send", senderOrgId);
  const orgs = await deps.db.org.findMany({
    where: { active: true, ancestorIds: { has: senderOrgId }, kind: { in: RECEIVING_KINDS } },
    select: { id: true, name: true, kind: true, depth: true, path: true },
    orderBy: [{ depth: "asc" }, { name: "asc" }],
  });
  return { sender: { id: sender.id, name: sender.name }, orgs: orgs.map(({ path: _path, ...o }) => o) };
}

/** A file the browser is about to upload; the size bound proper is checked below, with its own message. */
const uploadFields = {
  fileName: z.string().min(1).max(200),
  contentType: z.string().min(1).max(120),
  sizeBytes: z
    .number()
    .int()
    .min(0)
    .max(TASK_ATTACHMENT_MAX_BYTES * 2),
};
type UploadRequest = z.input<z.ZodObject<typeof uploadFields>>;

async function presign(deps: ServiceDeps, prefix: string, file: UploadRequest) {
  checkUploadRequest(file, TASK_ATTACHMENT_MAX_BYTES, { key: "tasks.errorAttachmentTooLarge" });
  const storage = requireStorage(deps);
  const key = `${prefix}/${crypto.randomUUID()}/${safeFileName(file.fileName)}`;
  return { key, url: await storage.signedPutUrl(key, file.contentType, 900), contentType: file.contentType };
}

export const prepareAttachmentInput = z.object({ senderOrgId: z.uuid().optional(), ...uploadFields });

/** A presigned PUT for a task's attachment: the browser uploads straight to S3 with progress. */
export async function prepareAttachment(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof prepareAttachmentInput>,
) {
  const senderOrgId = senderOf(actor, input.senderOrgId);
  await authorize(deps, actor, "task.send", senderOrgId);
  return presign(deps, `tasks/${senderOrgId}`, input);
}

export const prepareReplyFileInput = z.object({ taskId: z.uuid(), orgId: z.uuid(), ...uploadFields });

export async function prepareReplyFile(deps: ServiceDeps, actor: Actor, input: z.input<typeof prepareReplyFileInput>) {
  await authorize(deps, actor, "task.answer", input.orgId);
  await requireTarget(deps, input.taskId, input.orgId);
  return presign(deps, `task-replies/${input.taskId}/${input.orgId}`, input);
}

/** An uploaded file, as the upload's preparation named it. */
const fileRef = z.object({
  key: z.string().min(1).max(400),
  fileName: z.string().min(1).max(200),
  contentType: z.string().min(1).max(120),
});
type FileRef = z.input<typeof fileRef>;

/** The uploaded object's size and real type; a refused or oversized object is deleted (ADR 0704). */
async function checkUploaded(deps: ServiceDeps, file: FileRef, prefix: string) {
  if (!file.key.startsWith(`${prefix}/`) || file.key.includes(".."))
    throw new AppError("BAD_INPUT", "tasks.errorAttachmentMissing");
  return confirmStoredUpload(requireStorage(deps), file, TASK_ATTACHMENT_MAX_BYTES, {
    missing: "tasks.errorAttachmentMissing",
    tooLarge: "tasks.errorAttachmentTooLarge",
  });
}

export const sendTaskInput = z.object({
  senderOrgId: z.uuid().optional(),
  kind: z.enum(["NOTICE", "TASK"] as const satisfies readonly TaskKind[]),
  title: z.string().trim().min(1).max(TASK_TITLE_MAX),
  body: z.string().trim().min(1).max(TASK_BODY_MAX),
  deadline: z.date().nullable().optional(),
  targets: z.union([z.object({ all: z.literal(true) }), z.object({ orgIds: z.array(z.uuid()).min(1).max(2000) })]),
  attachment: fileRef.nullable().optional(),
});
export type SendTaskInput = z.input<typeof sendTaskInput>;

export async function sendTask(deps: ServiceDeps, actor: Actor, input: SendTaskInput) {
  const senderOrgId = senderOf(actor, input.senderOrgId);
  await authorize(deps, actor, "task.send", senderOrgId);
  const now = deps.now();
  if (input.deadline && input.deadline.getTime() < new Date(now.getTime() - 86_400_000).getTime())
    throw new AppError("BAD_INPUT", "tasks.errorDeadlinePast");

  let targetIds: string[];
  if ("all" in input.targets) {
    targetIds = (await sendTargets(deps, actor, { senderOrgId })).orgs.map((o) => o.id);
  } else {
    const ids = [...new Set(input.targets.orgIds)];
    const refs = await deps.db.org.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, ancestorIds: true, kind: true },
    });
    if (refs.length !== ids.length) throw new AppError("NOT_FOUND", "error.orgNotFound");
    const outside = new Set(targetsOutsideSubtree(senderOrgId, refs));
    for (const r of refs) if (r.kind === "PARTY_GROUP") outside.add(r.id);
    if (outside.size > 0) {
      throw new AppError("FORBIDDEN", "tasks.errorOutsideSubtree", {
        names: refs
          .filter((r) => outside.has(r.id))
          .map((r) => r.name)
          .join("、"),
      });
    }
    targetIds = ids;
  }
  if (targetIds.length === 0) throw new AppError("BAD_INPUT", "tasks.errorNoTargets");
  const stored = input.attachment ? await checkUploaded(deps, input.attachment, `tasks/${senderOrgId}`) : null;

  return deps.db.$transaction(async (tx) => {
    const task = await tx.task.create({
      data: {
        senderOrgId,
        kind: input.kind,
        title: input.title.trim(),
        body: input.body.trim(),
        deadline: input.deadline ?? null,
        createdById: actor.accountId,
        targets: { create: targetIds.map((orgId) => ({ orgId })) },
      },
    });
    if (input.attachment) {
      await tx.attachment.create({
        data: {
          ownerType: "TASK",
          ownerId: task.id,
          storageKey: input.attachment.key,
          fileName: safeFileName(input.attachment.fileName),
          contentType: stored!.contentType,
          sizeBytes: BigInt(stored!.size),
          uploadedById: actor.accountId,
        },
      });
    }
    await indexInTx(tx, [{ type: input.kind === "NOTICE" ? "notice" : "task", id: task.id }]);
    if (input.attachment)
      await indexInTx(
        tx,
        (await tx.attachment.findMany({ where: { ownerType: "TASK", ownerId: task.id }, select: { id: true } })).map(
          (a) => ({ type: "file" as const, id: a.id }),
        ),
      );
    await audit(tx, actor, {
      action: "tasks.send",
      entityType: "Task",
      entityId: task.id,
      orgId: senderOrgId,
      data: { targets: targetIds.length },
    });
    return { taskId: task.id, targetCount: targetIds.length };
  });
}

export async function sentTasks(deps: ServiceDeps, actor: Actor, input: z.input<typeof senderInput>) {
  const senderOrgId = senderOf(actor, input.senderOrgId);
  await authorize(deps, actor, "task.send", senderOrgId);
  const tasks = await deps.db.task.findMany({
    where: { senderOrgId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      kind: true,
      title: true,
      deadline: true,
      createdAt: true,
      targets: { select: { readAt: true, doneAt: true } },
    },
  });
  const now = deps.now();
  return tasks.map(({ targets, ...t }) => ({ ...t, summary: completionSummary(targets, t.deadline, now) }));
}

export const inboxInput = z.object({ orgId: z.uuid().optional(), openOnly: z.boolean().optional() });

export async function inbox(deps: ServiceDeps, actor: Actor, input: z.input<typeof inboxInput>) {
  const orgId = input.orgId ?? actor.branchId ?? committeeGrant(actor.grants)?.orgId;
  if (!orgId) throw new AppError("FORBIDDEN", "member.notAMember");
  const org = await authorize(deps, actor, "branch.overview", orgId);
  const rows = await deps.db.taskTarget.findMany({
    where: { orgId, ...(input.openOnly ? { doneAt: null } : {}) },
    orderBy: { task: { createdAt: "desc" } },
    take: 100,
    select: {
      readAt: true,
      doneAt: true,
      reply: true,
      task: {
        select: {
          id: true,
          kind: true,
          title: true,
          deadline: true,
          createdAt: true,
          senderOrg: { select: { name: true } },
        },
      },
    },
  });
  const now = deps.now();
  return {
    org: { id: org.id, name: org.name },
    canAnswer: can(actor.grants, "task.answer", org),
    tasks: rows.map((r) => ({
      id: r.task.id,
      kind: r.task.kind,
      title: r.task.title,
      deadline: r.task.deadline,
      createdAt: r.task.createdAt,
      from: r.task.senderOrg.name,
      state: taskTargetState(r),
      overdue: isOverdue(r.task.deadline, r.doneAt, now),
    })),
  };
}

async function requireTarget(deps: ServiceDeps, taskId: string, orgId: string) {
  const target = await deps.db.taskTarget.findUnique({ where: { taskId_orgId: { taskId, orgId } } });
  if (!target) throw new AppError("NOT_FOUND", "tasks.errorNotReceiver");
  return target;
}

async function fileLinks(
  deps: ServiceDeps,
  rows: Array<{ storageKey: string; fileName: string; contentType: string; sizeBytes: bigint }>,
) {
  const storage = deps.storage;
  return Promise.all(
    rows.map(async (a) => ({
      key: a.storageKey,
      fileName: a.fileName,
      sizeBytes: Number(a.sizeBytes),
      url: storage ? await signedDownloadUrl(storage, a, 900) : null,
    })),
  );
}

/** One task: the sender sees every receiving organisation; a receiver sees its own receipt. */
export const taskDetailInput = z.object({ taskId: z.uuid(), orgId: z.uuid().optional() });

export async function taskDetail(deps: ServiceDeps, actor: Actor, input: z.input<typeof taskDetailInput>) {
  const task = await deps.db.task.findUnique({
    where: { id: input.taskId },
    include: {
      senderOrg: { select: { id: true, name: true, ancestorIds: true } },
      targets: {
        include: { org: { select: { id: true, name: true, ancestorIds: true } } },
        orderBy: { org: { name: "asc" } },
      },
    },
  });
  if (!task) throw new AppError("NOT_FOUND", "error.notFound");
  const isSender = can(actor.grants, "task.send", task.senderOrg);
  const visibleTargets = isSender
    ? task.targets
    : task.targets.filter(
        (t) => can(actor.grants, "branch.overview", t.org) && (!input.orgId || t.orgId === input.orgId),
      );
  if (!isSender && visibleTargets.length === 0) throw new AppError("FORBIDDEN", "error.forbidden");
  const attachments = await deps.db.attachment.findMany({ where: { ownerType: "TASK", ownerId: task.id } });
  const replies = await deps.db.attachment.findMany({ where: { ownerType: "TASK_RECEIPT", ownerId: task.id } });
  const replyLinks = await fileLinks(deps, replies);
  const now = deps.now();
  const doers = await deps.db.account.findMany({
    where: { id: { in: visibleTargets.flatMap((t) => (t.doneById ? [t.doneById] : [])) } },
    select: { id: true, displayName: true },
  });
  const doerName = new Map(doers.map((d) => [d.id, d.displayName]));
  return {
    id: task.id,
    kind: task.kind,
    title: task.title,
    body: task.body,
    deadline: task.deadline,
    createdAt: task.createdAt,
    from: task.senderOrg.name,
    isSender,
    attachments: await fileLinks(deps, attachments),
    summary: completionSummary(task.targets, task.deadline, now),
    targets: visibleTargets.map((t) => ({
      orgId: t.orgId,
      orgName: t.org.name,
      state: taskTargetState(t),
      readAt: t.readAt,
      doneAt: t.doneAt,
      doneBy: t.doneById ? (doerName.get(t.doneById) ?? null) : null,
      reply: t.reply,
      overdue: isOverdue(task.deadline, t.doneAt, now),
      files: replyLinks.filter((f) => f.key.startsWith(`task-replies/${task.id}/${t.orgId}/`)),
      canAnswer: can(actor.grants, "task.answer", t.org),
    })),
  };
}

/** One task as one receiving organisation holds it. */
export const taskTargetInput = z.object({ taskId: z.uuid(), orgId: z.uuid() });

export async function markRead(deps: ServiceDeps, actor: Actor, input: z.input<typeof taskTargetInput>) {
  await authorize(deps, actor, "task.answer", input.orgId);
  const target = await requireTarget(deps, input.taskId, input.orgId);
  if (target.readAt) return { readAt: target.readAt };
  // only the first read counts: a concurrent second click changes nothing
  await deps.db.taskTarget.updateMany({
    where: { taskId: input.taskId, orgId: input.orgId, readAt: null },
    data: { readAt: deps.now(), readById: actor.accountId },
  });
  return { readAt: (await requireTarget(deps, input.taskId, input.orgId)).readAt };
}

export const markDoneInput = taskTargetInput.extend({
  reply: z.string().max(TASK_REPLY_MAX).nullable().optional(),
  file: fileRef.nullable().optional(),
});

export async function markDone(deps: ServiceDeps, actor: Actor, input: z.input<typeof markDoneInput>) {
  await authorize(deps, actor, "task.answer", input.orgId);
  const target = await requireTarget(deps, input.taskId, input.orgId);
  if (target.doneAt) return { doneAt: target.doneAt, replayed: true };
  const reply = input.reply?.trim() || null;
  if (!reply && !input.file) throw new AppError("BAD_INPUT", "tasks.errorDoneNeedsReply");
  const stored = input.file
    ? await checkUploaded(deps, input.file, `task-replies/${input.taskId}/${input.orgId}`)
    : null;
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.taskTarget.updateMany({
      where: { taskId: input.taskId, orgId: input.orgId, doneAt: null },
      data: {
        doneAt: now,
        doneById: actor.accountId,
        reply,
        readAt: target.readAt ?? now,
        readById: target.readById ?? actor.accountId,
      },
    });
    if (updated.count === 0)
      return {
        doneAt: (
          await tx.taskTarget.findUniqueOrThrow({
            where: { taskId_orgId: { taskId: input.taskId, orgId: input.orgId } },
          })
        ).doneAt!,
        replayed: true,
      };
    if (input.file) {
      await tx.attachment.create({
        data: {
          ownerType: "TASK_RECEIPT",
          ownerId: input.taskId,
          storageKey: input.file.key,
          fileName: safeFileName(input.file.fileName),
          contentType: stored!.contentType,
          sizeBytes: BigInt(stored!.size),
          uploadedById: actor.accountId,
        },
      });
    }
    return { doneAt: now, replayed: false };
  });
}
