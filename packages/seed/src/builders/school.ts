// The party school (网上党校) catalogue of the demo region.
import { COURSES, INTRO_COURSES, type CourseText } from "../content.ts";
import type { DemoAccountKey } from "../demo-accounts.ts";
import { must, type Build } from "./model.ts";

/** A course's lessons in their order (one id drawn per lesson, in that order). */
function addLessons(b: Build, courseId: string, lessons: CourseText["lessons"]): void {
  lessons.forEach((lesson, i) => {
    b.rows.lessons.push({
      id: b.ids.uuid(),
      courseId,
      title: lesson.title,
      kind: lesson.kind,
      sortOrder: i + 1,
      body: lesson.body ?? null,
      durationSec: lesson.durationSec ?? null,
    });
  });
}

/** The party school catalogue. */
export function buildCourses(b: Build, staffAccounts: Map<DemoAccountKey, string>): void {
  const { ids, rows } = b;
  const schoolAdminId = must(staffAccounts.get("schoolAdmin"), "school admin account");
  COURSES.forEach((course) => {
    const courseId = ids.uuid();
    const readings = course.lessons.filter((l) => l.kind === "READING").length;
    rows.courses.push({
      id: courseId,
      title: course.title,
      summary: course.summary,
      category: course.category,
      // Reading lessons are credited half an hour each on completion; videos by watched time.
      creditHours: readings > 0 ? readings * 0.5 : null,
      published: true,
      createdById: schoolAdminId,
    });
    addLessons(b, courseId, course.lessons);
  });
}

/** The school's own introduction course (ids drawn last: every other row keeps its id). */
export function buildIntroCourses(b: Build, staffAccounts: Map<DemoAccountKey, string>): void {
  const { ids, rows } = b;
  const schoolAdminId = must(staffAccounts.get("schoolAdmin"), "school admin account");
  for (const course of INTRO_COURSES) {
    const courseId = ids.uuid();
    rows.courses.push({
      id: courseId,
      title: course.title,
      summary: course.summary,
      category: course.category,
      creditHours: 0.5,
      published: true,
      createdById: schoolAdminId,
    });
    addLessons(b, courseId, course.lessons);
  }
}
