// Who may open a course: school staff always; a member when the course is published and, if it
// has an audience, their branch lies in that organisation's subtree. A course the member may
// not see is reported as forbidden once it is known to exist.
import { AppError, canAnywhere } from "@dangjian/core";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";

export function isSchoolStaff(actor: Actor): boolean {
  return canAnywhere(actor.grants, "school.manage");
}

export function requireSchoolStaff(actor: Actor): void {
  if (!isSchoolStaff(actor)) throw new AppError("FORBIDDEN", "error.forbidden");
}

/** The member's branch and all its ancestors (empty for accounts that are not members). */
export async function memberOrgPath(deps: ServiceDeps, actor: Actor): Promise<string[]> {
  if (!actor.branchId) return [];
  const branch = await deps.db.org.findUnique({
    where: { id: actor.branchId },
    select: { id: true, ancestorIds: true },
  });
  return branch ? [...branch.ancestorIds, branch.id] : [];
}

export function courseVisible(
  course: { published: boolean; audienceOrgId: string | null },
  actor: Actor,
  orgPath: readonly string[],
): boolean {
  if (isSchoolStaff(actor)) return true;
  if (!course.published) return false;
  return course.audienceOrgId === null || orgPath.includes(course.audienceOrgId);
}

export async function requireCourse(deps: ServiceDeps, actor: Actor, courseId: string) {
  const course = await deps.db.course.findUnique({ where: { id: courseId } });
  if (!course) throw new AppError("NOT_FOUND", "school.error.courseNotFound");
  if (!courseVisible(course, actor, await memberOrgPath(deps, actor)))
    throw new AppError("FORBIDDEN", "school.error.courseForbidden");
  return course;
}

export async function requireLesson(deps: ServiceDeps, actor: Actor, lessonId: string) {
  const lesson = await deps.db.lesson.findUnique({
    where: { id: lessonId },
    include: { course: true, videoAsset: true },
  });
  if (!lesson) throw new AppError("NOT_FOUND", "school.error.lessonNotFound");
  if (!courseVisible(lesson.course, actor, await memberOrgPath(deps, actor)))
    throw new AppError("FORBIDDEN", "school.error.courseForbidden");
  return lesson;
}

export function requireMember(actor: Actor): string {
  if (!actor.memberId) throw new AppError("FORBIDDEN", "school.error.membersOnly");
  return actor.memberId;
}
