// Heartbeat ingest: the player's heartbeats become credited study seconds (core/crediting).
// Built for thousands of heartbeats a second on two cores: the crediting state of every
// active watch session, member budget and lesson progress lives in this process's memory and
// is written behind, once a second, in one transaction of multi-row upserts (ADR 0402). A
// heartbeat costs no database round trip once its session is loaded. A crash loses at most
// the unflushed second; the sequence numbers flushed with it keep replays idempotent.
import { z } from "zod";
import {
  AppError,
  applyHeartbeat,
  chinaDate,
  WATCH_SESSION,
  normaliseIntervals,
  totalLength,
  type HeartbeatOutcome,
  type Interval,
  type ProgressState,
  type SessionState,
} from "@dangjian/core";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { publish } from "../outbox/outbox.ts";
import { requireLesson, requireMember } from "./access.ts";

export const heartbeatInput = z.object({
  lessonId: z.uuid(),
  sessionId: z.uuid(),
  seq: z.number().int().min(0).max(10_000_000),
  positionSec: z.number().finite().min(-1e6).max(1e7),
  playing: z.boolean(),
  rate: z.number().finite().min(0).max(100),
  visible: z.boolean(),
});
export type HeartbeatInput = z.infer<typeof heartbeatInput>;

export interface HeartbeatReply {
  outcome: HeartbeatOutcome;
  addedSec: number;
  coveredSec: number;
  durationSec: number;
  completed: boolean;
}

interface SessionEntry {
  memberId: string;
  lessonId: string;
  durationSec: number;
  state: SessionState;
  dirty: boolean;
  touchedMs: number;
}
interface BudgetEntry {
  creditedUntilMs: number;
  dirty: boolean;
  touchedMs: number;
}
interface ProgressEntry {
  memberId: string;
  lessonId: string;
  progress: ProgressState;
  completedAt: Date | null;
  dirty: boolean;
  touchedMs: number;
}
interface PendingCredit {
  memberId: string;
  lessonId: string;
  branchId: string | null;
  date: string;
  year: number;
  month: string;
  /** seconds not yet written (fraction carried to the next flush) */
  seconds: number;
}

const IDLE_EVICT_MS = 10 * 60_000;

export interface HeartbeatIngestOptions {
  flushIntervalMs?: number;
}

export function createHeartbeatIngest(deps: ServiceDeps, options: HeartbeatIngestOptions = {}) {
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const sessions = new Map<string, SessionEntry>();
  const budgets = new Map<string, BudgetEntry>();
  const progress = new Map<string, ProgressEntry>();
  const credits = new Map<string, PendingCredit>();
  const branchOf = new Map<string, string | null>();
  const loading = new Map<string, Promise<SessionEntry>>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | null = null;
  let stopped = false;

  const pkey = (memberId: string, lessonId: string) => `${memberId}|${lessonId}`;

  /** Unknown session ids looked up per member in the current minute (each costs a read). */
  const lookups = new Map<string, { windowStartMs: number; count: number }>();
  /** Budget and progress keys a load is reading: eviction leaves them alone until it is done. */
  const pinned = new Map<string, number>();
  const pin = (key: string) => pinned.set(key, (pinned.get(key) ?? 0) + 1);
  const unpin = (key: string) => {
    const n = (pinned.get(key) ?? 1) - 1;
    if (n <= 0) pinned.delete(key);
    else pinned.set(key, n);
  };

  function countLookup(memberId: string) {
    const now = deps.now().getTime();
    const entry = lookups.get(memberId);
    if (!entry || now - entry.windowStartMs >= 60_000) {
      lookups.set(memberId, { windowStartMs: now, count: 1 });
      return;
    }
    entry.count += 1;
    if (entry.count > WATCH_SESSION.lookupsPerMinute)
      throw new AppError("TOO_MANY_REQUESTS", "school.error.tooManyHeartbeatSessions");
  }

  async function loadSession(actor: Actor, memberId: string, input: HeartbeatInput): Promise<SessionEntry> {
    countLookup(memberId);
    const progressKey = pkey(memberId, input.lessonId);
    // The budget and progress this load may find cached must not be evicted while it reads
    // (else it would rebuild them from nothing and the flush would overwrite stored coverage).
    pin(memberId);
    pin(progressKey);
    try {
      return await readSession(actor, memberId, input, progressKey);
    } finally {
      unpin(memberId);
      unpin(progressKey);
    }
  }

  async function readSession(
    actor: Actor,
    memberId: string,
    input: HeartbeatInput,
    progressKey: string,
  ): Promise<SessionEntry> {
    const lesson = await requireLesson(deps, actor, input.lessonId);
    if (lesson.kind !== "VIDEO" || lesson.videoAsset?.status !== "READY")
      throw new AppError("CONFLICT", "school.error.videoNotReady");
    const durationSec = lesson.videoAsset.durationSec ?? lesson.durationSec ?? 0;
    const [stored, budget, prog] = await Promise.all([
      deps.db.watchSession.findUnique({ where: { id: input.sessionId } }),
      budgets.has(memberId) ? null : deps.db.studyBudget.findUnique({ where: { memberId } }),
      progress.has(progressKey)
        ? null
        : deps.db.lessonProgress.findUnique({ where: { memberId_lessonId: { memberId, lessonId: input.lessonId } } }),
    ]);
    if (stored && (stored.memberId !== memberId || stored.lessonId !== input.lessonId))
      throw new AppError("FORBIDDEN", "school.error.sessionMismatch");
    const now = deps.now().getTime();
    // Believed only when this member's player fetched the playlist for this session, recently (ADR 0753).
    if (!stored?.playlistAt || stored.playlistAt.getTime() < now - WATCH_SESSION.openedWithinMs)
      throw new AppError("CONFLICT", "school.error.watchNotOpened");
    const cachedBudget = budgets.get(memberId);
    if (cachedBudget) cachedBudget.touchedMs = now;
    else budgets.set(memberId, { creditedUntilMs: budget?.creditedUntil.getTime() ?? 0, dirty: false, touchedMs: now });
    const cachedProgress = progress.get(progressKey);
    if (cachedProgress) cachedProgress.touchedMs = now;
    else {
      progress.set(progressKey, {
        memberId,
        lessonId: input.lessonId,
        progress: {
          intervals: normaliseIntervals(prog?.intervals),
          positionSec: prog?.positionSec ?? 0,
          completed: prog?.completedAt != null,
        },
        completedAt: prog?.completedAt ?? null,
        dirty: false,
        touchedMs: now,
      });
    }
    branchOf.set(memberId, actor.branchId);
    const entry: SessionEntry = {
      memberId,
      lessonId: input.lessonId,
      durationSec,
      state: {
        lastSeq: stored?.lastSeq ?? -1,
        lastPositionSec: stored?.lastPositionSec ?? null,
        lastAcceptedAtMs: stored?.lastAcceptedAt?.getTime() ?? null,
        // after a restart the state between beats is unknown: the next beat re-anchors
        lastPlayingVisible: false,
      },
      dirty: !stored,
      touchedMs: now,
    };
    sessions.set(input.sessionId, entry);
    return entry;
  }

  async function sessionFor(actor: Actor, memberId: string, input: HeartbeatInput): Promise<SessionEntry> {
    const cached = sessions.get(input.sessionId);
    if (cached) {
      if (cached.memberId !== memberId || cached.lessonId !== input.lessonId)
        throw new AppError("FORBIDDEN", "school.error.sessionMismatch");
      return cached;
    }
    let pending = loading.get(input.sessionId);
    if (!pending) {
      pending = loadSession(actor, memberId, input).finally(() => loading.delete(input.sessionId));
      loading.set(input.sessionId, pending);
    }
    const entry = await pending;
    if (entry.memberId !== memberId || entry.lessonId !== input.lessonId)
      throw new AppError("FORBIDDEN", "school.error.sessionMismatch");
    return entry;
  }

  function ensureTimer() {
    if (timer || stopped) return;
    timer = setInterval(
      () => void flush().catch((error: unknown) => console.error("[school] heartbeat flush failed:", error)),
      flushIntervalMs,
    );
    timer.unref();
  }

  async function record(actor: Actor, input: HeartbeatInput): Promise<HeartbeatReply> {
    const memberId = requireMember(actor);
    const session = await sessionFor(actor, memberId, input);
    // Everything below is synchronous: no other heartbeat can interleave with this update.
    const nowDate = deps.now();
    const now = nowDate.getTime();
    const budget = budgets.get(memberId) ?? { creditedUntilMs: 0, dirty: false, touchedMs: now };
    const prog = progress.get(pkey(memberId, input.lessonId));
    if (!prog) throw new Error("progress entry missing");
    const result = applyHeartbeat({
      session: session.state,
      progress: prog.progress,
      creditedUntilMs: budget.creditedUntilMs,
      durationSec: session.durationSec,
      heartbeat: input,
      nowMs: now,
    });
    session.touchedMs = now;
    budget.touchedMs = now;
    prog.touchedMs = now;
    if (result.outcome !== "duplicate") {
      session.state = result.session;
      session.dirty = true;
    }
    if (result.outcome !== "duplicate" && result.outcome !== "out_of_range") {
      prog.progress = result.progress;
      if (result.justCompleted) prog.completedAt = nowDate;
      prog.dirty = true;
    }
    if (result.creditedUntilMs !== budget.creditedUntilMs) {
      budget.creditedUntilMs = result.creditedUntilMs;
      budget.dirty = true;
    }
    budgets.set(memberId, budget);
    if (result.addedSec > 0) {
      const day = chinaDate(nowDate);
      const key = `${memberId}|${input.lessonId}|${day.date}`;
      const credit = credits.get(key) ?? {
        memberId,
        lessonId: input.lessonId,
        branchId: branchOf.get(memberId) ?? null,
        ...day,
        seconds: 0,
      };
      credit.seconds += result.addedSec;
      credits.set(key, credit);
    }
    ensureTimer();
    return {
      outcome: result.outcome,
      addedSec: result.addedSec,
      coveredSec: Math.round(result.coveredSec * 10) / 10,
      durationSec: session.durationSec,
      completed: result.progress.completed,
    };
  }

  async function writeBatch(): Promise<number> {
    const dirtySessions = [...sessions.entries()].filter(([, s]) => s.dirty);
    const dirtyBudgets = [...budgets.entries()].filter(([, b]) => b.dirty);
    const dirtyProgress = [...progress.values()].filter((p) => p.dirty);
    const dueCredits = [...credits.values()].filter((c) => c.seconds >= 1);
    if (dirtySessions.length + dirtyBudgets.length + dirtyProgress.length + dueCredits.length === 0) return 0;
    // Snapshot what is written; marks are cleared only after commit.
    const sessionRows = dirtySessions.map(([id, s]) => ({
      id,
      s: { ...s.state },
      memberId: s.memberId,
      lessonId: s.lessonId,
    }));
    const budgetRows = dirtyBudgets.map(([memberId, b]) => ({ memberId, until: b.creditedUntilMs }));
    const progressRows = dirtyProgress.map((p) => ({
      p,
      intervals: p.progress.intervals.slice(),
      position: p.progress.positionSec,
      completedAt: p.completedAt,
    }));
    const creditRows = dueCredits.map((c) => ({ c, seconds: Math.floor(c.seconds) }));
    for (const [, s] of dirtySessions) s.dirty = false;
    for (const [, b] of dirtyBudgets) b.dirty = false;
    for (const p of dirtyProgress) p.dirty = false;
    for (const { c, seconds } of creditRows) c.seconds -= seconds;
    try {
      await deps.db.$transaction(async (tx) => {
        if (sessionRows.length > 0) {
          await tx.$executeRawUnsafe(
            `INSERT INTO "WatchSession" (id, "memberId", "lessonId", "lastSeq", "lastPositionSec", "lastAcceptedAt", "startedAt")
             SELECT id::uuid, m::uuid, l::uuid, q, p, to_timestamp(a / 1000.0), now()
             FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::float8[], $6::float8[]) AS t(id, m, l, q, p, a)
             ON CONFLICT (id) DO UPDATE SET "lastSeq" = EXCLUDED."lastSeq", "lastPositionSec" = EXCLUDED."lastPositionSec", "lastAcceptedAt" = EXCLUDED."lastAcceptedAt"
             WHERE "WatchSession"."lastSeq" <= EXCLUDED."lastSeq"`,
            sessionRows.map((r) => r.id),
            sessionRows.map((r) => r.memberId),
            sessionRows.map((r) => r.lessonId),
            sessionRows.map((r) => r.s.lastSeq),
            sessionRows.map((r) => r.s.lastPositionSec),
            sessionRows.map((r) => r.s.lastAcceptedAtMs),
          );
        }
        if (budgetRows.length > 0) {
          await tx.$executeRawUnsafe(
            `INSERT INTO "StudyBudget" ("memberId", "creditedUntil", "updatedAt")
             SELECT m::uuid, to_timestamp(u / 1000.0), now() FROM unnest($1::text[], $2::float8[]) AS t(m, u)
             ON CONFLICT ("memberId") DO UPDATE SET "creditedUntil" = GREATEST("StudyBudget"."creditedUntil", EXCLUDED."creditedUntil"), "updatedAt" = now()`,
            budgetRows.map((r) => r.memberId),
            budgetRows.map((r) => r.until),
          );
        }
        if (progressRows.length > 0) {
          await tx.$executeRawUnsafe(
            `INSERT INTO "LessonProgress" ("memberId", "lessonId", intervals, "coveredSec", "positionSec", "completedAt", "updatedAt")
             SELECT m::uuid, l::uuid, i::jsonb, c, p, CASE WHEN d IS NULL THEN NULL ELSE to_timestamp(d / 1000.0) END, now()
             FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[]) AS t(m, l, i, c, p, d)
             ON CONFLICT ("memberId", "lessonId") DO UPDATE SET intervals = EXCLUDED.intervals, "coveredSec" = EXCLUDED."coveredSec",
               "positionSec" = EXCLUDED."positionSec", "completedAt" = COALESCE("LessonProgress"."completedAt", EXCLUDED."completedAt"), "updatedAt" = now()`,
            progressRows.map((r) => r.p.memberId),
            progressRows.map((r) => r.p.lessonId),
            progressRows.map((r) =>
              JSON.stringify(r.intervals.map(([a, b]) => [Math.round(a * 1000) / 1000, Math.round(b * 1000) / 1000])),
            ),
            progressRows.map((r) => totalLength(r.intervals)),
            progressRows.map((r) => r.position),
            progressRows.map((r) => r.completedAt?.getTime() ?? null),
          );
        }
        if (creditRows.length > 0) {
          await tx.$executeRawUnsafe(
            `INSERT INTO "StudyCredit" (id, "memberId", "lessonId", year, "creditedOn", seconds, source, "createdAt")
             SELECT gen_random_uuid(), m::uuid, l::uuid, y, d::date, s, 'LESSON', now()
             FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[]) AS t(m, l, y, d, s)
             ON CONFLICT ("memberId", "lessonId", "creditedOn", source) DO UPDATE SET seconds = "StudyCredit".seconds + EXCLUDED.seconds`,
            creditRows.map((r) => r.c.memberId),
            creditRows.map((r) => r.c.lessonId),
            creditRows.map((r) => r.c.year),
            creditRows.map((r) => r.c.date),
            creditRows.map((r) => r.seconds),
          );
          const keys = new Map<string, { orgId: string; month: string }>();
          for (const { c } of creditRows)
            if (c.branchId) keys.set(`${c.branchId}|${c.month}`, { orgId: c.branchId, month: c.month });
          if (keys.size > 0) await publish(tx, "facts.touch", { keys: [...keys.values()] as never });
        }
      });
    } catch (error) {
      // Put the marks back so the next flush retries (state in memory is still the newest).
      for (const [, s] of dirtySessions) s.dirty = true;
      for (const [, b] of dirtyBudgets) b.dirty = true;
      for (const p of dirtyProgress) p.dirty = true;
      for (const { c, seconds } of creditRows) c.seconds += seconds;
      throw error;
    }
    return sessionRows.length + budgetRows.length + progressRows.length + creditRows.length;
  }

  function evictIdle() {
    const cutoff = deps.now().getTime() - IDLE_EVICT_MS;
    for (const [id, s] of sessions) if (!s.dirty && s.touchedMs < cutoff) sessions.delete(id);
    for (const [key, p] of progress) if (!p.dirty && p.touchedMs < cutoff && !pinned.has(key)) progress.delete(key);
    const activeMembers = new Set([...sessions.values()].map((s) => s.memberId));
    for (const [id, b] of budgets)
      if (!b.dirty && b.touchedMs < cutoff && !activeMembers.has(id) && !pinned.has(id)) budgets.delete(id);
    const minuteAgo = deps.now().getTime() - 60_000;
    for (const [id, l] of lookups) if (l.windowStartMs < minuteAgo) lookups.delete(id);
    for (const [key, c] of credits) if (c.seconds < 1e-9) credits.delete(key);
  }

  /** Writes everything pending; concurrent callers share one flush. */
  async function flush(): Promise<void> {
    if (flushing) return flushing;
    flushing = (async () => {
      try {
        await writeBatch();
        evictIdle();
      } finally {
        flushing = null;
      }
    })();
    return flushing;
  }

  return {
    record,
    flush,
    /** The newest progress of a member in a lesson, if this process holds it (fresher than the database). */
    peek(
      memberId: string,
      lessonId: string,
    ): { intervals: Interval[]; positionSec: number; completed: boolean } | null {
      const entry = progress.get(pkey(memberId, lessonId));
      return entry ? { ...entry.progress } : null;
    },
    /** Writes remaining fractions too (shutdown): a second that was watched is a second. */
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
      for (const c of credits.values()) c.seconds = Math.round(c.seconds);
      await flush();
    },
    stats: () => ({ sessions: sessions.size, members: budgets.size, progress: progress.size }),
  };
}

export type HeartbeatIngest = ReturnType<typeof createHeartbeatIngest>;
