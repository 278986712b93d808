// The record of a held meeting: minutes, outcomes as numbers, the theme day checklist, photos
// and files. Seven days after the meeting the record locks; later changes are amendments
// (who, when, what changed, why), never silent edits.
import { z } from "zod";
import { AppError, isRecordLocked, recordChanges, validOutcomes, type RecordValue } from "@dangjian/core";
import type { Prisma } from "@dangjian/db";
import type { Actor } from "../actor.ts";
import { requireStorage, type ServiceDeps } from "../deps.ts";
import { checkUploadRequest, confirmStoredUpload } from "../files/uploads.ts";
import { refreshJointActivityTies } from "../network/ties.ts";
import { authorizeMeeting, loadMeetingScope, touchMeetingFacts } from "./shared.ts";
import { indexInTx } from "../search/documents.ts";
import { text } from "../inputs.ts";

export const recordMeetingInput = z.object({
  meetingId: z.uuid(),
  minutes: text(20000).optional(),
  outcomes: z.record(z.string().trim().min(1).max(40), z.number().int().min(0).max(1_000_000)).optional(),
  /** ids of the checklist actions done; the others are not done */
  actionsDone: z.array(z.uuid()).max(50).optional(),
  heldStart: z.date().optional(),
  heldEnd: z.date().optional(),
  /** required once the record is locked */
  reason: text(500).optional(),
});
export type RecordMeetingInput = z.input<typeof recordMeetingInput>;

export async function recordMeeting(deps: ServiceDeps, actor: Actor, input: RecordMeetingInput) {
  const scope = await loadMeetingScope(deps.db, input.meetingId);
  await authorizeMeeting(deps, actor, scope, "meeting.manage");
  const now = deps.now();
  if (scope.status === "CANCELLED") throw new AppError("CONFLICT", "orglife.meetingCancelled");
  if (now < scope.plannedStart) throw new AppError("BAD_INPUT", "orglife.recordBeforeStart");
  if (input.outcomes && !validOutcomes(input.outcomes)) throw new AppError("BAD_INPUT", "orglife.badOutcomes");
  const heldStart = input.heldStart ?? scope.heldStart ?? scope.plannedStart;
  const heldEnd = input.heldEnd ?? scope.heldEnd ?? scope.plannedEnd;
  if (heldEnd <= heldStart) throw new AppError("BAD_INPUT", "orglife.endBeforeStart");
  const locked = isRecordLocked(scope, now);
  const reason = input.reason?.trim() ?? "";
  if (locked && !reason) throw new AppError("BAD_INPUT", "orglife.amendReasonRequired");

  return deps.db.$transaction(async (tx) => {
    const current = await tx.meeting.findUniqueOrThrow({
      where: { id: scope.id },
      select: { minutes: true, outcomes: true, actions: { select: { id: true, title: true, done: true } } },
    });
    if (input.actionsDone) {
      const known = new Set(current.actions.map((a) => a.id));
      if (input.actionsDone.some((id) => !known.has(id))) throw new AppError("BAD_INPUT", "orglife.actionNotFound");
    }
    const doneSet = input.actionsDone ? new Set(input.actionsDone) : null;
    const before: Record<string, RecordValue> = {
      minutes: current.minutes,
      outcomes: current.outcomes as Record<string, number>,
      actions: current.actions
        .filter((a) => a.done)
        .map((a) => a.title)
        .sort(),
    };
    const after: Record<string, RecordValue | undefined> = {
      minutes: input.minutes,
      outcomes: input.outcomes,
      actions: doneSet
        ? current.actions
            .filter((a) => doneSet.has(a.id))
            .map((a) => a.title)
            .sort()
        : undefined,
    };
    const changes = recordChanges(before, after);
    await tx.meeting.update({
      where: { id: scope.id },
      data: {
        status: "HELD",
        heldStart,
        heldEnd,
        ...(input.minutes !== undefined ? { minutes: input.minutes } : {}),
        ...(input.outcomes !== undefined ? { outcomes: input.outcomes as Prisma.InputJsonValue } : {}),
      },
    });
    if (doneSet) {
      for (const action of current.actions) {
        const done = doneSet.has(action.id);
        if (done !== action.done) await tx.meetingAction.update({ where: { id: action.id }, data: { done } });
      }
    }
    if (locked && changes.length > 0) {
      await tx.meetingAmendment.createMany({
        data: changes.map((c) => ({
          meetingId: scope.id,
          field: c.field,
          before: c.before as Prisma.InputJsonValue,
          after: c.after as Prisma.InputJsonValue,
          reason,
          byAccountId: actor.accountId,
          at: now,
        })),
      });
    }
    // a held joint activity strengthens its partnerships (derived from the history: idempotent)
    if (scope.type === "JOINT_ACTIVITY") await refreshJointActivityTies(tx, scope.id);
    await touchMeetingFacts(tx, scope.id, scope.heldStart ? [scope.heldStart] : []);
    return { meetingId: scope.id, amended: locked ? changes.map((c) => c.field) : [] };
  });
}

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

function safeFileName(name: string): string {
  const cleaned = name.replace(/[^\p{L}\p{N}._-]+/gu, "_").slice(-80);
  return cleaned || "file";
}

export const startUploadInput = z.object({
  meetingId: z.uuid(),
  fileName: z.string().min(1).max(200),
  contentType: z.string().min(1).max(200),
  sizeBytes: z.number().int().positive(),
});

/** A presigned PUT for the browser to send the file straight to S3 (with its own progress bar). */
export async function startUpload(deps: ServiceDeps, actor: Actor, input: z.input<typeof startUploadInput>) {
  const scope = await loadMeetingScope(deps.db, input.meetingId);
  await authorizeMeeting(deps, actor, scope, "meeting.manage");
  checkUploadRequest(input, MAX_UPLOAD_BYTES, { key: "orglife.uploadTooLarge" });
  const storage = requireStorage(deps);
  const key = `meetings/${scope.id}/${crypto.randomUUID()}/${safeFileName(input.fileName)}`;
  const url = await storage.signedPutUrl(key, input.contentType, 900);
  return { key, url, contentType: input.contentType };
}

export const confirmUploadInput = z.object({
  meetingId: z.uuid(),
  key: z.string().min(1).max(500),
  fileName: z.string().min(1).max(200),
  reason: text(500).optional(),
});

/** After the browser's PUT: the object must really be there (HEAD), then it becomes an attachment. */
export async function confirmUpload(deps: ServiceDeps, actor: Actor, input: z.input<typeof confirmUploadInput>) {
  const scope = await loadMeetingScope(deps.db, input.meetingId);
  await authorizeMeeting(deps, actor, scope, "meeting.manage");
  if (!input.key.startsWith(`meetings/${scope.id}/`) || input.key.includes(".."))
    throw new AppError("BAD_INPUT", "orglife.uploadUnknown");
  const now = deps.now();
  const locked = isRecordLocked(scope, now);
  const reason = input.reason?.trim() ?? "";
  if (locked && !reason) throw new AppError("BAD_INPUT", "orglife.amendReasonRequired");
  const storage = requireStorage(deps);
  const existing = await deps.db.attachment.findUnique({ where: { storageKey: input.key } });
  if (existing) return { id: existing.id };
  const head = await confirmStoredUpload(storage, input, MAX_UPLOAD_BYTES, {
    missing: "orglife.uploadMissing",
    tooLarge: "orglife.uploadTooLarge",
  });
  const contentType = head.contentType;
  return deps.db.$transaction(async (tx) => {
    const attachment = await tx.attachment.upsert({
      where: { storageKey: input.key },
      update: {},
      create: {
        ownerType: "MEETING",
        ownerId: scope.id,
        storageKey: input.key,
        fileName: input.fileName.slice(0, 200),
        contentType,
        sizeBytes: BigInt(head.size),
        uploadedById: actor.accountId,
      },
      select: { id: true },
    });
    await indexInTx(tx, [{ type: "file", id: attachment.id }]);
    if (locked) {
      await tx.meetingAmendment.create({
        data: {
          meetingId: scope.id,
          field: "attachments",
          after: { added: input.fileName },
          reason,
          byAccountId: actor.accountId,
          at: now,
        },
      });
    }
    return attachment;
  });
}
