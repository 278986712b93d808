import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addInterval,
  applyHeartbeat,
  chinaDate,
  newProgress,
  newSession,
  normaliseIntervals,
  settleClaims,
  totalLength,
  type Interval,
  type LessonClaim,
  uncoveredParts,
  type Heartbeat,
  type ProgressState,
  type SessionState,
} from "./crediting.ts";

const T0 = Date.UTC(2026, 2, 1, 2, 0, 0);

/** A player session driven beat by beat; `budget` is shared when two sessions are given the same ref. */
function player(
  durationSec: number,
  shared: { budget: number; progress: ProgressState } = { budget: 0, progress: newProgress() },
) {
  let session: SessionState = newSession();
  let seq = 0;
  let credited = 0;
  const outcomes: string[] = [];
  return {
    shared,
    get credited() {
      return credited;
    },
    outcomes,
    beat(atSec: number, positionSec: number, extra: Partial<Heartbeat> = {}) {
      const result = applyHeartbeat({
        session,
        progress: shared.progress,
        creditedUntilMs: shared.budget,
        durationSec,
        nowMs: T0 + atSec * 1000,
        heartbeat: { seq: extra.seq ?? seq++, positionSec, playing: true, rate: 1, visible: true, ...extra },
      });
      session = result.session;
      shared.progress = result.progress;
      shared.budget = result.creditedUntilMs;
      credited += result.addedSec;
      outcomes.push(result.outcome);
      return result;
    },
  };
}

describe("intervals", () => {
  it("merges overlapping and touching intervals", () => {
    expect(
      addInterval(
        [
          [0, 5],
          [10, 15],
        ],
        [4, 11],
      ),
    ).toEqual([[0, 15]]);
    expect(addInterval([[0, 5]], [5, 6])).toEqual([[0, 6]]);
    expect(addInterval([[10, 15]], [0, 2])).toEqual([
      [0, 2],
      [10, 15],
    ]);
    expect(addInterval([], [3, 3])).toEqual([]);
  });
  it("finds the uncovered parts of a range", () => {
    expect(
      uncoveredParts(
        [
          [2, 4],
          [6, 8],
        ],
        0,
        10,
      ),
    ).toEqual([
      [0, 2],
      [4, 6],
      [8, 10],
    ]);
    expect(uncoveredParts([[0, 10]], 2, 5)).toEqual([]);
  });
  it("normalises stored JSON and drops junk", () => {
    expect(
      normaliseIntervals([
        [5, 6],
        [0, 2],
        ["x", 1],
        [3, 1],
        [1, 3],
      ]),
    ).toEqual([
      [0, 3],
      [5, 6],
    ]);
    expect(normaliseIntervals(null)).toEqual([]);
  });
  it("union length never exceeds the span and never shrinks (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }))),
        (pairs) => {
          let acc: ReturnType<typeof addInterval> = [];
          for (const [a, b] of pairs) {
            const before = totalLength(acc);
            acc = addInterval(acc, [Math.min(a, b), Math.max(a, b)]);
            expect(totalLength(acc)).toBeGreaterThanOrEqual(before - 1e-9);
            expect(totalLength(acc)).toBeLessThanOrEqual(100 + 1e-9);
          }
        },
      ),
    );
  });
});

describe("heartbeat crediting", () => {
  it("credits the time really watched, heartbeat by heartbeat", () => {
    const p = player(60);
    p.beat(0, 0);
    for (let t = 5; t <= 30; t += 5) p.beat(t, t);
    expect(p.credited).toBeCloseTo(30);
    expect(p.outcomes[0]).toBe("accepted");
  });

  it("completes at 95 % unique coverage, not before", () => {
    const p = player(20);
    p.beat(0, 0);
    p.beat(5, 5);
    p.beat(10, 10);
    p.beat(15, 15);
    expect(p.shared.progress.completed).toBe(false);
    const last = p.beat(19, 19);
    expect(last.justCompleted).toBe(true);
    expect(p.shared.progress.completed).toBe(true);
  });

  it("a jump forward earns nothing and seeking to the end completes nothing", () => {
    const p = player(600);
    p.beat(0, 0);
    p.beat(5, 5);
    const jump = p.beat(6, 595);
    expect(jump.outcome).toBe("jump");
    const end = p.beat(11, 600);
    expect(end.outcome).toBe("credited");
    expect(p.credited).toBeCloseTo(10);
    expect(p.shared.progress.completed).toBe(false);
  });

  it("a position past the end or before 0 is refused and credits nothing", () => {
    const p = player(30);
    p.beat(0, 0);
    expect(p.beat(5, 500).outcome).toBe("out_of_range");
    expect(p.beat(6, -3).outcome).toBe("out_of_range");
    expect(p.credited).toBe(0);
    expect(p.shared.progress.positionSec).toBe(0);
  });

  it("16× playback earns nothing extra; 2× is the cap", () => {
    const fast = player(3600);
    fast.beat(0, 0);
    for (let t = 5; t <= 30; t += 5) fast.beat(t, t * 16, { rate: 16 });
    expect(fast.credited).toBe(0);
    const double = player(3600);
    double.beat(0, 0, { rate: 2 });
    for (let t = 5; t <= 30; t += 5) double.beat(t, t * 2, { rate: 2 });
    expect(double.credited).toBeCloseTo(60);
    const lying = player(3600);
    lying.beat(0, 0, { rate: 16 });
    for (let t = 5; t <= 30; t += 5) lying.beat(t, Math.min(t * 2 + 2, 3600), { rate: 16 });
    expect(lying.credited).toBeLessThanOrEqual(60 + 1e-9);
  });

  it("paused and hidden time earns nothing", () => {
    const p = player(600);
    p.beat(0, 0);
    p.beat(5, 5, { playing: false }); // pause: the 5 s before it count
    p.beat(65, 5, { playing: false });
    p.beat(66, 5); // resumes
    p.beat(71, 10, { visible: false }); // hidden from here
    p.beat(76, 15, { visible: false });
    p.beat(81, 20, { visible: false });
    expect(p.credited).toBeCloseTo(10);
  });

  it("replayed and out-of-order heartbeats change nothing", () => {
    const p = player(600);
    p.beat(0, 0, { seq: 1 });
    p.beat(5, 5, { seq: 2 });
    const replay = p.beat(6, 5, { seq: 2 });
    expect(replay.outcome).toBe("duplicate");
    const older = p.beat(7, 3, { seq: 1 });
    expect(older.outcome).toBe("duplicate");
    p.beat(10, 10, { seq: 3 });
    expect(p.credited).toBeCloseTo(10);
  });

  it("two tabs playing at once earn no more than the wall-clock time", () => {
    const shared = { budget: 0, progress: newProgress() };
    const a = player(600, shared);
    const b = player(600, shared);
    // tab B plays another part of the same lesson, starting a second later
    a.beat(0, 0);
    b.beat(1, 300);
    for (let t = 5; t <= 60; t += 5) {
      a.beat(t, t);
      b.beat(t + 1, 300 + t);
    }
    expect(a.credited + b.credited).toBeLessThanOrEqual(61 + 1e-9);
    expect(totalLength(shared.progress.intervals)).toBeLessThanOrEqual(61 + 1e-9);
  });

  it("two tabs on different lessons share one budget", () => {
    const budget = { budget: 0 };
    const one = player(600, { budget: 0, progress: newProgress() });
    const two = player(600, { budget: 0, progress: newProgress() });
    // emulate the member-wide budget across lessons by copying it between the two
    const sync = (from: { shared: { budget: number } }, to: { shared: { budget: number } }) =>
      (to.shared.budget = from.shared.budget);
    one.beat(0, 0);
    two.beat(0.5, 0);
    for (let t = 5; t <= 30; t += 5) {
      one.beat(t, t);
      sync(one, two);
      two.beat(t + 0.5, t);
      sync(two, one);
    }
    budget.budget = one.shared.budget;
    expect(one.credited + two.credited).toBeLessThanOrEqual(30.5 + 1e-9);
  });

  it("rewatching covered parts adds nothing but leaves the budget for new parts", () => {
    const p = player(600);
    p.beat(0, 0);
    p.beat(10, 10);
    p.beat(11, 0); // seek back
    p.beat(16, 5);
    p.beat(21, 10);
    p.beat(26, 15);
    expect(p.credited).toBeCloseTo(15);
  });

  it("is bounded by wall-clock × 2 whatever the heartbeats say (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dt: fc.double({ min: 0, max: 20, noNaN: true }),
            pos: fc.double({ min: -10, max: 700, noNaN: true }),
            playing: fc.boolean(),
            visible: fc.boolean(),
            rate: fc.constantFrom(0.5, 1, 1.5, 2, 4, 16),
            seqJump: fc.integer({ min: -2, max: 3 }),
          }),
          { maxLength: 60 },
        ),
        (beats) => {
          const p = player(600);
          let t = 0;
          let seq = 0;
          for (const b of beats) {
            t += b.dt;
            seq += b.seqJump;
            p.beat(t, b.pos, { playing: b.playing, visible: b.visible, rate: b.rate, seq });
          }
          expect(p.credited).toBeLessThanOrEqual(t * 2 + 1e-6);
          expect(totalLength(p.shared.progress.intervals)).toBeLessThanOrEqual(600 + 1e-9);
        },
      ),
    );
  });
});

describe("settleClaims (ADR 1001)", () => {
  const beatArb = fc.record({
    tab: fc.integer({ min: 0, max: 1 }),
    proc: fc.integer({ min: 0, max: 1 }),
    dt: fc.double({ min: 0, max: 8, noNaN: true }),
    step: fc.double({ min: -3, max: 12, noNaN: true }),
    rate: fc.constantFrom(0.5, 1, 2),
  });

  it("one process's claims settled on the state it started from grant exactly what it credited (property)", () => {
    fc.assert(
      fc.property(fc.array(beatArb, { maxLength: 50 }), (beats) => {
        let session = [newSession(), newSession()];
        let progress: ProgressState = newProgress();
        let budget = T0 - 60_000;
        const claims: LessonClaim[] = [];
        let credited = 0;
        let t = 0;
        const pos = [0, 300];
        for (const b of beats) {
          t += b.dt;
          pos[b.tab] = Math.max(0, Math.min(600, pos[b.tab]! + b.step));
          const r = applyHeartbeat({
            session: session[b.tab]!,
            progress,
            creditedUntilMs: budget,
            durationSec: 600,
            heartbeat: {
              seq: session[b.tab]!.lastSeq + 1,
              positionSec: pos[b.tab]!,
              playing: true,
              rate: b.rate,
              visible: true,
            },
            nowMs: T0 + t * 1000,
          });
          session = session.map((s, i) => (i === b.tab ? r.session : s));
          progress = r.progress;
          budget = r.creditedUntilMs;
          if (r.claim) claims.push({ ...r.claim, lessonId: "L" });
          credited += r.addedSec;
        }
        const settled = settleClaims({ creditedUntilMs: T0 - 60_000, coverage: new Map(), claims });
        const granted = settled.granted.reduce((a, b) => a + b, 0);
        expect(granted).toBeCloseTo(credited, 2);
        expect(totalLength(settled.coverage.get("L") ?? [])).toBeCloseTo(totalLength(progress.intervals), 6);
      }),
    );
  });

  it("settles two processes' interleaved claims exactly, whatever order they flush in", () => {
    // tab 1 on process A and tab 2 on process B, each playing new material 3 s of every 5 s:
    // together they ask for 6 s a step; the one budget pays 5, as in one process
    const claimsOf = (lessonId: string) =>
      Array.from({ length: 10 }, (_, k) => ({
        lessonId,
        parts: [[k * 3, k * 3 + 3]] as Interval[],
        prevAtMs: T0 + k * 5000,
        nowMs: T0 + (k + 1) * 5000,
        rateFactor: 1,
      }));
    for (const [first, second] of [
      ["A", "B"],
      ["B", "A"],
    ]) {
      let state = { creditedUntilMs: 0, spentMs: [] as Interval[] };
      let total = 0;
      for (const lessonId of [first!, second!]) {
        const s = settleClaims({ ...state, coverage: new Map(), claims: claimsOf(lessonId) });
        state = { creditedUntilMs: s.creditedUntilMs, spentMs: s.spentMs };
        total += s.granted.reduce((a, b) => a + b, 0);
      }
      expect(total).toBeCloseTo(50, 6);
    }
  });

  it("two processes that each credited with their own view never grant more than the wall clock allows, each second once (property)", () => {
    fc.assert(
      fc.property(fc.array(beatArb, { maxLength: 60 }), fc.integer({ min: 1, max: 6 }), (beats, flushEvery) => {
        // two processes, each with its own view of the member; tab i's beats go to process `proc`
        const views = [0, 1].map(() => ({
          sessions: [newSession(), newSession()],
          progress: newProgress(),
          budget: 0,
          claims: [] as LessonClaim[],
        }));
        const shared = { budget: 0, spent: [] as Interval[], coverage: new Map<string, readonly Interval[]>() };
        let granted = 0;
        let t = 0;
        let first: number | null = null;
        const pos = [0, 0];
        const settle = (v: (typeof views)[number]) => {
          const s = settleClaims({
            creditedUntilMs: shared.budget,
            spentMs: shared.spent,
            coverage: shared.coverage,
            claims: v.claims,
          });
          shared.budget = s.creditedUntilMs;
          shared.spent = s.spentMs;
          for (const [k, iv] of s.coverage) shared.coverage.set(k, iv);
          granted += s.granted.reduce((a, b) => a + b, 0);
          v.claims = [];
          v.budget = Math.max(v.budget, shared.budget);
          v.progress = { ...v.progress, intervals: [...(shared.coverage.get("L") ?? [])] };
        };
        beats.forEach((b, i) => {
          t += b.dt;
          pos[b.tab] = Math.max(0, Math.min(600, pos[b.tab]! + b.step));
          const v = views[b.proc]!;
          const r = applyHeartbeat({
            session: v.sessions[b.tab]!,
            progress: v.progress,
            creditedUntilMs: v.budget,
            durationSec: 600,
            heartbeat: { seq: i, positionSec: pos[b.tab]!, playing: true, rate: b.rate, visible: true },
            nowMs: T0 + t * 1000,
          });
          v.sessions[b.tab] = r.session;
          v.progress = r.progress;
          v.budget = r.creditedUntilMs;
          if (r.claim) {
            first ??= r.claim.prevAtMs;
            v.claims.push({ ...r.claim, lessonId: "L" });
          }
          if (i % flushEvery === flushEvery - 1) views.forEach(settle);
        });
        views.forEach(settle);
        const wallSec = first === null ? 0 : (T0 + t * 1000 - first) / 1000;
        expect(granted).toBeLessThanOrEqual(wallSec * 2 + 1e-6);
        // one lesson: every granted second is a distinct covered second
        expect(granted).toBeCloseTo(totalLength(shared.coverage.get("L") ?? []), 6);
      }),
    );
  });
});

describe("chinaDate", () => {
  it("puts an instant in its China calendar day and year", () => {
    expect(chinaDate(new Date("2026-12-31T16:30:00Z"))).toEqual({ date: "2027-01-01", year: 2027, month: "2027-01" });
    expect(chinaDate(new Date("2026-12-31T15:59:59Z")).year).toBe(2026);
  });
});
