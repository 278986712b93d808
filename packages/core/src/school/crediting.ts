// Study-hour crediting from player heartbeats (docs/domain.md). Pure: the server feeds in its own
// clock; nothing the browser says about time is trusted. Rules:
//  - coverage is the union of watched intervals per member and lesson (rewatching adds nothing);
//  - a heartbeat adds at most (wall-clock since the previous accepted one) × min(rate, 2);
//  - the member has one wall-clock budget (`creditedUntil`) across all sessions and tabs, so
//    two tabs playing at once earn no more than one;
//  - nothing while paused or hidden, nothing for a jump forward (seek) or past the end;
//  - replayed and out-of-order heartbeats (sequence ≤ last accepted) change nothing.

import { chinaDay, chinaYear } from "../time/china.ts";
export type Interval = readonly [number, number];

export const CREDITING = {
  /** the most a rate may multiply wall-clock time by */
  maxRate: 2,
  /** tolerance for network jitter before a position change counts as a jump, in seconds */
  jumpSlackSec: 2,
  /** a lesson completes at this unique coverage */
  completionRatio: 0.95,
  /** how far past the lesson's end a reported position may be (player rounding) */
  endSlackSec: 1,
} as const;

export interface CreditingConfig {
  maxRate: number;
  jumpSlackSec: number;
  completionRatio: number;
  endSlackSec: number;
}

/** What a player reports. `positionSec` is where the playhead is now. */
export interface Heartbeat {
  seq: number;
  positionSec: number;
  playing: boolean;
  rate: number;
  visible: boolean;
}

/** Per watch session (one player instance). */
export interface SessionState {
  lastSeq: number;
  lastPositionSec: number | null;
  /** server time (ms) of the last accepted heartbeat */
  lastAcceptedAtMs: number | null;
  /** was the player playing and visible at the last accepted heartbeat */
  lastPlayingVisible: boolean;
}

/** Per member and lesson. */
export interface ProgressState {
  intervals: Interval[];
  positionSec: number;
  completed: boolean;
}

export type HeartbeatOutcome =
  | "credited" // new coverage was added
  | "accepted" // accepted, nothing new to credit (first beat, paused, hidden, rewatch, budget used)
  | "jump" // the position moved further than time allows: no credit, new anchor
  | "out_of_range" // a position before 0 or past the end: refused
  | "duplicate"; // replayed or out of order: ignored

export interface HeartbeatResult {
  outcome: HeartbeatOutcome;
  session: SessionState;
  progress: ProgressState;
  /** member's wall-clock budget (ms) after this heartbeat */
  creditedUntilMs: number;
  /** new unique seconds credited by this heartbeat */
  addedSec: number;
  coveredSec: number;
  /** true when this heartbeat completed the lesson */
  justCompleted: boolean;
  /** what this heartbeat credited, for settling against the shared state (settleClaims); null when nothing */
  claim: CreditClaim | null;
}

/**
 * The coverage one heartbeat credited and the wall-clock window that paid for it. A process
 * keeps its claims until its flush settles them against the member's budget and coverage in
 * the database (ADR 1001): the same rule replayed on the shared state.
 */
export interface CreditClaim {
  /** new parts of the lesson, sorted and disjoint */
  parts: Interval[];
  /** server time (ms) of the session's previous accepted heartbeat: the window opens here */
  prevAtMs: number;
  /** server time (ms) of this heartbeat: the window closes here */
  nowMs: number;
  /** the rate that multiplied wall-clock time, in (0, maxRate] */
  rateFactor: number;
}

export function newSession(): SessionState {
  return { lastSeq: -1, lastPositionSec: null, lastAcceptedAtMs: null, lastPlayingVisible: false };
}

export function newProgress(): ProgressState {
  return { intervals: [], positionSec: 0, completed: false };
}

export function totalLength(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** Union of sorted disjoint intervals with one more interval. */
export function addInterval(intervals: readonly Interval[], add: Interval): Interval[] {
  const [start, end] = add;
  if (!(end > start)) return intervals.slice();
  const out: Interval[] = [];
  let s = start;
  let e = end;
  let placed = false;
  for (const [a, b] of intervals) {
    if (b < s) out.push([a, b]);
    else if (a > e) {
      if (!placed) {
        out.push([s, e]);
        placed = true;
      }
      out.push([a, b]);
    } else {
      s = Math.min(s, a);
      e = Math.max(e, b);
    }
  }
  if (!placed) out.push([s, e]);
  return out;
}

/** The parts of [start, end] not yet covered, in order. */
export function uncoveredParts(intervals: readonly Interval[], start: number, end: number): Interval[] {
  const parts: Interval[] = [];
  let cursor = start;
  for (const [a, b] of intervals) {
    if (b <= cursor) continue;
    if (a >= end) break;
    if (a > cursor) parts.push([cursor, Math.min(a, end)]);
    cursor = Math.max(cursor, b);
    if (cursor >= end) break;
  }
  if (cursor < end) parts.push([cursor, end]);
  return parts;
}

/** Normalises stored intervals (from JSON) into sorted disjoint pairs; junk is dropped. */
export function normaliseIntervals(raw: unknown): Interval[] {
  if (!Array.isArray(raw)) return [];
  let out: Interval[] = [];
  for (const item of raw) {
    if (Array.isArray(item) && typeof item[0] === "number" && typeof item[1] === "number" && item[1] > item[0]) {
      out = addInterval(out, [item[0], item[1]]);
    }
  }
  return out;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Applies one heartbeat received at server time `nowMs`. `creditedUntilMs` is the member's
 * wall-clock budget cursor shared by all of the member's sessions.
 */
export function applyHeartbeat(input: {
  session: SessionState;
  progress: ProgressState;
  creditedUntilMs: number;
  durationSec: number;
  heartbeat: Heartbeat;
  nowMs: number;
  config?: CreditingConfig;
}): HeartbeatResult {
  const config = input.config ?? CREDITING;
  const { session, progress, heartbeat: hb, nowMs, durationSec } = input;
  const unchanged = (outcome: HeartbeatOutcome): HeartbeatResult => ({
    outcome,
    session,
    progress,
    creditedUntilMs: input.creditedUntilMs,
    addedSec: 0,
    coveredSec: totalLength(progress.intervals),
    justCompleted: false,
    claim: null,
  });

  if (hb.seq <= session.lastSeq) return unchanged("duplicate");
  if (!(hb.positionSec >= 0) || hb.positionSec > durationSec + config.endSlackSec) {
    // Refused, but the sequence number is spent so a replay is still a duplicate.
    return { ...unchanged("out_of_range"), session: { ...session, lastSeq: hb.seq } };
  }

  const position = Math.min(hb.positionSec, durationSec);
  const playingVisible = hb.playing && hb.visible && hb.rate > 0;
  const nextSession: SessionState = {
    lastSeq: hb.seq,
    lastPositionSec: position,
    lastAcceptedAtMs: nowMs,
    lastPlayingVisible: playingVisible,
  };
  let intervals = progress.intervals;
  let addedSec = 0;
  let creditedUntilMs = input.creditedUntilMs;
  let outcome: HeartbeatOutcome = "accepted";
  let claim: CreditClaim | null = null;

  const prevAt = session.lastAcceptedAtMs;
  const prevPos = session.lastPositionSec;
  // The interval since the previous beat was spent in the previous beat's state.
  if (prevAt !== null && prevPos !== null && session.lastPlayingVisible && nowMs > prevAt) {
    const rateFactor = Math.min(Math.max(hb.rate, 0), config.maxRate);
    const elapsedSec = (nowMs - prevAt) / 1000;
    const delta = position - prevPos;
    if (delta > elapsedSec * rateFactor + config.jumpSlackSec) {
      outcome = "jump";
    } else if (delta > 0) {
      // Only wall-clock time not yet credited to this member (in any session) can pay for coverage.
      const windowStartMs = Math.max(prevAt, creditedUntilMs);
      const allowance = Math.max(0, (nowMs - windowStartMs) / 1000) * rateFactor;
      let budget = allowance;
      const parts: Interval[] = [];
      for (const [a, b] of uncoveredParts(intervals, prevPos, position)) {
        if (budget <= 0) break;
        const take = Math.min(b - a, budget);
        intervals = addInterval(intervals, [a, a + take]);
        parts.push([a, a + take]);
        budget -= take;
        addedSec += take;
      }
      if (addedSec > 0) {
        // Spend the wall-clock time that paid for it.
        creditedUntilMs = Math.max(creditedUntilMs, Math.min(nowMs, windowStartMs + (addedSec / rateFactor) * 1000));
        outcome = "credited";
        claim = { parts, prevAtMs: prevAt, nowMs, rateFactor };
      }
    }
  }

  const coveredSec = totalLength(intervals);
  const completed = progress.completed || (durationSec > 0 && coveredSec >= durationSec * config.completionRatio);
  return {
    outcome,
    session: nextSession,
    progress: { intervals, positionSec: position, completed },
    creditedUntilMs,
    addedSec: round3(addedSec),
    coveredSec,
    justCompleted: completed && !progress.completed,
    claim,
  };
}

/** A claim of one member's session in one lesson, as a process collected it. */
export interface LessonClaim extends CreditClaim {
  lessonId: string;
}

export interface Settlement {
  /** the member's budget cursor after the claims: all wall-clock time before it is spent */
  creditedUntilMs: number;
  /** wall-clock time (ms) spent after the cursor, sorted and disjoint */
  spentMs: Interval[];
  /** coverage per lesson after the claims (only lessons that were claimed) */
  coverage: Map<string, Interval[]>;
  /** seconds granted per claim, in the order given */
  granted: number[];
}

/** Spent time older than this before the newest claim is folded into the cursor. */
export const SETTLE_FOLD_MS = 10 * 60_000;

/** The parts of [start, end] not in `taken` (sorted, disjoint), in order. */
function freeParts(taken: readonly Interval[], start: number, end: number): Interval[] {
  return end > start ? uncoveredParts(taken, start, end) : [];
}

/**
 * Settles one process's claims of one member against the shared state read from the database
 * under a row lock: the budget cursor, the wall-clock time spent after it, and the coverage.
 * Each claim is replayed with the crediting rule of `applyHeartbeat`, in server-time order:
 * only parts not covered yet, paid for with wall-clock time inside the claim's own window that
 * nobody has spent (earliest first). Claims settled by other processes before are therefore
 * never paid twice, whatever order the processes flush in, and the credited total never
 * exceeds maxRate × the wall-clock time that passed. For one process alone it grants exactly
 * what `applyHeartbeat` credited (its cursor spends no more than this).
 */
export function settleClaims(input: {
  creditedUntilMs: number;
  spentMs?: readonly Interval[];
  coverage: ReadonlyMap<string, readonly Interval[]>;
  claims: readonly LessonClaim[];
}): Settlement {
  let cursor = input.creditedUntilMs;
  let spent: Interval[] = normaliseIntervals(input.spentMs ?? []).filter(([, b]) => b > cursor);
  const coverage = new Map<string, Interval[]>();
  for (const [lessonId, intervals] of input.coverage) coverage.set(lessonId, intervals.slice());
  const order = input.claims.map((_, i) => i).sort((i, j) => input.claims[i]!.nowMs - input.claims[j]!.nowMs || i - j);
  const granted = input.claims.map(() => 0);
  let newest = -Infinity;
  for (const i of order) {
    const claim = input.claims[i]!;
    newest = Math.max(newest, claim.nowMs);
    const rate = Math.min(Math.max(claim.rateFactor, 0), CREDITING.maxRate);
    if (!(rate > 0) || !(claim.nowMs > claim.prevAtMs)) continue;
    const free = freeParts(spent, Math.max(claim.prevAtMs, cursor), claim.nowMs);
    let budget = (free.reduce((sum, [a, b]) => sum + (b - a), 0) / 1000) * rate;
    let intervals = coverage.get(claim.lessonId) ?? [];
    let added = 0;
    for (const [start, end] of claim.parts) {
      for (const [a, b] of uncoveredParts(intervals, start, end)) {
        if (budget <= 0) break;
        const take = Math.min(b - a, budget);
        intervals = addInterval(intervals, [a, a + take]);
        budget -= take;
        added += take;
      }
      if (budget <= 0) break;
    }
    coverage.set(claim.lessonId, intervals);
    if (added > 0) {
      granted[i] = added;
      // spend the wall-clock time that paid for it, earliest free time first
      let pay = (added / rate) * 1000;
      for (const [a, b] of free) {
        if (pay <= 1e-9) break;
        const use = Math.min(b - a, pay);
        spent = addInterval(spent, [a, a + use]);
        pay -= use;
      }
    }
  }
  // fold: time spent up to the cursor without a gap, and anything long before the newest claim
  if (Number.isFinite(newest)) cursor = Math.max(cursor, newest - SETTLE_FOLD_MS);
  for (;;) {
    const first = spent[0];
    if (!first || first[0] > cursor) break;
    cursor = Math.max(cursor, first[1]);
    spent = spent.slice(1);
  }
  spent = spent.filter(([, b]) => b > cursor);
  return { creditedUntilMs: cursor, spentMs: spent, coverage, granted };
}

/** The calendar date (YYYY-MM-DD) and year in China time (UTC+8, no DST) of an instant. */
export function chinaDate(at: Date): { date: string; year: number; month: string } {
  const date = chinaDay(at);
  return { date, year: chinaYear(at), month: date.slice(0, 7) };
}
