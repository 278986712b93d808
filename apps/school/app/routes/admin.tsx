import { data } from "react-router";
import { t } from "@dangjian/core/messages";
import { AppShell, Card, Field, PageTitle, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/admin";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../lib/session.server.ts";
import { SchoolNav, navFor } from "../components/school-nav.tsx";
import { VideoUpload } from "../components/video-upload.tsx";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("school.admin.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const courses = await callApi(request, () => context.api.school.admin.courses());
  return { user: shellUser(me), nav: navFor(me), courses };
}

const text = (form: FormData, key: string) => String(form.get(key) ?? "").trim();

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const intent = text(form, "intent");
  const api = context.api.school.admin;
  try {
    if (intent === "createCourse") {
      await api.createCourse({
        title: text(form, "title"),
        category: text(form, "category"),
        summary: text(form, "summary") || undefined,
        published: true,
      });
    } else if (intent === "addLesson") {
      await api.addLesson({ courseId: text(form, "courseId"), title: text(form, "title"), kind: "VIDEO" });
    } else if (intent === "addQuestion") {
      const kind = text(form, "kind") as "SINGLE" | "MULTIPLE" | "TRUE_FALSE";
      const options =
        kind === "TRUE_FALSE"
          ? [t("exams.true"), t("exams.false")]
          : text(form, "options")
              .split("\n")
              .map((o) => o.trim())
              .filter(Boolean);
      const answer = text(form, "answer")
        .split(/[,，\s]+/)
        .filter(Boolean)
        .map((n) => Number(n) - 1);
      await api.addQuestion({ courseId: text(form, "courseId"), kind, stem: text(form, "stem"), options, answer });
    } else if (intent === "createExam") {
      await api.createExam({
        courseId: text(form, "courseId"),
        title: text(form, "title"),
        questionCount: Number(text(form, "questionCount")),
        timeLimitSec: Math.round(Number(text(form, "timeLimitMin")) * 60),
        passPercent: Number(text(form, "passPercent")),
        maxAttempts: Number(text(form, "maxAttempts")),
      });
    } else if (intent === "captions") {
      const file = form.get("vtt");
      const vtt = file instanceof File ? await file.text() : "";
      await api.uploadCaptions({ assetId: text(form, "assetId"), vtt });
    } else {
      return data({ ok: false, error: t("error.badInput", { detail: intent }), intent }, { status: 400 });
    }
    return { ok: true, error: null, intent };
  } catch (error) {
    return actionError(error, request, { ok: false, intent });
  }
}

export default function AdminPage({ loaderData, actionData }: Route.ComponentProps) {
  const { courses } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <SchoolNav current="admin" nav={loaderData.nav} />
      <PageTitle title={t("school.admin.title")} />
      {actionData?.error ? (
        <p className="sc-notice" role="alert">
          {actionData.error}
        </p>
      ) : actionData?.ok ? (
        <p className="sc-ok" role="status">
          {t("school.admin.created")}
        </p>
      ) : null}
      <Card title={t("school.admin.links")}>
        <ul className="sc-admin-links">
          <li>
            <a href="/school/admin/offline" className="dj-btn dj-btn--secondary">
              {t("school.nav.offline")}
            </a>
          </li>
          <li>
            <a href="/school/admin/assign" className="dj-btn dj-btn--secondary">
              {t("school.nav.assign")}
            </a>
          </li>
        </ul>
      </Card>
      <Card title={t("school.admin.newCourse")}>
        <form method="post" className="sc-form">
          <input type="hidden" name="intent" value="createCourse" />
          <Field label={t("school.admin.courseTitle")} name="title" required minLength={2} maxLength={80} />
          <Field label={t("school.admin.category")} name="category" required defaultValue="理论学习" />
          <Field label={t("school.admin.summary")} name="summary" />
          <button type="submit" className="dj-btn dj-btn--primary">
            {t("school.admin.create")}
          </button>
        </form>
      </Card>
      {courses.map((course) => (
        <Card key={course.id} title={course.title} className="sc-admin-course">
          <p className="dj-muted">{course.category}</p>
          {course.lessons
            .filter((l) => l.kind === "VIDEO")
            .map((lesson) => (
              <div key={lesson.id} className="sc-admin-lesson" data-lesson-title={lesson.title}>
                <h4>{lesson.title}</h4>
                <VideoUpload
                  lessonId={lesson.id}
                  initial={
                    lesson.asset
                      ? {
                          id: lesson.asset.id,
                          status: lesson.asset.status,
                          progress: lesson.asset.progress,
                          failureReason: lesson.asset.failureReason,
                        }
                      : null
                  }
                />
                {lesson.asset?.status === "READY" ? (
                  <details className="sc-details">
                    <summary>{t("school.admin.captions")}</summary>
                    <form method="post" encType="multipart/form-data" className="sc-form">
                      <input type="hidden" name="intent" value="captions" />
                      <input type="hidden" name="assetId" value={lesson.asset.id} />
                      <input type="file" name="vtt" accept=".vtt,text/vtt" required />
                      <button type="submit" className="dj-btn dj-btn--secondary">
                        {t("school.admin.upload")}
                      </button>
                    </form>
                  </details>
                ) : null}
              </div>
            ))}
          <details className="sc-details">
            <summary>{t("school.admin.addLesson")}</summary>
            <form method="post" className="sc-form">
              <input type="hidden" name="intent" value="addLesson" />
              <input type="hidden" name="courseId" value={course.id} />
              <Field label={t("school.admin.lessonTitle")} name="title" required minLength={2} />
              <button type="submit" className="dj-btn dj-btn--secondary">
                {t("school.admin.add")}
              </button>
            </form>
          </details>
          <details className="sc-details">
            <summary>{t("school.admin.questions", { count: course.questionCount })}</summary>
            <form method="post" className="sc-form">
              <input type="hidden" name="intent" value="addQuestion" />
              <input type="hidden" name="courseId" value={course.id} />
              <label className="dj-field">
                <span>{t("school.admin.questionKind")}</span>
                <select name="kind" defaultValue="SINGLE">
                  <option value="SINGLE">{t("school.admin.kind.SINGLE")}</option>
                  <option value="MULTIPLE">{t("school.admin.kind.MULTIPLE")}</option>
                  <option value="TRUE_FALSE">{t("school.admin.kind.TRUE_FALSE")}</option>
                </select>
              </label>
              <Field label={t("school.admin.stem")} name="stem" required />
              <label className="dj-field">
                <span>{t("school.admin.options")}</span>
                <textarea name="options" rows={4} />
              </label>
              <Field label={t("school.admin.answer")} name="answer" required />
              <button type="submit" className="dj-btn dj-btn--secondary">
                {t("school.admin.addQuestion")}
              </button>
            </form>
          </details>
          <details className="sc-details">
            <summary>{t("school.admin.newExam")}</summary>
            <form method="post" className="sc-form">
              <input type="hidden" name="intent" value="createExam" />
              <input type="hidden" name="courseId" value={course.id} />
              <Field label={t("school.admin.examTitle")} name="title" required />
              <Field
                label={t("school.admin.questionCount")}
                name="questionCount"
                type="number"
                min={1}
                defaultValue={5}
                required
              />
              <Field
                label={t("school.admin.timeLimit")}
                name="timeLimitMin"
                type="number"
                min={1}
                defaultValue={20}
                required
              />
              <Field
                label={t("school.admin.passPercent")}
                name="passPercent"
                type="number"
                min={1}
                max={100}
                defaultValue={60}
                required
              />
              <Field
                label={t("school.admin.maxAttempts")}
                name="maxAttempts"
                type="number"
                min={1}
                defaultValue={3}
                required
              />
              <button type="submit" className="dj-btn dj-btn--secondary">
                {t("school.admin.newExam")}
              </button>
            </form>
          </details>
          {course.exams.length > 0 ? (
            <ul>
              {course.exams.map((e) => (
                <li key={e.id}>
                  <a href={`/school/exams/${e.id}`}>{e.title}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      ))}
    </AppShell>
  );
}
