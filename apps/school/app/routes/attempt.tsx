import { useEffect, useState } from "react";
import { t } from "@dangjian/core/messages";
import { AppShell, Card, PageTitle, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/attempt";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../lib/session.server.ts";
import { SchoolNav, clock, navFor } from "../components/school-nav.tsx";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: pageTitle(data?.attempt.title ?? t("exams.title"), APP) },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const attempt = await callApi(request, () => context.api.school.attempt({ attemptId: params.attemptId }));
  return { user: shellUser(me), nav: navFor(me), attempt };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const answers: Record<string, number[]> = {};
  for (const [key, value] of form.entries()) {
    if (!key.startsWith("q:")) continue;
    const id = key.slice(2);
    (answers[id] ??= []).push(Number(value));
  }
  try {
    const result = await context.api.school.submitAttempt({ attemptId: params.attemptId, answers });
    return { result, error: null };
  } catch (error) {
    return actionError(error, request, { result: null });
  }
}

function Countdown({ seconds }: { seconds: number }) {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setLeft(Math.max(0, seconds - Math.floor((Date.now() - started) / 1000))), 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  return (
    <p className={left === 0 ? "sc-notice" : "dj-muted"} role="timer">
      {left === 0 ? t("exams.timeUpHint") : t("exams.timeLeft", { time: clock(left) })}
    </p>
  );
}

export default function AttemptPage({ loaderData, actionData }: Route.ComponentProps) {
  const { attempt } = loaderData;
  const result =
    actionData?.result ??
    (attempt.submitted
      ? {
          scorePercent: attempt.scorePercent ?? 0,
          passed: attempt.passed ?? false,
          certificateCode: attempt.certificateCode,
        }
      : null);
  return (
    <AppShell app={APP} user={loaderData.user}>
      <SchoolNav current="catalogue" nav={loaderData.nav} />
      <p>
        <a href={`/school/exams/${attempt.examId}`}>← {attempt.title}</a>
      </p>
      <PageTitle title={attempt.title} />
      {actionData?.error ? (
        <p className="sc-notice" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {result ? (
        <Card>
          <p className="sc-result" data-testid="exam-result">
            {t("exams.result", {
              score: result.scorePercent,
              verdict: result.passed ? t("exams.passed") : t("exams.failed"),
            })}
          </p>
          {result.certificateCode ? (
            <p>
              {t("exams.certificate", { code: "" })}
              <span className="sc-code" data-testid="certificate-code">
                {result.certificateCode}
              </span>
              <br />
              <a href={`/school/verify?code=${result.certificateCode}`}>{t("exams.verifyLink")}</a>
            </p>
          ) : null}
        </Card>
      ) : (
        <form method="post">
          <Countdown seconds={attempt.secondsLeft} />
          {attempt.questions.map((q, i) => (
            <fieldset key={q.id} className="sc-question">
              <legend>
                {t("exams.question", { n: i + 1 })}（{t(`school.admin.kind.${q.kind}`)}）
              </legend>
              <p>{q.stem}</p>
              {q.options.map((option, j) => (
                <label key={j}>
                  <input
                    type={q.kind === "MULTIPLE" ? "checkbox" : "radio"}
                    name={`q:${q.id}`}
                    value={j}
                    required={q.kind !== "MULTIPLE"}
                  />
                  {option}
                </label>
              ))}
            </fieldset>
          ))}
          <button type="submit" className="dj-btn dj-btn--primary dj-btn--block">
            {t("exams.submit")}
          </button>
        </form>
      )}
    </AppShell>
  );
}
