// The worker's side of the video pipeline: status moves UPLOADED → PROBING → TRANSCODING
// (percent) → READY | FAILED. No actor: the worker acts for the system.
//
// Attempts and leases (ADR 1041): a transcode attempt claims the asset with a fresh attempt id
// and a lease it renews while it works, and writes its output under hls/<attempt>/. Finishing
// switches the asset to that prefix in one transaction and only then removes every other
// attempt's output, so a reader never sees a half-written ladder and a killed attempt's partial
// files never survive a successful retry. A worker killed mid-transcode stops renewing; once the
// lease has passed, any worker reclaims the asset (reclaimExpired) and pg-boss retries the job.
import { randomUUID } from "node:crypto";
import type { Ladder, SourceInfo } from "@dangjian/core";
import { requireStorage, type ServiceDeps } from "../deps.ts";

export const assetPrefix = (assetId: string) => `videos/${assetId}/`;
/** Every attempt's output lives below this. */
export const hlsRoot = (assetId: string) => `videos/${assetId}/hls/`;
/** One attempt's output. */
export const hlsPrefix = (assetId: string, attempt: string) => `${hlsRoot(assetId)}${attempt}/`;

/** How long an attempt holds its asset without renewing: a dead worker's asset is retried after this. */
export const LEASE_SECONDS = 30;

/** Raised when an attempt finds that its lease has passed to another (it must stop and clean up). */
export class LeaseLost extends Error {
  constructor(assetId: string) {
    super(`transcode lease of ${assetId} lost`);
    this.name = "LeaseLost";
  }
}

const leaseFrom = (deps: ServiceDeps) => new Date(deps.now().getTime() + LEASE_SECONDS * 1000);

/** Uploaded assets not yet processed (the worker's safety net next to the job queue). */
export async function assetsAwaitingProcessing(deps: ServiceDeps): Promise<string[]> {
  const rows = await deps.db.videoAsset.findMany({
    where: { status: { in: ["UPLOADED"] } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: 20,
  });
  return rows.map((r) => r.id);
}

/** Videos uploaded but not yet ready (uploaded, probing, transcoding): the transcode backlog. */
export async function transcodeBacklog(deps: ServiceDeps): Promise<number> {
  return deps.db.videoAsset.count({ where: { status: { in: ["UPLOADED", "PROBING", "TRANSCODING"] } } });
}

export interface Claim {
  sourceKey: string;
  /** this attempt's id: its lease, and the name of its output prefix */
  attempt: string;
  prefix: string;
}

/**
 * Claims an asset for a new attempt; null when there is nothing to do (READY, FAILED, unknown) or
 * another attempt holds a lease that has not passed (that one is alive and will finish).
 */
export async function beginProbe(
  deps: ServiceDeps,
  assetId: string,
  jobId: string | null = null,
): Promise<Claim | null> {
  const attempt = randomUUID();
  const now = deps.now();
  const claimed = await deps.db.videoAsset.updateMany({
    where: {
      id: assetId,
      status: { in: ["UPLOADED", "PROBING", "TRANSCODING"] },
      OR: [{ attempt: null }, { leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    data: {
      status: "PROBING",
      progress: 0,
      failureReason: null,
      attempt,
      leaseUntil: leaseFrom(deps),
      jobId,
    },
  });
  if (claimed.count === 0) return null;
  const asset = await deps.db.videoAsset.findUniqueOrThrow({ where: { id: assetId }, select: { sourceKey: true } });
  return { sourceKey: asset.sourceKey, attempt, prefix: hlsPrefix(assetId, attempt) };
}

/** Extends the attempt's lease; false when it no longer holds the asset. */
export async function renewLease(deps: ServiceDeps, assetId: string, attempt: string): Promise<boolean> {
  const renewed = await deps.db.videoAsset.updateMany({
    where: { id: assetId, attempt, status: { in: ["PROBING", "TRANSCODING"] } },
    data: { leaseUntil: leaseFrom(deps) },
  });
  return renewed.count === 1;
}

export async function beginTranscode(
  deps: ServiceDeps,
  assetId: string,
  attempt: string,
  source: SourceInfo,
): Promise<void> {
  const updated = await deps.db.videoAsset.updateMany({
    where: { id: assetId, attempt },
    data: {
      status: "TRANSCODING",
      progress: 0,
      leaseUntil: leaseFrom(deps),
      durationSec: source.durationSec,
      width: source.width,
      height: source.height,
      fps: source.fps,
    },
  });
  if (updated.count === 0) throw new LeaseLost(assetId);
}

export async function reportProgress(
  deps: ServiceDeps,
  assetId: string,
  attempt: string,
  percent: number,
): Promise<void> {
  await deps.db.videoAsset.updateMany({
    where: { id: assetId, attempt, status: "TRANSCODING" },
    data: { progress: percent },
  });
}

/** Removes what earlier attempts left under the asset's HLS root (everything but `keep`). */
async function removeOtherAttempts(deps: ServiceDeps, assetId: string, keep: string | null): Promise<number> {
  const storage = requireStorage(deps);
  const keys = await storage.list(hlsRoot(assetId));
  let removed = 0;
  for (const key of keys) {
    if (keep && key.startsWith(keep)) continue;
    await storage.remove(key);
    removed++;
  }
  return removed;
}

/**
 * The attempt's output is complete under its prefix: one transaction makes it the asset's
 * (renditions, READY), then every other attempt's output is removed. Throws LeaseLost (and
 * removes its own output) when another attempt took the asset meanwhile.
 */
export async function finishTranscode(
  deps: ServiceDeps,
  assetId: string,
  attempt: string,
  source: SourceInfo,
  ladder: Ladder,
): Promise<void> {
  const prefix = hlsPrefix(assetId, attempt);
  const rungs = [
    ...ladder.video.map((r) => ({ name: r.name, height: r.height, bitrateKbps: r.bitrateKbps })),
    ...(ladder.audioKbps !== null ? [{ name: "audio", height: null, bitrateKbps: ladder.audioKbps }] : []),
  ];
  const won = await deps.db.$transaction(async (tx) => {
    const updated = await tx.videoAsset.updateMany({
      where: { id: assetId, attempt, status: "TRANSCODING" },
      data: {
        status: "READY",
        progress: 100,
        outputPrefix: prefix,
        posterKey: `${prefix}poster.jpg`,
        durationSec: source.durationSec,
        failureReason: null,
        attempt: null,
        leaseUntil: null,
      },
    });
    if (updated.count === 0) return false;
    await tx.rendition.deleteMany({ where: { assetId } });
    await tx.rendition.createMany({
      data: rungs.map((r) => ({
        assetId,
        name: r.name,
        height: r.height,
        bitrateKbps: r.bitrateKbps,
        playlistKey: `${prefix}${r.name}/index.m3u8`,
      })),
    });
    await tx.lesson.updateMany({
      where: { videoAssetId: assetId },
      data: { durationSec: Math.round(source.durationSec) },
    });
    return true;
  });
  if (!won) {
    await requireStorage(deps).removePrefix(prefix);
    throw new LeaseLost(assetId);
  }
  await removeOtherAttempts(deps, assetId, prefix);
}

/** A transcode stopped by a worker shutdown goes back to the queue (the sweep picks UPLOADED up). */
export async function requeueAsset(deps: ServiceDeps, assetId: string, attempt: string | null = null): Promise<void> {
  const updated = await deps.db.videoAsset.updateMany({
    where: { id: assetId, status: { in: ["PROBING", "TRANSCODING"] }, ...(attempt ? { attempt } : {}) },
    data: { status: "UPLOADED", progress: 0, attempt: null, leaseUntil: null, jobId: null },
  });
  if (updated.count === 1 && attempt) await requireStorage(deps).removePrefix(hlsPrefix(assetId, attempt));
}

/**
 * An attempt that failed (pg-boss will retry the job): the lease is given back and its output
 * removed, the status stays, so that the retry can claim the asset and nothing else queues it.
 */
export async function abandonAttempt(deps: ServiceDeps, assetId: string, attempt: string): Promise<void> {
  const updated = await deps.db.videoAsset.updateMany({
    where: { id: assetId, attempt },
    data: { attempt: null, leaseUntil: null },
  });
  if (updated.count === 1) await requireStorage(deps).removePrefix(hlsPrefix(assetId, attempt));
}

/**
 * Assets whose attempt stopped renewing its lease (its worker was killed): the lease is cleared
 * (one reclaimer wins per asset), the dead attempt's partial output is removed, and the caller
 * gets the attempt's job to fail so that pg-boss retries it.
 */
export async function reclaimExpired(
  deps: ServiceDeps,
): Promise<Array<{ assetId: string; jobId: string | null; removedFiles: number }>> {
  const now = deps.now();
  const stale = await deps.db.videoAsset.findMany({
    where: { status: { in: ["PROBING", "TRANSCODING"] }, attempt: { not: null }, leaseUntil: { lt: now } },
    select: { id: true, attempt: true, jobId: true },
    take: 20,
  });
  const reclaimed: Array<{ assetId: string; jobId: string | null; removedFiles: number }> = [];
  for (const asset of stale) {
    const taken = await deps.db.videoAsset.updateMany({
      where: { id: asset.id, attempt: asset.attempt, leaseUntil: { lt: now } },
      data: { attempt: null, leaseUntil: null },
    });
    if (taken.count === 0) continue;
    const removedFiles = await requireStorage(deps).removePrefix(hlsPrefix(asset.id, asset.attempt!));
    reclaimed.push({ assetId: asset.id, jobId: asset.jobId, removedFiles });
  }
  return reclaimed;
}

/** Gives up: the reason is shown to the administrator, and every stored byte of the asset is removed. */
export async function failAsset(deps: ServiceDeps, assetId: string, reason: string): Promise<void> {
  await requireStorage(deps)
    .removePrefix(assetPrefix(assetId))
    .catch(() => 0);
  await deps.db.$transaction([
    deps.db.rendition.deleteMany({ where: { assetId } }),
    deps.db.videoAsset.updateMany({
      where: { id: assetId },
      data: {
        status: "FAILED",
        failureReason: reason.slice(0, 300),
        outputPrefix: null,
        posterKey: null,
        attempt: null,
        leaseUntil: null,
      },
    }),
  ]);
}

/** Back to UPLOADED when a reclaimed asset's job is gone (the sweep then queues it again). */
export async function releaseReclaimed(deps: ServiceDeps, assetId: string): Promise<void> {
  await deps.db.videoAsset.updateMany({
    where: { id: assetId, attempt: null, status: { in: ["PROBING", "TRANSCODING"] } },
    data: { status: "UPLOADED", progress: 0, jobId: null },
  });
}
