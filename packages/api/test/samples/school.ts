import type { Samples, SampleContext } from "./types.ts";

/** A published course with a reading lesson, a question and an exam, made once per test file. */
let fixture: Promise<{ courseId: string; lessonId: string; examId: string; videoLessonId: string }> | undefined;
function schoolFixture({ t }: SampleContext) {
  fixture ??= (async () => {
    const db = t.services.deps.db;
    const course = await db.course.create({ data: { title: "样例课程", category: "理论学习", published: true } });
    const lesson = await db.lesson.create({
      data: { courseId: course.id, title: "样例图文", kind: "READING", body: "正文" },
    });
    const videoLesson = await db.lesson.create({ data: { courseId: course.id, title: "样例视频", kind: "VIDEO" } });
    await db.question.create({
      data: { courseId: course.id, kind: "TRUE_FALSE", stem: "样例判断题", options: ["正确", "错误"], answer: [0] },
    });
    const exam = await db.exam.create({
      data: {
        courseId: course.id,
        title: "样例考试",
        questionCount: 1,
        timeLimitSec: 600,
        passPercent: 60,
        maxAttempts: 3,
        published: true,
      },
    });
    return { courseId: course.id, lessonId: lesson.id, examId: exam.id, videoLessonId: videoLesson.id };
  })();
  return fixture;
}

/** An open multipart upload (a real one on the test S3 server). */
async function uploadingAsset(ctx: SampleContext): Promise<string> {
  const storage = ctx.t.services.deps.storage!;
  const id = crypto.randomUUID();
  const key = `videos/${id}/source`;
  const uploadId = await storage.createMultipart(key, "video/mp4");
  await ctx.t.services.deps.db.videoAsset.create({
    data: {
      id,
      sourceKey: key,
      uploadId,
      fileName: "a.mp4",
      contentType: "video/mp4",
      sizeBytes: BigInt(10),
      status: "UPLOADING",
    },
  });
  return id;
}

export const schoolSamples: Samples = {
  "school.catalogue": { input: () => ({}), unscoped: true },
  "school.course": { input: async (_o, ctx) => ({ courseId: (await schoolFixture(ctx)).courseId }), unscoped: true },
  "school.lesson": { input: async (_o, ctx) => ({ lessonId: (await schoolFixture(ctx)).lessonId }), unscoped: true },
  "school.exam": { input: async (_o, ctx) => ({ examId: (await schoolFixture(ctx)).examId }), unscoped: true },
  "school.compliance": { input: (orgId) => ({ orgId }) },
  "school.assignCourse": {
    input: async (orgId, ctx) => ({ orgId, courseId: (await schoolFixture(ctx)).courseId, dueOn: "2099-12-31" }),
  },
  "school.admin.courses": { input: () => undefined, unscoped: true },
  "school.admin.createCourse": { input: () => ({ title: "新课程", category: "理论学习" }), unscoped: true },
  "school.admin.addLesson": {
    input: async (_o, ctx) => ({ courseId: (await schoolFixture(ctx)).courseId, title: "新课时", kind: "VIDEO" }),
    unscoped: true,
  },
  "school.admin.startUpload": {
    input: async (_o, ctx) => ({
      lessonId: (await schoolFixture(ctx)).videoLessonId,
      fileName: "课程.mp4",
      contentType: "video/mp4",
      sizeBytes: 1000,
    }),
    unscoped: true,
  },
  "school.admin.signParts": {
    input: async (_o, ctx) => ({ assetId: await uploadingAsset(ctx), partNumbers: [1] }),
    unscoped: true,
  },
  "school.admin.completeUpload": {
    // a real part is uploaded first, so completing succeeds
    input: async (_o, ctx) => {
      const storage = ctx.t.services.deps.storage!;
      const assetId = await uploadingAsset(ctx);
      const asset = await ctx.t.services.deps.db.videoAsset.findUniqueOrThrow({ where: { id: assetId } });
      const url = await storage.signedPartUrl(asset.sourceKey, asset.uploadId!, 1);
      const put = await fetch(url, { method: "PUT", body: new Uint8Array(10) });
      return { assetId, parts: [{ partNumber: 1, etag: put.headers.get("etag")! }] };
    },
    unscoped: true,
  },
  "school.admin.abortUpload": { input: async (_o, ctx) => ({ assetId: await uploadingAsset(ctx) }), unscoped: true },
  "school.admin.assetStatus": { input: async (_o, ctx) => ({ assetId: await uploadingAsset(ctx) }), unscoped: true },
  "school.admin.uploadCaptions": {
    input: async (_o, ctx) => ({
      assetId: await uploadingAsset(ctx),
      vtt: "WEBVTT\n\n00:00.000 --> 00:02.000\n党课\n",
    }),
    unscoped: true,
  },
  "school.admin.addQuestion": {
    input: async (_o, ctx) => ({
      courseId: (await schoolFixture(ctx)).courseId,
      kind: "SINGLE",
      stem: "选择题",
      options: ["甲", "乙"],
      answer: [1],
    }),
    unscoped: true,
  },
  "school.admin.createExam": {
    input: async (_o, ctx) => ({
      courseId: (await schoolFixture(ctx)).courseId,
      title: "考试",
      questionCount: 1,
      timeLimitSec: 600,
      passPercent: 60,
      maxAttempts: 2,
    }),
    unscoped: true,
  },
};
