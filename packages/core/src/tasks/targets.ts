// 网上知晓: a committee pushes a notice or task down its own subtree, never sideways or up.
import type { OrgRef } from "../auth/permissions.ts";

export const TASK_TITLE_MAX = 80;
export const TASK_BODY_MAX = 4000;
export const TASK_REPLY_MAX = 500;
/** Attachments go straight to S3; 50 MB covers scanned documents and short videos of a notice. */
export const TASK_ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024;

/** Targets outside the sender's subtree (or the sender itself); empty when all are fine. */
export function targetsOutsideSubtree(senderOrgId: string, targets: readonly OrgRef[]): string[] {
  return targets.filter((t) => t.id === senderOrgId || !t.ancestorIds.includes(senderOrgId)).map((t) => t.id);
}

export type TaskTargetState = "unread" | "read" | "done";

export function taskTargetState(target: { readAt: Date | null; doneAt: Date | null }): TaskTargetState {
  if (target.doneAt) return "done";
  if (target.readAt) return "read";
  return "unread";
}

/** Whether an open task is past its deadline at `now` (done ones are never overdue). */
export function isOverdue(deadline: Date | null, doneAt: Date | null, now: Date): boolean {
  return deadline !== null && doneAt === null && now.getTime() > deadline.getTime();
}

export interface CompletionSummary {
  total: number;
  read: number;
  done: number;
  overdue: number;
}

export function completionSummary(
  targets: ReadonlyArray<{ readAt: Date | null; doneAt: Date | null }>,
  deadline: Date | null,
  now: Date,
): CompletionSummary {
  return {
    total: targets.length,
    read: targets.filter((t) => t.readAt !== null || t.doneAt !== null).length,
    done: targets.filter((t) => t.doneAt !== null).length,
    overdue: targets.filter((t) => isOverdue(deadline, t.doneAt, now)).length,
  };
}

/** Only plain names reach S3 keys: no path separators or control characters. */
export function safeFileName(name: string): string {
  const cleaned = [...name]
    .map((c) => (c === "/" || c === "\\" || c.charCodeAt(0) < 0x20 ? "_" : c))
    .join("")
    .trim();
  return (cleaned || "file").slice(-120);
}
