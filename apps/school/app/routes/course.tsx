import { t } from "@dangjian/core/messages";
import { AppShell, Badge, Card, PageTitle, buttonClass, minutesFromSeconds, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/course";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { Meter, SchoolNav, navFor } from "../components/school-nav.tsx";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: pageTitle(data?.course.title ?? t("school.homeTitle"), APP) },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const course = await callApi(request, () => context.api.school.course({ courseId: params.courseId }));
  return { user: shellUser(me), nav: navFor(me), course };
}

export default function CoursePage({ loaderData }: Route.ComponentProps) {
  const { course } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <SchoolNav current="catalogue" nav={loaderData.nav} />
      <PageTitle title={course.title} subtitle={course.summary ?? undefined} />
      <Card title={t("school.lessonsTitle")}>
        <ul className="sc-lessons">
          {course.lessons.map((lesson) => (
            <li key={lesson.id}>
              <a href={`/school/lessons/${lesson.id}`}>
                <span>
                  {lesson.title}
                  <br />
                  <small className="dj-muted">
                    {lesson.kind === "VIDEO" ? t("school.lessonVideo") : t("school.lessonReading")}
                    {lesson.kind === "VIDEO" && lesson.durationSec > 0
                      ? ` · ${t("school.courseDuration", { minutes: minutesFromSeconds(lesson.durationSec) })}`
                      : ""}
                  </small>
                  {lesson.kind === "VIDEO" && lesson.durationSec > 0 ? (
                    <Meter
                      percent={(lesson.coveredSec / lesson.durationSec) * 100}
                      ok={lesson.completed}
                      label={lesson.title}
                    />
                  ) : null}
                </span>
                <span>
                  {lesson.completed ? (
                    <Badge tone="ok">{t("school.lessonDone")}</Badge>
                  ) : !lesson.ready ? (
                    <Badge tone="muted">{t("school.lessonNotReady")}</Badge>
                  ) : lesson.coveredSec > 0 ? (
                    <Badge tone="warn">
                      {t("school.lessonWatched", { minutes: minutesFromSeconds(lesson.coveredSec) })}
                    </Badge>
                  ) : null}
                </span>
              </a>
            </li>
          ))}
        </ul>
      </Card>
      {course.exams.length > 0 ? (
        <Card title={t("school.examsTitle")}>
          <ul className="sc-lessons">
            {course.exams.map((exam) => (
              <li key={exam.id}>
                <a href={`/school/exams/${exam.id}`}>
                  <span>{exam.title}</span>
                  <span className={buttonClass("secondary")}>{t("school.examOpen")}</span>
                </a>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </AppShell>
  );
}
