import { useEffect } from "react";
import { useRevalidator } from "react-router";
import { t, type MessageKey } from "@dangjian/core/messages";
import { AppShell, PageTitle, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/lesson";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { SchoolNav, navFor } from "../components/school-nav.tsx";
import { Player } from "../components/player.tsx";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: pageTitle(data?.lesson.title ?? t("school.homeTitle"), APP) },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const lesson = await callApi(request, () => context.api.school.lesson({ lessonId: params.lessonId }));
  return { user: shellUser(me), nav: navFor(me), lesson };
}

/** While the video is being uploaded or transcoded, look again every few seconds. */
function Preparing({ status, progress }: { status: string; progress: number }) {
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") void revalidator.revalidate();
    }, 5000);
    return () => clearInterval(timer);
  }, [revalidator]);
  return (
    <p className="sc-notice" role="status" data-testid="video-preparing" data-status={status}>
      {t("school.player.preparing", {
        status: t(`school.admin.status.${status}` as MessageKey, { percent: progress, reason: "" }),
      })}
    </p>
  );
}

export default function LessonPage({ loaderData }: Route.ComponentProps) {
  const { lesson } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <SchoolNav current="catalogue" nav={loaderData.nav} />
      <p>
        <a href={`/school/courses/${lesson.course.id}`}>
          ← {t("school.backToCourse")}：{lesson.course.title}
        </a>
      </p>
      <PageTitle title={lesson.title} />
      {lesson.kind === "READING" ? (
        <>
          <p className="dj-muted">{t("school.readingHint")}</p>
          <div className="sc-reading">{lesson.body}</div>
        </>
      ) : lesson.video ? (
        <Player
          key={lesson.id}
          lessonId={lesson.id}
          masterUrl={lesson.video.masterUrl}
          audioUrl={lesson.video.audioUrl}
          posterUrl={lesson.video.posterUrl}
          captionsUrl={lesson.video.captionsUrl}
          durationSec={lesson.video.durationSec}
          resumeAt={lesson.progress.positionSec}
          canCredit={lesson.isMember}
          coveredSec={lesson.progress.coveredSec}
          completed={lesson.progress.completed}
        />
      ) : lesson.videoStatus && lesson.videoStatus !== "FAILED" ? (
        <Preparing status={lesson.videoStatus} progress={lesson.videoProgress} />
      ) : (
        <p className="sc-notice">{t("school.player.noVideo")}</p>
      )}
      <h2 className="dj-section-title">{t("school.lessonsTitle")}</h2>
      <ul className="sc-lessons">
        {lesson.lessons.map((l) => (
          <li key={l.id}>
            <a href={`/school/lessons/${l.id}`} aria-current={l.id === lesson.id ? "page" : undefined}>
              {l.title}
            </a>
          </li>
        ))}
      </ul>
    </AppShell>
  );
}
