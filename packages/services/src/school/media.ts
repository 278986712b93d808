// Playback: only members who may see the course get playlists, and only through the app,
// which rewrites them so that every segment is a short-lived signed S3 URL.
import { z } from "zod";
import { AppError, WATCH_SESSION } from "@dangjian/core";
import type { Actor } from "../actor.ts";
import { outageOf } from "../health.ts";
import { requireStorage, type ServiceDeps } from "../deps.ts";
import { requireLesson } from "./access.ts";
import type { HeartbeatIngest } from "./heartbeats.ts";

export const SEGMENT_URL_TTL_SEC = 3600;

export const mediaBase = (lessonId: string) => `/api/school/media/${lessonId}/`;

/** One lesson, named (the procedure passes its id). */
export const lessonInput = z.object({ lessonId: z.uuid() });

export async function lessonView(deps: ServiceDeps, ingest: HeartbeatIngest, actor: Actor, lessonId: string) {
  const lesson = await requireLesson(deps, actor, lessonId);
  const storage = deps.storage;
  const asset = lesson.videoAsset;
  // Read your own progress whichever gateway process took your heartbeats (ADR 1001): this
  // process's memory and the newest watch session: the newer position wins.
  const memory = actor.memberId ? ingest.peek(actor.memberId, lesson.id) : null;
  const [stored, session] = actor.memberId
    ? await Promise.all([
        deps.db.lessonProgress.findUnique({
          where: { memberId_lessonId: { memberId: actor.memberId, lessonId: lesson.id } },
        }),
        deps.db.watchSession.findFirst({
          where: { memberId: actor.memberId, lessonId: lesson.id, lastAcceptedAt: { not: null } },
          orderBy: { lastAcceptedAt: "desc" },
          select: { lastPositionSec: true, lastAcceptedAt: true },
        }),
      ])
    : [null, null];
  // (the stored row's position is whichever process flushed last: only a fallback)
  const sessionAt = session?.lastAcceptedAt?.getTime() ?? -1;
  const memoryAt = memory && memory.positionAtMs > 0 ? memory.positionAtMs : -1;
  const positionSec =
    memoryAt >= 0 && memoryAt >= sessionAt
      ? memory!.positionSec
      : sessionAt >= 0
        ? (session!.lastPositionSec ?? 0)
        : (memory?.positionSec ?? stored?.positionSec ?? 0);
  const coveredSec = Math.max(
    memory ? memory.intervals.reduce((s, [a, b]) => s + b - a, 0) : 0,
    stored?.coveredSec ?? 0,
  );
  const ready = lesson.kind === "VIDEO" && asset?.status === "READY";
  const durationSec = asset?.durationSec ?? lesson.durationSec ?? 0;
  const siblings = await deps.db.lesson.findMany({
    where: { courseId: lesson.courseId },
    orderBy: { sortOrder: "asc" },
    select: { id: true, title: true },
  });
  return {
    id: lesson.id,
    title: lesson.title,
    kind: lesson.kind,
    body: lesson.body,
    course: { id: lesson.course.id, title: lesson.course.title },
    lessons: siblings,
    isMember: actor.memberId !== null,
    video: ready
      ? {
          masterUrl: `${mediaBase(lesson.id)}master.m3u8`,
          audioUrl: `${mediaBase(lesson.id)}audio/index.m3u8`,
          posterUrl:
            asset?.posterKey && storage ? await storage.signedGetUrl(asset.posterKey, SEGMENT_URL_TTL_SEC) : null,
          captionsUrl:
            asset?.captionKey && storage ? await storage.signedGetUrl(asset.captionKey, SEGMENT_URL_TTL_SEC) : null,
          durationSec,
        }
      : null,
    videoStatus: lesson.kind === "VIDEO" ? (asset?.status ?? null) : null,
    videoProgress: asset?.progress ?? 0,
    progress: {
      positionSec,
      coveredSec: Math.round(coveredSec * 10) / 10,
      completed: (memory?.completed ?? false) || stored?.completedAt != null,
    },
  };
}

const PLAYLIST_PATH = /^(master\.m3u8|[a-z0-9]{1,12}\/index\.m3u8)$/;

/**
 * Records that this member's player fetched the lesson's playlist for watch session `sessionId`
 * (ADR 0753): heartbeats are believed only for a session opened this way. A new session counts
 * against the member's hourly limit, checked and written under a per-member advisory lock so
 * that concurrent openings through any number of gateways cannot pass it together. A session id
 * already used by another member or lesson is refused. Accounts that are not members (staff
 * previewing) open nothing: they earn no study hours.
 */
export async function openWatch(
  deps: ServiceDeps,
  actor: Actor,
  lessonId: string,
  sessionId: string,
): Promise<{ opened: boolean }> {
  const memberId = actor.memberId;
  if (!memberId) return { opened: false };
  const now = deps.now();
  const hourAgo = new Date(now.getTime() - 3600_000);
  // one batch transaction (no connection held across awaits): the member's lock, then check and write in one statement
  const [, rows] = await deps.db.$transaction([
    deps.db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`watch:${memberId}`}, 0))`,
    deps.db.$queryRaw<Array<{ existing: number; touched: number; inserted: number; recent: number }>>`
      WITH existing AS (SELECT id FROM "WatchSession" WHERE id = ${sessionId}::uuid),
      recent AS (SELECT count(*)::int AS n FROM "WatchSession" WHERE "memberId" = ${memberId}::uuid AND "startedAt" > ${hourAgo}),
      touched AS (
        UPDATE "WatchSession" SET "playlistAt" = ${now}
        WHERE id = ${sessionId}::uuid AND "memberId" = ${memberId}::uuid AND "lessonId" = ${lessonId}::uuid RETURNING id),
      inserted AS (
        INSERT INTO "WatchSession" (id, "memberId", "lessonId", "lastSeq", "startedAt", "playlistAt")
        SELECT ${sessionId}::uuid, ${memberId}::uuid, ${lessonId}::uuid, -1, ${now}, ${now}
        WHERE NOT EXISTS (SELECT 1 FROM existing) AND (SELECT n FROM recent) < ${WATCH_SESSION.newPerHour}
        ON CONFLICT (id) DO NOTHING RETURNING id)
      SELECT (SELECT count(*)::int FROM existing) AS existing, (SELECT count(*)::int FROM touched) AS touched,
             (SELECT count(*)::int FROM inserted) AS inserted, (SELECT n FROM recent) AS recent`,
  ]);
  const row = rows[0]!;
  if (row.inserted === 1) return { opened: true };
  if (row.touched === 1) return { opened: false };
  if (row.existing === 0 && row.recent >= WATCH_SESSION.newPerHour)
    throw new AppError("TOO_MANY_REQUESTS", "school.error.tooManyWatchSessions");
  // someone else's session id (or one of another lesson)
  throw new AppError("FORBIDDEN", "school.error.sessionMismatch");
}

/** Deletes watch sessions with no heartbeat (or opening) for the retention period (worker, hourly). */
export async function purgeWatchSessions(deps: ServiceDeps): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - WATCH_SESSION.retentionMs);
  const gone = await deps.db.watchSession.deleteMany({
    where: {
      startedAt: { lt: cutoff },
      AND: [
        { OR: [{ lastAcceptedAt: null }, { lastAcceptedAt: { lt: cutoff } }] },
        { OR: [{ playlistAt: null }, { playlistAt: { lt: cutoff } }] },
      ],
    },
  });
  return gone.count;
}

/**
 * A playlist of the lesson's video with every URI rewritten: playlists via the app, media signed.
 * With `watchSessionId` (the player's `?ws=`), the fetch opens that watch session (openWatch) and
 * the variant playlists named in the master carry the same id.
 */
export async function playlist(
  deps: ServiceDeps,
  actor: Actor,
  lessonId: string,
  path: string,
  watchSessionId?: string | null,
): Promise<string> {
  if (!PLAYLIST_PATH.test(path)) throw new AppError("NOT_FOUND", "school.error.lessonNotFound");
  const lesson = await requireLesson(deps, actor, lessonId);
  const asset = lesson.videoAsset;
  if (!asset || asset.status !== "READY" || !asset.outputPrefix)
    throw new AppError("CONFLICT", "school.error.videoNotReady");
  if (watchSessionId) await openWatch(deps, actor, lesson.id, watchSessionId);
  const carry = watchSessionId ? `?ws=${watchSessionId}` : "";
  const storage = requireStorage(deps);
  let text: string;
  try {
    text = new TextDecoder().decode(await storage.getBytes(asset.outputPrefix + path));
  } catch (error) {
    // the store is down: say so (503), not "no such lesson" (ADR 1040)
    if (outageOf(error) === "storage") throw error;
    throw new AppError("NOT_FOUND", "school.error.lessonNotFound");
  }
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
  const isMaster = path === "master.m3u8";
  const sign = (uri: string) => storage.signedGetUrl(asset.outputPrefix + dir + uri, SEGMENT_URL_TTL_SEC);
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isMaster) {
      // The audio-only rung is offered by the player's own switch, not mixed into video levels.
      if (line.startsWith("#EXT-X-STREAM-INF") && lines[i + 1]?.startsWith("audio/")) {
        i += 1;
        continue;
      }
      out.push(line && !line.startsWith("#") ? `${mediaBase(lessonId)}${line.trim()}${carry}` : line);
      continue;
    }
    if (line.startsWith("#EXT-X-MAP:")) {
      const match = /URI="([^"]+)"/.exec(line);
      out.push(match ? line.replace(match[0], `URI="${await sign(match[1]!)}"`) : line);
    } else if (line && !line.startsWith("#")) {
      out.push(await sign(line.trim()));
    } else {
      out.push(line);
    }
  }
  return out.join("\n");
}
