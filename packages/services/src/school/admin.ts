// The school administrator's use cases: courses, lessons, and video uploads straight from the
// browser to S3 (presigned multipart parts), resumable and cancellable.
import { z } from "zod";
import { AppError, MAX_VIDEO_BYTES, VIDEO_TYPES, partPlan } from "@dangjian/core";
import type { Actor } from "../actor.ts";
import { requireStorage, type ServiceDeps } from "../deps.ts";
import { outageOf } from "../health.ts";
import { requireSchoolStaff } from "./access.ts";
import { captionText, MAX_BODY_CHARS } from "@dangjian/search";
import { indexInTx } from "../search/documents.ts";

export const createCourseInput = z.object({
  title: z.string().trim().min(2).max(80),
  category: z.string().trim().min(2).max(20),
  summary: z.string().trim().max(500).optional(),
  audienceOrgId: z.uuid().optional(),
  published: z.boolean().default(true),
});
export const addLessonInput = z.object({
  courseId: z.uuid(),
  title: z.string().trim().min(2).max(80),
  kind: z.enum(["VIDEO", "READING"]),
  body: z.string().trim().max(20_000).optional(),
});
export const startUploadInput = z.object({
  lessonId: z.uuid(),
  fileName: z.string().trim().min(1).max(200),
  contentType: z.string().trim().max(100),
  sizeBytes: z.number().int().min(1),
});
export const signPartsInput = z.object({
  assetId: z.uuid(),
  partNumbers: z.array(z.number().int().min(1).max(10_000)).min(1).max(100),
});
export const completeUploadInput = z.object({
  assetId: z.uuid(),
  parts: z
    .array(z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) }))
    .min(1)
    .max(10_000),
});
export const assetInput = z.object({ assetId: z.uuid() });
export const captionInput = z.object({ assetId: z.uuid(), vtt: z.string().max(2_000_000) });

const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|webm|mkv|avi|mpe?g|3gp)$/i;

export async function adminCourses(deps: ServiceDeps, actor: Actor) {
  requireSchoolStaff(actor);
  const courses = await deps.db.course.findMany({
    orderBy: [{ createdAt: "desc" }],
    include: {
      lessons: {
        orderBy: { sortOrder: "asc" },
        include: {
          videoAsset: {
            select: {
              id: true,
              status: true,
              progress: true,
              failureReason: true,
              fileName: true,
              durationSec: true,
              captionKey: true,
            },
          },
        },
      },
      exams: { select: { id: true, title: true, published: true } },
      _count: { select: { questions: true } },
    },
  });
  return courses.map((c) => ({
    id: c.id,
    title: c.title,
    category: c.category,
    published: c.published,
    audienceOrgId: c.audienceOrgId,
    questionCount: c._count.questions,
    exams: c.exams,
    lessons: c.lessons.map((l) => ({
      id: l.id,
      title: l.title,
      kind: l.kind,
      durationSec: l.durationSec,
      asset: l.videoAsset,
    })),
  }));
}

export async function createCourse(deps: ServiceDeps, actor: Actor, input: z.infer<typeof createCourseInput>) {
  requireSchoolStaff(actor);
  if (
    input.audienceOrgId &&
    !(await deps.db.org.findUnique({ where: { id: input.audienceOrgId }, select: { id: true } }))
  ) {
    throw new AppError("NOT_FOUND", "error.orgNotFound");
  }
  const course = await deps.db.$transaction(async (tx) => {
    const created = await tx.course.create({
      data: {
        title: input.title,
        category: input.category,
        summary: input.summary ?? null,
        audienceOrgId: input.audienceOrgId ?? null,
        published: input.published,
        createdById: actor.accountId,
      },
    });
    await indexInTx(tx, [{ type: "course", id: created.id }]);
    return created;
  });
  return { id: course.id };
}

export async function addLesson(deps: ServiceDeps, actor: Actor, input: z.infer<typeof addLessonInput>) {
  requireSchoolStaff(actor);
  const course = await deps.db.course.findUnique({
    where: { id: input.courseId },
    include: { _count: { select: { lessons: true } } },
  });
  if (!course) throw new AppError("NOT_FOUND", "school.error.courseNotFound");
  if (input.kind === "READING" && !input.body) throw new AppError("BAD_INPUT", "school.error.readingBody");
  const lesson = await deps.db.$transaction(async (tx) => {
    const created = await tx.lesson.create({
      data: {
        courseId: course.id,
        title: input.title,
        kind: input.kind,
        body: input.body ?? null,
        sortOrder: course._count.lessons + 1,
      },
    });
    await indexInTx(tx, [{ type: "lesson", id: created.id }]);
    return created;
  });
  return { id: lesson.id };
}

/** Checks type and size before anything is stored; resumes an unfinished upload of the same file. */
export async function startUpload(deps: ServiceDeps, actor: Actor, input: z.infer<typeof startUploadInput>) {
  requireSchoolStaff(actor);
  const storage = requireStorage(deps);
  const typeOk =
    (VIDEO_TYPES as readonly string[]).includes(input.contentType) ||
    (input.contentType === "" && VIDEO_EXTENSIONS.test(input.fileName));
  if (!typeOk || !VIDEO_EXTENSIONS.test(input.fileName)) throw new AppError("BAD_INPUT", "school.error.notVideoType");
  if (input.sizeBytes > MAX_VIDEO_BYTES)
    throw new AppError("BAD_INPUT", "school.error.videoTooLarge", { maxGb: MAX_VIDEO_BYTES / 1024 ** 3 });
  const lesson = await deps.db.lesson.findUnique({ where: { id: input.lessonId }, include: { videoAsset: true } });
  if (!lesson) throw new AppError("NOT_FOUND", "school.error.lessonNotFound");
  if (lesson.kind !== "VIDEO") throw new AppError("BAD_INPUT", "school.error.notVideoLesson");
  const plan = partPlan(input.sizeBytes);
  const existing = lesson.videoAsset;
  if (
    existing &&
    existing.status === "UPLOADING" &&
    existing.uploadId &&
    existing.fileName === input.fileName &&
    Number(existing.sizeBytes) === input.sizeBytes
  ) {
    return { assetId: existing.id, uploadId: existing.uploadId, ...plan, resumed: true };
  }
  const assetId = crypto.randomUUID();
  const sourceKey = `videos/${assetId}/source`;
  const contentType = input.contentType || "video/mp4";
  const uploadId = await storage.createMultipart(sourceKey, contentType);
  await deps.db.$transaction(async (tx) => {
    await tx.videoAsset.create({
      data: {
        id: assetId,
        sourceKey,
        uploadId,
        fileName: input.fileName,
        contentType,
        sizeBytes: BigInt(input.sizeBytes),
        status: "UPLOADING",
        createdById: actor.accountId,
      },
    });
    await tx.lesson.update({ where: { id: lesson.id }, data: { videoAssetId: assetId } });
  });
  return { assetId, uploadId, ...plan, resumed: false };
}

async function uploadingAsset(deps: ServiceDeps, assetId: string) {
  const asset = await deps.db.videoAsset.findUnique({ where: { id: assetId } });
  if (!asset) throw new AppError("NOT_FOUND", "school.error.assetNotFound");
  if (asset.status !== "UPLOADING" || !asset.uploadId) throw new AppError("CONFLICT", "school.error.uploadClosed");
  return { ...asset, uploadId: asset.uploadId };
}

export async function signParts(deps: ServiceDeps, actor: Actor, input: z.infer<typeof signPartsInput>) {
  requireSchoolStaff(actor);
  const storage = requireStorage(deps);
  const asset = await uploadingAsset(deps, input.assetId);
  const { partCount } = partPlan(Number(asset.sizeBytes));
  if (input.partNumbers.some((n) => n > partCount)) throw new AppError("BAD_INPUT", "school.error.partOutOfRange");
  return Promise.all(
    input.partNumbers.map(async (partNumber) => ({
      partNumber,
      url: await storage.signedPartUrl(asset.sourceKey, asset.uploadId, partNumber),
    })),
  );
}

export async function completeUpload(deps: ServiceDeps, actor: Actor, input: z.infer<typeof completeUploadInput>) {
  requireSchoolStaff(actor);
  const storage = requireStorage(deps);
  const asset = await uploadingAsset(deps, input.assetId);
  const { partCount } = partPlan(Number(asset.sizeBytes));
  const numbers = new Set(input.parts.map((p) => p.partNumber));
  if (numbers.size !== partCount || [...numbers].some((n) => n > partCount))
    throw new AppError("BAD_INPUT", "school.error.partsMissing", { count: partCount });
  try {
    await storage.completeMultipart(asset.sourceKey, asset.uploadId, input.parts);
  } catch (error) {
    // A repeated call after a completion whose answer was lost: the object is there in full, so
    // the upload is done, not broken. (head() throws when the store is down.)
    const done = await storage.head(asset.sourceKey);
    if (!done || done.size !== Number(asset.sizeBytes)) {
      // The store failed on its side: nothing changed, the upload stays open and the same call
      // may be repeated (503 with the storage message, ADR 1040) — never "your parts are invalid".
      if (outageOf(error) === "storage") throw error;
      throw new AppError("BAD_INPUT", "school.error.partsInvalid");
    }
  }
  const head = await storage.head(asset.sourceKey);
  if (!head || head.size !== Number(asset.sizeBytes)) {
    await storage.remove(asset.sourceKey).catch(() => {});
    await deps.db.videoAsset.update({
      where: { id: asset.id },
      data: { status: "FAILED", uploadId: null, failureReason: "上传的文件大小与声明不符" },
    });
    throw new AppError("BAD_INPUT", "school.error.sizeMismatch");
  }
  // UPLOADED: the worker picks it up (probe, then transcode).
  await deps.db.videoAsset.update({
    where: { id: asset.id },
    data: { status: "UPLOADED", uploadId: null, progress: 0 },
  });
  return { assetId: asset.id, status: "UPLOADED" as const };
}

/** Cancel: abort the multipart upload, remove whatever was stored, detach from the lesson. */
export async function abortUpload(deps: ServiceDeps, actor: Actor, input: z.infer<typeof assetInput>) {
  requireSchoolStaff(actor);
  const storage = requireStorage(deps);
  const asset = await uploadingAsset(deps, input.assetId);
  await storage.abortMultipart(asset.sourceKey, asset.uploadId);
  await storage.removePrefix(`videos/${asset.id}/`);
  await deps.db.$transaction([
    deps.db.lesson.updateMany({ where: { videoAssetId: asset.id }, data: { videoAssetId: null } }),
    deps.db.videoAsset.update({
      where: { id: asset.id },
      data: { status: "FAILED", uploadId: null, failureReason: "上传已取消" },
    }),
  ]);
  return { assetId: asset.id, status: "FAILED" as const };
}

export async function assetStatus(deps: ServiceDeps, actor: Actor, input: z.infer<typeof assetInput>) {
  requireSchoolStaff(actor);
  const asset = await deps.db.videoAsset.findUnique({
    where: { id: input.assetId },
    include: { renditions: { select: { name: true, height: true, bitrateKbps: true } } },
  });
  if (!asset) throw new AppError("NOT_FOUND", "school.error.assetNotFound");
  return {
    id: asset.id,
    status: asset.status,
    progress: asset.progress,
    failureReason: asset.failureReason,
    durationSec: asset.durationSec,
    renditions: asset.renditions,
  };
}

/** WebVTT captions for a video; checked for the WEBVTT header and stored beside the renditions. */
export async function uploadCaptions(deps: ServiceDeps, actor: Actor, input: z.infer<typeof captionInput>) {
  requireSchoolStaff(actor);
  const storage = requireStorage(deps);
  const asset = await deps.db.videoAsset.findUnique({ where: { id: input.assetId } });
  if (!asset) throw new AppError("NOT_FOUND", "school.error.assetNotFound");
  if (!/^\uFEFF?WEBVTT/.test(input.vtt)) throw new AppError("BAD_INPUT", "school.error.notVtt");
  const key = `videos/${asset.id}/captions.vtt`;
  await storage.put(key, input.vtt, "text/vtt; charset=utf-8");
  // the words said, for search: a lesson is found by a word in its captions (ADR 0603)
  const text = captionText(input.vtt, MAX_BODY_CHARS);
  await deps.db.$transaction(async (tx) => {
    // "" for captions without words: null means "never read" (the backfill of ADR 0605 picks those)
    await tx.videoAsset.update({ where: { id: asset.id }, data: { captionKey: key, captionText: text } });
    const lesson = await tx.lesson.findUnique({ where: { videoAssetId: asset.id }, select: { id: true } });
    if (lesson) await indexInTx(tx, [{ type: "lesson", id: lesson.id }]);
  });
  return { ok: true };
}
