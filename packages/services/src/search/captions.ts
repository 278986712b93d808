// Captions uploaded before their words were kept in the database (ADR 0603) live only in S3:
// VideoAsset.captionKey is set, captionText is null. This one-off backfill (ADR 0605) reads each such
// file once, stores its words and re-indexes the lesson that uses the video, in one transaction per
// video. Idempotent: a video whose captionText is set (even to "" for captions without words, or
// whose file is gone) is never picked again, and a video whose captions were uploaded again in the
// meantime is left to that upload.
import { captionText, MAX_BODY_CHARS } from "@dangjian/search";
import { requireStorage, type ServiceDeps } from "../deps.ts";
import { indexInTx } from "./documents.ts";

export interface CaptionBackfill {
  /** videos whose captions now have their words in the database (and whose lesson was re-indexed) */
  indexed: number;
  /** caption files without any words (stored as "") */
  empty: number;
  /** caption files no longer in the store (stored as "": there is nothing to index) */
  missing: number;
  /** videos still waiting (a next call picks them up) */
  remaining: number;
}

const isMissing = (error: unknown) => {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === "NoSuchKey" || e?.Code === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
};

/** Backfills up to `batch` videos; a store that cannot be reached throws (the job retries later). */
export async function backfillCaptions(deps: ServiceDeps, batch = 20): Promise<CaptionBackfill> {
  const storage = requireStorage(deps);
  const due = await deps.db.videoAsset.findMany({
    where: { captionKey: { not: null }, captionText: null },
    orderBy: { id: "asc" },
    take: batch,
    select: { id: true, captionKey: true },
  });
  const result: CaptionBackfill = { indexed: 0, empty: 0, missing: 0, remaining: 0 };
  for (const asset of due) {
    let text = "";
    let missing = false;
    try {
      const bytes = await storage.getBytes(asset.captionKey!);
      text = captionText(new TextDecoder("utf-8").decode(bytes), MAX_BODY_CHARS);
    } catch (error) {
      if (!isMissing(error)) throw error;
      missing = true;
    }
    const done = await deps.db.$transaction(async (tx) => {
      // only if nothing changed since it was read: a new upload wrote its own words already
      const updated = await tx.videoAsset.updateMany({
        where: { id: asset.id, captionKey: asset.captionKey, captionText: null },
        data: { captionText: text },
      });
      if (updated.count === 0) return false;
      const lesson = await tx.lesson.findUnique({ where: { videoAssetId: asset.id }, select: { id: true } });
      if (lesson) await indexInTx(tx, [{ type: "lesson", id: lesson.id }]);
      return true;
    });
    if (!done) continue;
    if (missing) result.missing += 1;
    else if (text === "") result.empty += 1;
    else result.indexed += 1;
  }
  result.remaining = await deps.db.videoAsset.count({ where: { captionKey: { not: null }, captionText: null } });
  return result;
}
