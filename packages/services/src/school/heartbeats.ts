// Heartbeat ingest: the player's heartbeats become credited study seconds (core/crediting).
// Built for thousands of heartbeats a second on two cores: the crediting state of every
// active watch session, member budget and lesson progress lives in this process's memory and
// is written behind, once a second, in one transaction (ADR 0402). A heartbeat costs no
// database round trip once its session is loaded. What a process credited is a claim until its
// flush settles it against the member's budget and coverage in PostgreSQL, under row locks
// (ADR 1001): any number of gateway processes may receive the same member's heartbeats and
// the credited total still stays within wall-clock time, each second credited once. A crash
// loses at most the unflushed second.
import { getLogger, metrics, secondsSince } from "@dangjian/observability";
import { z } from "zod";
import {
  AppError,
  addInterval,
  applyHeartbeat,
  chinaDate,
  WATCH_SESSION,
  normaliseIntervals,
  settleClaims,
  totalLength,
  CREDITING,
  type HeartbeatOutcome,
  type Interval,
  type LessonClaim,
  type ProgressState,
  type SessionState,
} from "@dangjian/core";
import type { Actor } from "../actor.ts";
import type { DbTx } from "@dangjian/db";
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
  touchedMs: number;
}
interface ProgressEntry {
  memberId: string;
  lessonId: string;
  durationSec: number;
  progress: ProgressState;
  /** server time of the heartbeat that set `progress.positionSec` here (0: read from the database) */
  positionAtMs: number;
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
  /** whole seconds to write */
  seconds: number;
}
/** A credit this process gave locally, waiting for its flush to settle it (ADR 1001). */
interface PendingClaim extends LessonClaim {
  branchId: string | null;
}

const IDLE_EVICT_MS = 10 * 60_000;
const pkey = (memberId: string, lessonId: string) => `${memberId}|${lessonId}`;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
/** Coverage as it is stored (milliseconds), so that what is counted is what is read back. */
const roundIntervals = (intervals: readonly Interval[]): Interval[] =>
  intervals.map(([a, b]) => [round3(a), round3(b)] as const).filter(([a, b]) => b > a);
const wholeSeconds = (intervals: readonly Interval[]) => Math.floor(totalLength(intervals) + 1e-6);
/** A flush under a loaded machine may wait for locks held by another process's flush. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 };

interface SessionRow {
  id: string;
  s: SessionState;
  memberId: string;
  lessonId: string;
}
interface ProgressRow {
  memberId: string;
  lessonId: string;
  position: number;
  durationSec: number;
}
/** What one flush writes, snapshotted from memory. */
interface FlushBatch {
  sessionRows: SessionRow[];
  progressRows: Map<string, ProgressRow>;
  claimed: Map<string, PendingClaim[]>;
  /** members with claims, sorted: the lock order */
  members: string[];
  nowDate: Date;
}
/** What the database settled, for this process's view. */
interface Settled {
  budgets: Map<string, number>;
  coverage: Map<string, Interval[]>;
  completedBefore: Set<string>;
  granted: Map<string, PendingCredit>;
}
type StoredBudgets = Map<string, { until: number; spent: Interval[] }>;
type StoredProgress = Map<string, { intervals: Interval[]; completed: boolean }>;

/**
 * One flush, in one transaction: the watch sessions, then under row locks (budgets by member,
 * then progress by member and lesson, the same order in every process) every member's claims
 * settled against what the database holds (ADR 1001), and the credits written.
 */
async function settleFlush(
  tx: DbTx,
  batch: FlushBatch,
  progress: ReadonlyMap<string, ProgressEntry>,
): Promise<Settled> {
  const { progressRows, claimed, members } = batch;
  await writeSessionRows(tx, batch.sessionRows);
  const storedBudget = await lockBudgets(tx, members);
  for (const [memberId, list] of claimed)
    for (const c of list) {
      const key = pkey(memberId, c.lessonId);
      if (!progressRows.has(key)) {
        const entry = progress.get(key);
        progressRows.set(key, {
          memberId,
          lessonId: c.lessonId,
          position: entry?.progress.positionSec ?? 0,
          durationSec: entry?.durationSec ?? 0,
        });
      }
    }
  const keys = [...progressRows.keys()].sort();
  const { storedProgress, completedBefore } = await lockProgress(tx, keys, progressRows);
  const settled = settleClaimsOf(claimed, members, storedBudget, storedProgress);
  await writeBudgets(tx, members, settled);
  await writeProgress(tx, keys, progressRows, storedProgress, settled.coverage, batch.nowDate);
  await writeCredits(tx, settled.granted);
  return { budgets: settled.budgets, coverage: settled.coverage, completedBefore, granted: settled.granted };
}

async function writeSessionRows(tx: DbTx, sessionRows: SessionRow[]) {
  if (sessionRows.length === 0) return;
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

async function lockBudgets(tx: DbTx, members: string[]): Promise<StoredBudgets> {
  // Lock order, the same in every process: budgets by member, then progress by (member, lesson).
  const storedBudget = new Map<string, { until: number; spent: Interval[] }>();
  if (members.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "StudyBudget" ("memberId", "creditedUntil", "updatedAt")
       SELECT m::uuid, to_timestamp(0), now() FROM unnest($1::text[]) AS t(m) ORDER BY m
       ON CONFLICT ("memberId") DO NOTHING`,
      members,
    );
    const rows = await tx.$queryRawUnsafe<Array<{ memberId: string; until: number; spent: unknown }>>(
      `SELECT "memberId"::text AS "memberId", extract(epoch FROM "creditedUntil") * 1000 AS until, spent
       FROM "StudyBudget" WHERE "memberId" = ANY($1::uuid[]) ORDER BY "memberId" FOR UPDATE`,
      members,
    );
    for (const r of rows) storedBudget.set(r.memberId, { until: Number(r.until), spent: normaliseIntervals(r.spent) });
  }
  return storedBudget;
}

async function lockProgress(
  tx: DbTx,
  keys: string[],
  progressRows: Map<string, ProgressRow>,
): Promise<{ storedProgress: StoredProgress; completedBefore: Set<string> }> {
  const completedBefore = new Set<string>();
  const storedProgress = new Map<string, { intervals: Interval[]; completed: boolean }>();
  if (keys.length > 0) {
    const ms = keys.map((k) => progressRows.get(k)!.memberId);
    const ls = keys.map((k) => progressRows.get(k)!.lessonId);
    await tx.$executeRawUnsafe(
      `INSERT INTO "LessonProgress" ("memberId", "lessonId", intervals, "coveredSec", "positionSec", "updatedAt")
       SELECT m::uuid, l::uuid, '[]'::jsonb, 0, 0, now() FROM unnest($1::text[], $2::text[]) AS t(m, l) ORDER BY m, l
       ON CONFLICT ("memberId", "lessonId") DO NOTHING`,
      ms,
      ls,
    );
    const rows = await tx.$queryRawUnsafe<
      Array<{ memberId: string; lessonId: string; intervals: unknown; completed: boolean }>
    >(
      `SELECT p."memberId"::text AS "memberId", p."lessonId"::text AS "lessonId", p.intervals, p."completedAt" IS NOT NULL AS completed
       FROM "LessonProgress" p JOIN unnest($1::uuid[], $2::uuid[]) AS t(m, l) ON p."memberId" = t.m AND p."lessonId" = t.l
       ORDER BY p."memberId", p."lessonId" FOR UPDATE OF p`,
      ms,
      ls,
    );
    for (const r of rows) if (r.completed) completedBefore.add(pkey(r.memberId, r.lessonId));
    for (const r of rows)
      storedProgress.set(pkey(r.memberId, r.lessonId), {
        intervals: normaliseIntervals(r.intervals),
        completed: r.completed,
      });
  }
  return { storedProgress, completedBefore };
}

function settleClaimsOf(
  claimed: Map<string, PendingClaim[]>,
  members: string[],
  storedBudget: StoredBudgets,
  storedProgress: StoredProgress,
) {
  const settledBudgets = new Map<string, number>();
  const settledSpent = new Map<string, Interval[]>();
  const settledCoverage = new Map<string, Interval[]>();
  const granted = new Map<string, PendingCredit>();
  // Settle every member's claims against what the database holds (ADR 1001).
  for (const memberId of members) {
    const list = claimed.get(memberId)!;
    const coverage = new Map<string, Interval[]>();
    for (const c of list) coverage.set(c.lessonId, storedProgress.get(pkey(memberId, c.lessonId))?.intervals ?? []);
    const settled = settleClaims({
      creditedUntilMs: storedBudget.get(memberId)?.until ?? 0,
      spentMs: storedBudget.get(memberId)?.spent ?? [],
      coverage,
      claims: list,
    });
    settledBudgets.set(memberId, settled.creditedUntilMs);
    settledSpent.set(memberId, settled.spentMs);
    // Credited whole seconds follow the stored coverage: floor(after) − floor(before) per
    // lesson, dated by the lesson's newest claim. Summed over flushes this is exactly the
    // whole seconds covered: no fraction carried in memory, nothing lost or written twice
    // when a flush is retried or a process dies.
    const newest = new Map<string, PendingClaim>();
    for (const c of list) {
      const prev = newest.get(c.lessonId);
      if (!prev || c.nowMs >= prev.nowMs) newest.set(c.lessonId, c);
    }
    for (const [lessonId, intervals] of settled.coverage) {
      const rounded = roundIntervals(intervals);
      settledCoverage.set(pkey(memberId, lessonId), rounded);
      const seconds = wholeSeconds(rounded) - wholeSeconds(coverage.get(lessonId) ?? []);
      if (seconds <= 0) continue;
      const c = newest.get(lessonId)!;
      const day = chinaDate(new Date(c.nowMs));
      granted.set(`${memberId}|${lessonId}|${day.date}`, {
        memberId,
        lessonId,
        branchId: c.branchId,
        ...day,
        seconds,
      });
    }
  }
  return { budgets: settledBudgets, spent: settledSpent, coverage: settledCoverage, granted };
}

async function writeBudgets(
  tx: DbTx,
  members: string[],
  settled: { budgets: Map<string, number>; spent: Map<string, Interval[]> },
) {
  const settledBudgets = settled.budgets;
  const settledSpent = settled.spent;
  if (members.length > 0) {
    await tx.$executeRawUnsafe(
      `UPDATE "StudyBudget" b SET "creditedUntil" = to_timestamp(t.u / 1000.0), spent = t.s::jsonb, "updatedAt" = now()
       FROM unnest($1::uuid[], $2::float8[], $3::text[]) AS t(m, u, s) WHERE b."memberId" = t.m`,
      members,
      members.map((m) => settledBudgets.get(m)!),
      members.map((m) => JSON.stringify(settledSpent.get(m) ?? [])),
    );
  }
}

async function writeProgress(
  tx: DbTx,
  keys: string[],
  progressRows: Map<string, ProgressRow>,
  storedProgress: StoredProgress,
  settledCoverage: Map<string, Interval[]>,
  nowDate: Date,
) {
  if (keys.length > 0) {
    const rows = keys.map((key) => {
      const row = progressRows.get(key)!;
      const stored = storedProgress.get(key);
      const intervals = settledCoverage.get(key) ?? stored?.intervals ?? [];
      const covered = totalLength(intervals);
      const completes =
        !stored?.completed && row.durationSec > 0 && covered >= row.durationSec * CREDITING.completionRatio;
      return { ...row, intervals, covered, completedAt: completes ? nowDate.getTime() : null };
    });
    await tx.$executeRawUnsafe(
      `UPDATE "LessonProgress" p SET intervals = t.i::jsonb, "coveredSec" = t.c, "positionSec" = t.p,
         "completedAt" = COALESCE(p."completedAt", CASE WHEN t.d IS NULL THEN NULL ELSE to_timestamp(t.d / 1000.0) END), "updatedAt" = now()
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::float8[], $5::float8[], $6::float8[]) AS t(m, l, i, c, p, d)
       WHERE p."memberId" = t.m AND p."lessonId" = t.l`,
      rows.map((r) => r.memberId),
      rows.map((r) => r.lessonId),
      rows.map((r) =>
        JSON.stringify(r.intervals.map(([a, b]) => [Math.round(a * 1000) / 1000, Math.round(b * 1000) / 1000])),
      ),
      rows.map((r) => r.covered),
      rows.map((r) => r.position),
      rows.map((r) => r.completedAt),
    );
  }
}

async function writeCredits(tx: DbTx, granted: Map<string, PendingCredit>) {
  const creditRows = [...granted.values()].map((c) => ({ c, seconds: c.seconds }));
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
    const touched = new Map<string, { orgId: string; month: string }>();
    for (const { c } of creditRows)
      if (c.branchId) touched.set(`${c.branchId}|${c.month}`, { orgId: c.branchId, month: c.month });
    if (touched.size > 0) await publish(tx, "facts.touch", { keys: [...touched.values()] as never });
  }
}

export interface HeartbeatIngestOptions {
  flushIntervalMs?: number;
}

/**
 * What one process holds in memory (ADR 0402, 1001): the crediting state of its active watch
 * sessions, members' budgets and lesson progress, and the claims its flush has not settled yet.
 */
interface IngestMemory {
  sessions: Map<string, SessionEntry>;
  budgets: Map<string, BudgetEntry>;
  progress: Map<string, ProgressEntry>;
  /** per member: claims not yet settled, in the order they were made */
  claims: Map<string, PendingClaim[]>;
  branchOf: Map<string, string | null>;
  /** session loads in flight, by session id: concurrent first beats share one */
  loading: Map<string, Promise<SessionEntry>>;
  /** Unknown session ids looked up per member in the current minute (each costs a read). */
  lookups: Map<string, { windowStartMs: number; count: number }>;
  /** Budget and progress keys a load is reading: eviction leaves them alone until it is done. */
  pinned: Map<string, number>;
}

function emptyMemory(): IngestMemory {
  return {
    sessions: new Map(),
    budgets: new Map(),
    progress: new Map(),
    claims: new Map(),
    branchOf: new Map(),
    loading: new Map(),
    lookups: new Map(),
    pinned: new Map(),
  };
}

function pin(mem: IngestMemory, key: string) {
  mem.pinned.set(key, (mem.pinned.get(key) ?? 0) + 1);
}

function unpin(mem: IngestMemory, key: string) {
  const n = (mem.pinned.get(key) ?? 1) - 1;
  if (n <= 0) mem.pinned.delete(key);
  else mem.pinned.set(key, n);
}

/** Counts a look-up of an unknown session id; too many in a minute are refused. */
function countLookup(deps: ServiceDeps, mem: IngestMemory, memberId: string) {
  const now = deps.now().getTime();
  const entry = mem.lookups.get(memberId);
  if (!entry || now - entry.windowStartMs >= 60_000) {
    mem.lookups.set(memberId, { windowStartMs: now, count: 1 });
    return;
  }
  entry.count += 1;
  if (entry.count > WATCH_SESSION.lookupsPerMinute)
    throw new AppError("TOO_MANY_REQUESTS", "school.error.tooManyHeartbeatSessions");
}

/** The session of a heartbeat: from memory, or loaded once however many beats ask at the same time. */
async function sessionFor(
  deps: ServiceDeps,
  mem: IngestMemory,
  actor: Actor,
  memberId: string,
  input: HeartbeatInput,
): Promise<SessionEntry> {
  const cached = mem.sessions.get(input.sessionId);
  if (cached) {
    if (cached.memberId !== memberId || cached.lessonId !== input.lessonId)
      throw new AppError("FORBIDDEN", "school.error.sessionMismatch");
    return cached;
  }
  let pending = mem.loading.get(input.sessionId);
  if (!pending) {
    pending = loadSession(deps, mem, { actor, memberId, input }).finally(() => mem.loading.delete(input.sessionId));
    mem.loading.set(input.sessionId, pending);
  }
  const entry = await pending;
  if (entry.memberId !== memberId || entry.lessonId !== input.lessonId)
    throw new AppError("FORBIDDEN", "school.error.sessionMismatch");
  return entry;
}

/** A heartbeat whose session this process does not hold yet, and whose it is. */
interface SessionRequest {
  actor: Actor;
  memberId: string;
  input: HeartbeatInput;
}

async function loadSession(deps: ServiceDeps, mem: IngestMemory, request: SessionRequest): Promise<SessionEntry> {
  const { memberId, input } = request;
  countLookup(deps, mem, memberId);
  const progressKey = pkey(memberId, input.lessonId);
  // The budget and progress this load may find cached must not be evicted while it reads
  // (else it would rebuild them from nothing and the flush would overwrite stored coverage).
  pin(mem, memberId);
  pin(mem, progressKey);
  try {
    return await readSession(deps, mem, request, progressKey);
  } finally {
    unpin(mem, memberId);
    unpin(mem, progressKey);
  }
}

/**
 * Reads a session, and the member's budget and lesson progress unless this process holds them,
 * checks that the member's player opened it, and keeps all three in memory.
 */
async function readSession(
  deps: ServiceDeps,
  mem: IngestMemory,
  { actor, memberId, input }: SessionRequest,
  progressKey: string,
): Promise<SessionEntry> {
  const lesson = await requireLesson(deps, actor, input.lessonId);
  if (lesson.kind !== "VIDEO" || lesson.videoAsset?.status !== "READY")
    throw new AppError("CONFLICT", "school.error.videoNotReady");
  const durationSec = lesson.videoAsset.durationSec ?? lesson.durationSec ?? 0;
  const [stored, budget, prog] = await Promise.all([
    deps.db.watchSession.findUnique({ where: { id: input.sessionId } }),
    mem.budgets.has(memberId) ? null : deps.db.studyBudget.findUnique({ where: { memberId } }),
    mem.progress.has(progressKey)
      ? null
      : deps.db.lessonProgress.findUnique({ where: { memberId_lessonId: { memberId, lessonId: input.lessonId } } }),
  ]);
  if (stored && (stored.memberId !== memberId || stored.lessonId !== input.lessonId))
    throw new AppError("FORBIDDEN", "school.error.sessionMismatch");
  const now = deps.now().getTime();
  // Believed only when this member's player fetched the playlist for this session, recently (ADR 0753).
  if (!stored?.playlistAt || stored.playlistAt.getTime() < now - WATCH_SESSION.openedWithinMs)
    throw new AppError("CONFLICT", "school.error.watchNotOpened");
  rememberBudgetAndProgress(mem, { memberId, lessonId: input.lessonId, progressKey, durationSec, now, budget, prog });
  mem.branchOf.set(memberId, actor.branchId);
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
  mem.sessions.set(input.sessionId, entry);
  return entry;
}

/** Keeps what this process holds (touched now), else what the database said. */
function rememberBudgetAndProgress(
  mem: IngestMemory,
  read: {
    memberId: string;
    lessonId: string;
    progressKey: string;
    durationSec: number;
    now: number;
    budget: { creditedUntil: Date } | null;
    prog: { intervals: unknown; positionSec: number; completedAt: Date | null } | null;
  },
) {
  const { memberId, progressKey, now, budget, prog } = read;
  const cachedBudget = mem.budgets.get(memberId);
  if (cachedBudget) cachedBudget.touchedMs = now;
  else mem.budgets.set(memberId, { creditedUntilMs: budget?.creditedUntil.getTime() ?? 0, touchedMs: now });
  const cachedProgress = mem.progress.get(progressKey);
  if (cachedProgress) cachedProgress.touchedMs = now;
  else {
    mem.progress.set(progressKey, {
      memberId,
      lessonId: read.lessonId,
      durationSec: read.durationSec,
      positionAtMs: 0,
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
}

/**
 * One heartbeat credited against this process's view (core's `applyHeartbeat`), synchronously:
 * no other heartbeat can interleave with this update. What it credited becomes a claim.
 */
function applyInMemory(
  deps: ServiceDeps,
  mem: IngestMemory,
  memberId: string,
  session: SessionEntry,
  input: HeartbeatInput,
): HeartbeatReply {
  const nowDate = deps.now();
  const now = nowDate.getTime();
  const budget = mem.budgets.get(memberId) ?? { creditedUntilMs: 0, touchedMs: now };
  const prog = mem.progress.get(pkey(memberId, input.lessonId));
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
    prog.positionAtMs = now;
    if (result.justCompleted) prog.completedAt = nowDate;
    prog.dirty = true;
  }
  budget.creditedUntilMs = result.creditedUntilMs;
  mem.budgets.set(memberId, budget);
  if (result.claim) {
    const list = mem.claims.get(memberId) ?? [];
    list.push({ ...result.claim, lessonId: input.lessonId, branchId: mem.branchOf.get(memberId) ?? null });
    mem.claims.set(memberId, list);
  }
  return {
    outcome: result.outcome,
    addedSec: result.addedSec,
    coveredSec: Math.round(result.coveredSec * 10) / 10,
    durationSec: session.durationSec,
    completed: result.progress.completed,
  };
}

/**
 * Writes what is dirty and settles the claims (`settleFlush`). The marks and claims are taken now
 * and put back if the transaction fails, so that the next flush retries (memory is still the newest).
 */
async function writeBatch(deps: ServiceDeps, mem: IngestMemory): Promise<number> {
  const dirtySessions = [...mem.sessions.entries()].filter(([, s]) => s.dirty);
  const dirtyProgress = [...mem.progress.values()].filter((p) => p.dirty);
  const claimed = mem.claims;
  if (dirtySessions.length + dirtyProgress.length + claimed.size === 0) return 0;
  mem.claims = new Map();
  const sessionRows: SessionRow[] = dirtySessions.map(([id, s]) => ({
    id,
    s: { ...s.state },
    memberId: s.memberId,
    lessonId: s.lessonId,
  }));
  const progressRows = new Map<string, ProgressRow>();
  for (const p of dirtyProgress)
    progressRows.set(pkey(p.memberId, p.lessonId), {
      memberId: p.memberId,
      lessonId: p.lessonId,
      position: p.progress.positionSec,
      durationSec: p.durationSec,
    });
  for (const [, s] of dirtySessions) s.dirty = false;
  for (const p of dirtyProgress) p.dirty = false;
  const members = [...claimed.keys()].sort();
  const nowDate = deps.now();
  let settled: Settled;
  try {
    settled = await deps.db.$transaction(
      (tx) => settleFlush(tx, { sessionRows, progressRows, claimed, members, nowDate }, mem.progress),
      TX_OPTIONS,
    );
  } catch (error) {
    for (const [, s] of dirtySessions) s.dirty = true;
    for (const p of dirtyProgress) p.dirty = true;
    for (const [memberId, list] of claimed) mem.claims.set(memberId, [...list, ...(mem.claims.get(memberId) ?? [])]);
    throw error;
  }
  adoptSettled(mem, settled);
  return sessionRows.length + settled.budgets.size + progressRows.size + settled.granted.size;
}

/** Committed: what was written leaves the carry, and this process's view follows the settled state. */
function adoptSettled(
  mem: IngestMemory,
  { budgets: settledBudgets, coverage: settledCoverage, completedBefore }: Settled,
) {
  for (const [memberId, until] of settledBudgets) {
    const b = mem.budgets.get(memberId);
    if (b) b.creditedUntilMs = Math.max(b.creditedUntilMs, until);
  }
  for (const [key, intervals] of settledCoverage) {
    const entry = mem.progress.get(key);
    if (!entry) continue;
    // parts another process already had, or that its budget had spent, leave this view;
    // claims made while this flush ran stay until the next one settles them
    let merged = intervals;
    for (const c of mem.claims.get(entry.memberId) ?? [])
      if (c.lessonId === entry.lessonId) for (const part of c.parts) merged = addInterval(merged, part);
    const covered = totalLength(merged);
    const completed =
      completedBefore.has(key) || (entry.durationSec > 0 && covered >= entry.durationSec * CREDITING.completionRatio);
    entry.progress = { ...entry.progress, intervals: merged, completed };
    if (!completed) entry.completedAt = null;
  }
}

/** Forgets what has been idle for ten minutes and is written, unless a load is reading it. */
function evictIdle(deps: ServiceDeps, mem: IngestMemory) {
  const cutoff = deps.now().getTime() - IDLE_EVICT_MS;
  for (const [id, s] of mem.sessions) if (!s.dirty && s.touchedMs < cutoff) mem.sessions.delete(id);
  for (const [key, p] of mem.progress)
    if (!p.dirty && p.touchedMs < cutoff && !mem.pinned.has(key)) mem.progress.delete(key);
  const activeMembers = new Set([...mem.sessions.values()].map((s) => s.memberId));
  for (const [id, b] of mem.budgets)
    if (!mem.claims.has(id) && b.touchedMs < cutoff && !activeMembers.has(id) && !mem.pinned.has(id))
      mem.budgets.delete(id);
  const minuteAgo = deps.now().getTime() - 60_000;
  for (const [id, l] of mem.lookups) if (l.windowStartMs < minuteAgo) mem.lookups.delete(id);
}

/**
 * The ingest of one process: heartbeats credited in memory, written behind and settled once every
 * `flushIntervalMs` (ADR 0402, 1001).
 */
export function createHeartbeatIngest(deps: ServiceDeps, options: HeartbeatIngestOptions = {}) {
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const mem = emptyMemory();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | null = null;
  let stopped = false;

  function ensureTimer() {
    if (timer || stopped) return;
    timer = setInterval(
      () => void flush().catch((error: unknown) => getLogger("school").error({ err: error }, "heartbeat flush failed")),
      flushIntervalMs,
    );
    timer.unref();
  }

  async function record(actor: Actor, input: HeartbeatInput): Promise<HeartbeatReply> {
    const memberId = requireMember(actor);
    const session = await sessionFor(deps, mem, actor, memberId, input);
    const reply = applyInMemory(deps, mem, memberId, session, input);
    ensureTimer();
    return reply;
  }

  /** Writes everything pending; concurrent callers share one flush. */
  async function flush(): Promise<void> {
    if (flushing) return flushing;
    flushing = (async () => {
      const started = process.hrtime.bigint();
      let outcome = "error";
      try {
        await writeBatch(deps, mem);
        evictIdle(deps, mem);
        outcome = "ok";
      } finally {
        metrics.heartbeatFlushDuration.observe({ outcome }, secondsSince(started));
        flushing = null;
      }
    })();
    return flushing;
  }

  return {
    record,
    flush,
    /**
     * A member's progress in a lesson as this process holds it, if it does: its coverage includes
     * its claims not settled yet; `positionAtMs` says when its position was reported here (other
     * gateway processes may hold a newer one: compare with the database, ADR 1001).
     */
    peek(
      memberId: string,
      lessonId: string,
    ): { intervals: Interval[]; positionSec: number; positionAtMs: number; completed: boolean } | null {
      const entry = mem.progress.get(pkey(memberId, lessonId));
      return entry ? { ...entry.progress, positionAtMs: entry.positionAtMs } : null;
    },
    /** Writes everything pending (shutdown). */
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
      if (flushing) await flushing.catch(() => undefined);
      await flush(); // settles the last claims
    },
    stats: () => ({ sessions: mem.sessions.size, members: mem.budgets.size, progress: mem.progress.size }),
  };
}

export type HeartbeatIngest = ReturnType<typeof createHeartbeatIngest>;
