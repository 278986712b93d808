// The worker's side of the video pipeline: status moves UPLOADED → PROBING → TRANSCODING
// (percent) → READY | FAILED. No actor: the worker acts for the system. Every step can be
// repeated (a retried job starts again from the source; partial output is cleaned first).
import type { Ladder, SourceInfo } from "@dangjian/core";
import { requireStorage, type ServiceDeps } from "../deps.ts";

export const assetPrefix = (assetId: string) => `videos/${assetId}/`;
export const hlsPrefix = (assetId: string) => `videos/${assetId}/hls/`;

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

/** Claims an asset for probing; null when there is nothing to do (already READY/FAILED or unknown). */
export async function beginProbe(deps: ServiceDeps, assetId: string): Promise<{ sourceKey: string } | null> {
  const asset = await deps.db.videoAsset.findUnique({ where: { id: assetId } });
  if (!asset || !["UPLOADED", "PROBING", "TRANSCODING"].includes(asset.status)) return null;
  await deps.db.videoAsset.update({
    where: { id: assetId },
    data: { status: "PROBING", progress: 0, failureReason: null },
  });
  return { sourceKey: asset.sourceKey };
}

export async function beginTranscode(deps: ServiceDeps, assetId: string, source: SourceInfo): Promise<void> {
  // Partial output of an earlier attempt goes first.
  await requireStorage(deps).removePrefix(hlsPrefix(assetId));
  await deps.db.$transaction([
    deps.db.rendition.deleteMany({ where: { assetId } }),
    deps.db.videoAsset.update({
      where: { id: assetId },
      data: {
        status: "TRANSCODING",
        progress: 0,
        durationSec: source.durationSec,
        width: source.width,
        height: source.height,
        fps: source.fps,
      },
    }),
  ]);
}

export async function reportProgress(deps: ServiceDeps, assetId: string, percent: number): Promise<void> {
  await deps.db.videoAsset.updateMany({ where: { id: assetId, status: "TRANSCODING" }, data: { progress: percent } });
}

export async function finishTranscode(
  deps: ServiceDeps,
  assetId: string,
  source: SourceInfo,
  ladder: Ladder,
): Promise<void> {
  const prefix = hlsPrefix(assetId);
  const rungs = [
    ...ladder.video.map((r) => ({ name: r.name, height: r.height, bitrateKbps: r.bitrateKbps })),
    ...(ladder.audioKbps !== null ? [{ name: "audio", height: null, bitrateKbps: ladder.audioKbps }] : []),
  ];
  await deps.db.$transaction(async (tx) => {
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
    await tx.videoAsset.update({
      where: { id: assetId },
      data: {
        status: "READY",
        progress: 100,
        outputPrefix: prefix,
        posterKey: `${prefix}poster.jpg`,
        durationSec: source.durationSec,
        failureReason: null,
      },
    });
    await tx.lesson.updateMany({
      where: { videoAssetId: assetId },
      data: { durationSec: Math.round(source.durationSec) },
    });
  });
}

/** A transcode stopped by a worker shutdown goes back to the queue (the sweep picks UPLOADED up). */
export async function requeueAsset(deps: ServiceDeps, assetId: string): Promise<void> {
  await deps.db.videoAsset.updateMany({
    where: { id: assetId, status: { in: ["PROBING", "TRANSCODING"] } },
    data: { status: "UPLOADED", progress: 0 },
  });
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
      data: { status: "FAILED", failureReason: reason.slice(0, 300), outputPrefix: null, posterKey: null },
    }),
  ]);
}
