// Study-hour targets and offline training (docs/domain.md): hours count only in their year.
export type TrainingKind = "FULL_DAY" | "HALF_DAY" | "BRANCH_STUDY";

export const TARGET_HOURS = { member: 32, officer: 56 } as const;

/** Hours an offline training earns: a full day 8, a half day 4, branch study 1 per hour. */
export function offlineHours(kind: TrainingKind, branchStudyHours?: number): number {
  if (kind === "FULL_DAY") return 8;
  if (kind === "HALF_DAY") return 4;
  const h = branchStudyHours ?? 0;
  return Math.max(0, Math.min(8, Math.round(h * 2) / 2));
}

/** Secretaries and committee members must reach 56 hours; other members 32. */
export function targetHours(isOfficer: boolean): number {
  return isOfficer ? TARGET_HOURS.officer : TARGET_HOURS.member;
}

export const hoursFromSeconds = (seconds: number): number => Math.round((seconds / 3600) * 10) / 10;
