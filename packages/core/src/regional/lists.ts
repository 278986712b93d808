// 区域化党建, the three lists (需求清单 / 资源清单 / 项目清单) as pure rules: what a need and a
// resource must say, which projects may close, and how matching ranks resources for a need.
// The services read and write; everything decided here is plain data in, plain data out.
import type { MessageKey } from "../messages/index.ts";

export const SERVICE_CATEGORIES = [
  "MEDICAL",
  "AGRI_TRAINING",
  "ELDER_CARE",
  "LEGAL",
  "EDUCATION",
  "CULTURE",
  "ENVIRONMENT",
  "EMPLOYMENT",
  "OTHER",
] as const;
export type ServiceCategoryName = (typeof SERVICE_CATEGORIES)[number];
export const RESOURCE_KINDS = ["SKILL", "PEOPLE", "VENUE", "EQUIPMENT"] as const;
export type ResourceKindName = (typeof RESOURCE_KINDS)[number];
export const PROJECT_RATINGS = ["SATISFIED", "FAIR", "DISSATISFIED"] as const;
export type ProjectRatingName = (typeof PROJECT_RATINGS)[number];

/** Most people a single need may ask for (a village's 义诊 rarely needs more than a few dozen). */
export const MAX_NEED_PEOPLE = 500;
/** How far ahead a need may be wanted. */
export const MAX_NEED_AHEAD_DAYS = 366;

export interface NeedDraft {
  title: string;
  description: string;
  place: string;
  wantedFrom: Date | null;
  wantedUntil: Date | null;
  people: number | null;
}

/** The first problem of a need as posted (null when it may be posted). `today` is the poster's day (UTC midnight). */
export function needProblem(draft: NeedDraft, today: Date): MessageKey | null {
  if (!draft.title.trim()) return "regional.error.titleRequired";
  if (!draft.place.trim()) return "regional.error.placeRequired";
  if (!draft.wantedFrom || Number.isNaN(draft.wantedFrom.getTime())) return "regional.error.dateRequired";
  if (draft.wantedFrom.getTime() < today.getTime()) return "regional.error.dateInPast";
  if (draft.wantedFrom.getTime() > today.getTime() + MAX_NEED_AHEAD_DAYS * 86_400_000)
    return "regional.error.dateTooFar";
  if (draft.wantedUntil && draft.wantedUntil.getTime() < draft.wantedFrom.getTime())
    return "regional.error.untilBeforeFrom";
  if (draft.people === null || !Number.isInteger(draft.people) || draft.people < 1 || draft.people > MAX_NEED_PEOPLE)
    return "regional.error.peopleRange";
  return null;
}

export interface ResourceDraft {
  title: string;
  description: string;
  capacity: number | null;
}

export function resourceProblem(draft: ResourceDraft): MessageKey | null {
  if (!draft.title.trim()) return "regional.error.titleRequired";
  if (!draft.description.trim()) return "regional.error.descriptionRequired";
  if (draft.capacity !== null && (!Number.isInteger(draft.capacity) || draft.capacity < 1 || draft.capacity > 10_000))
    return "regional.error.capacityRange";
  return null;
}

/** A project closes only once at least one of its joint activities was really held. */
export function closeProblem(project: { status: string; heldActivities: number }): MessageKey | null {
  if (project.status === "CLOSED") return "regional.error.projectClosed";
  if (project.status !== "ACTIVE") return "regional.error.projectNotActive";
  if (project.heldActivities < 1) return "regional.error.closeNeedsHeldActivity";
  return null;
}

// ───────────── matching ─────────────

export interface MatchCandidate {
  /** the resource */
  id: string;
  orgId: string;
  category: ServiceCategoryName;
  /** the offering organisation's county (its COUNTY ancestor, or null) */
  countyId: string | null;
  /** the offering organisation's township */
  townshipId: string | null;
  /** joint activities held (or projects closed) between the offering organisation and the need's holder */
  pastTogether: number;
}

export interface MatchTarget {
  orgId: string;
  category: ServiceCategoryName;
  countyId: string | null;
  townshipId: string | null;
}

export type MatchReason = "sameCategory" | "sameTownship" | "sameCounty" | "workedTogether";

/**
 * Resources worth suggesting for a need: the same category only, nearest first (same township,
 * then same county, then the rest of the region), organisations that already worked with the
 * holder before the others at the same distance. Never the holder's own resources.
 */
export function rankResources<C extends MatchCandidate>(
  target: MatchTarget,
  candidates: readonly C[],
  limit = 10,
): Array<C & { reasons: MatchReason[] }> {
  const distance = (c: C) =>
    target.townshipId && c.townshipId === target.townshipId
      ? 0
      : target.countyId && c.countyId === target.countyId
        ? 1
        : 2;
  return candidates
    .filter((c) => c.category === target.category && c.orgId !== target.orgId)
    .map((c) => {
      const reasons: MatchReason[] = ["sameCategory"];
      const d = distance(c);
      if (d === 0) reasons.push("sameTownship");
      else if (d === 1) reasons.push("sameCounty");
      if (c.pastTogether > 0) reasons.push("workedTogether");
      return { c, d, reasons };
    })
    .sort(
      (x, y) => x.d - y.d || y.c.pastTogether - x.c.pastTogether || (x.c.id < y.c.id ? -1 : x.c.id > y.c.id ? 1 : 0),
    )
    .slice(0, limit)
    .map(({ c, reasons }) => ({ ...c, reasons }));
}
