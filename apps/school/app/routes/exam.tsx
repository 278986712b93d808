import { redirect } from "react-router";
import { t } from "@dangjian/core/messages";
import { AppShell, Card, PageTitle, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/exam";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../lib/session.server.ts";
import { SchoolNav, navFor } from "../components/school-nav.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: pageTitle(data?.exam.title ?? t("exams.title"), APP) }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const exam = await callApi(request, () => context.api.school.exam({ examId: params.examId }));
  return { user: shellUser(me), nav: navFor(me), exam };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  try {
    const { attemptId } = await context.api.school.startExam({ examId: params.examId });
    return redirect(`/attempts/${attemptId}`);
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function ExamPage({ loaderData, actionData }: Route.ComponentProps) {
  const { exam } = loaderData;
  const canStart =
    loaderData.nav.member &&
    !exam.attempts.some((a) => a.passed) &&
    (exam.openAttemptId !== null || exam.attemptsUsed < exam.maxAttempts);
  return (
    <AppShell app={APP} user={loaderData.user}>
      <SchoolNav current="catalogue" nav={loaderData.nav} />
      <p>
        <a href={`/school/courses/${exam.courseId}`}>← {t("school.backToCourse")}</a>
      </p>
      <PageTitle title={exam.title} />
      <Card>
        <p>
          {t("exams.rules", {
            count: exam.questionCount,
            minutes: Math.round(exam.timeLimitSec / 60),
            pass: exam.passPercent,
            max: exam.maxAttempts,
            used: exam.attemptsUsed,
          })}
        </p>
        {actionData?.error ? (
          <p className="sc-notice" role="alert">
            {actionData.error}
          </p>
        ) : null}
        {canStart ? (
          <form method="post">
            <button type="submit" className="dj-btn dj-btn--primary">
              {exam.openAttemptId ? t("exams.continue") : t("exams.start")}
            </button>
          </form>
        ) : null}
        <ul>
          {exam.attempts.map((a) => (
            <li key={a.id}>
              {t("exams.attemptRow", {
                n: a.number,
                result: a.submitted
                  ? t("exams.result", {
                      score: a.scorePercent ?? 0,
                      verdict: a.passed ? t("exams.passed") : t("exams.failed"),
                    })
                  : a.expired
                    ? t("exams.attemptExpired")
                    : t("exams.attemptOpen"),
              })}
              {a.certificateCode ? (
                <>
                  {" "}
                  <a href={`/school/verify?code=${a.certificateCode}`}>
                    {t("exams.certificate", { code: a.certificateCode })}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
    </AppShell>
  );
}
