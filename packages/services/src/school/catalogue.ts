import { z } from "zod";
import { authorizeAnywhere, type Actor } from "../actor.ts";
import { courseVisible, memberOrgPath } from "./access.ts";
import type { ServiceDeps } from "../deps.ts";

export interface CatalogueCourse {
  id: string;
  title: string;
  summary: string | null;
  category: string;
  lessonCount: number;
  totalDurationSec: number;
}

export const catalogueInput = z.object({ category: z.string().max(50).optional() });

export async function catalogue(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof catalogueInput>,
): Promise<{ categories: string[]; courses: CatalogueCourse[] }> {
  authorizeAnywhere(actor, "school.view");
  const all = await deps.db.course.findMany({
    where: { published: true },
    orderBy: [{ category: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      title: true,
      summary: true,
      category: true,
      published: true,
      audienceOrgId: true,
      lessons: { select: { durationSec: true } },
    },
  });
  // only what this person may open: courses restricted to other organisations stay out (defect 12)
  const orgPath = await memberOrgPath(deps, actor);
  const courses = all.filter((c) => courseVisible(c, actor, orgPath));
  const categories = [...new Set(courses.map((c) => c.category))];
  return {
    categories,
    courses: courses
      .filter((c) => !input.category || c.category === input.category)
      .map((c) => ({
        id: c.id,
        title: c.title,
        summary: c.summary,
        category: c.category,
        lessonCount: c.lessons.length,
        totalDurationSec: c.lessons.reduce((sum, l) => sum + (l.durationSec ?? 0), 0),
      })),
  };
}
