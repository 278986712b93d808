// The lifecycle of one warning (one per rule + subject), after Prometheus / Alertmanager:
// PENDING → FIRING → RECOVERING → RESOLVED, NO_DATA on its own. Hysteresis comes from the
// classification (separate fire / recover thresholds); flapping from the flip history.
import type { Level } from "./rules.ts";

export const WARNING_STATES = ["PENDING", "FIRING", "RECOVERING", "RESOLVED", "NO_DATA"] as const;
export type WarningState = (typeof WARNING_STATES)[number];
/** States of a warning that still needs attention. */
export const ACTIVE_STATES: readonly WarningState[] = ["PENDING", "FIRING", "RECOVERING", "NO_DATA"];

export interface WarningStatus {
  readonly state: WarningState;
  readonly severity: Level;
  /** when the current condition was first seen (PENDING start) */
  readonly pendingSince: Date | null;
  readonly firingSince: Date | null;
  readonly acknowledgedAt: Date | null;
  /** 1 for each of the last evaluations that changed the state, newest last */
  readonly flipHistory: readonly number[];
  readonly flapping: boolean;
}

export interface Observation {
  /** the level whose condition holds now, or null */
  readonly condition: Level | null;
  /** the value is past the recovery threshold */
  readonly recovered: boolean;
  /** no records at all to judge by */
  readonly noData: boolean;
}

export type TransitionAction = "evaluate" | "refire";

export interface Step {
  readonly next: WarningStatus;
  /** set when the state changed or the warning re-fired */
  readonly transition: { from: WarningState | null; to: WarningState; action: TransitionAction } | null;
}

export const FLIP_WINDOW = 21;
export const FLAPPING_ON = 0.3;
export const FLAPPING_OFF = 0.2;
export const REFIRE_AFTER_DAYS = 30;
const DAY_MS = 86_400_000;

const isActive = (s: WarningState | undefined) => s === "PENDING" || s === "FIRING" || s === "RECOVERING";

/**
 * One evaluation of a warning. `prev` is null when the (rule, subject) has no warning yet;
 * returns null when nothing needs to exist (no condition and no earlier warning).
 */
export function advance(prev: WarningStatus | null, obs: Observation, forDays: number, now: Date): Step | null {
  if (!prev && !obs.condition && !obs.noData) return null;
  const from = prev?.state ?? null;
  let state: WarningState;
  let severity: Level = obs.condition ?? prev?.severity ?? "INFO";
  let pendingSince = prev?.pendingSince ?? null;
  let firingSince = prev?.firingSince ?? null;
  let acknowledgedAt = prev?.acknowledgedAt ?? null;
  let action: TransitionAction = "evaluate";

  if (obs.noData) {
    state = "NO_DATA";
    severity = "INFO";
    pendingSince = null;
    firingSince = null;
  } else if (obs.condition) {
    if (from === "FIRING" || from === "RECOVERING") {
      state = "FIRING";
    } else {
      if (from !== "PENDING") pendingSince = now;
      const heldDays = (now.getTime() - (pendingSince ?? now).getTime()) / DAY_MS;
      state = heldDays >= forDays ? "FIRING" : "PENDING";
    }
    if (state === "FIRING" && from !== "FIRING" && from !== "RECOVERING") firingSince = now;
  } else if (from === "FIRING" || from === "RECOVERING") {
    state = obs.recovered ? "RESOLVED" : "RECOVERING";
  } else {
    state = "RESOLVED";
  }
  if (state === "RESOLVED") {
    pendingSince = null;
    firingSince = null;
    acknowledgedAt = null;
  }

  // An acknowledged warning still firing 30 days later fires again (the acknowledgement lapses).
  let refired = false;
  if (state === "FIRING" && acknowledgedAt && now.getTime() - acknowledgedAt.getTime() >= REFIRE_AFTER_DAYS * DAY_MS) {
    acknowledgedAt = null;
    refired = true;
    action = "refire";
  }

  const changed = from !== state;
  const flipHistory = [...(prev?.flipHistory ?? []), changed && from !== null ? 1 : 0].slice(-FLIP_WINDOW);
  const flipShare = flipHistory.reduce((a, b) => a + b, 0) / FLIP_WINDOW;
  const wasFlapping = prev?.flapping ?? false;
  const flapping = wasFlapping ? flipShare >= FLAPPING_OFF : flipShare > FLAPPING_ON;

  const next: WarningStatus = { state, severity, pendingSince, firingSince, acknowledgedAt, flipHistory, flapping };
  return { next, transition: changed || refired ? { from, to: state, action } : null };
}

/** Whether a warning should be shown / sent now (active, not silenced, not muted by flapping). */
export function isNotifiable(
  status: Pick<WarningStatus, "state" | "flapping">,
  silencedUntil: Date | null,
  now: Date,
): boolean {
  if (!isActive(status.state) || status.state === "PENDING") return false;
  if (status.flapping) return false;
  return !(silencedUntil && silencedUntil > now);
}
