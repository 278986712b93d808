import { t } from "@dangjian/core/messages";
import { AppShell, BarChart, Card, EmptyState, PageTitle, StatGrid, StatTile, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/hours";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { Meter, SchoolNav, navFor } from "../components/school-nav.tsx";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("school.hours.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const yearParam = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(yearParam) && yearParam >= 2000 && yearParam <= 2100 ? yearParam : undefined;
  const [hours, certificates] = await Promise.all([
    callApi(request, () => context.api.school.myHours({ year })),
    callApi(request, () => context.api.school.myCertificates()),
  ]);
  return { user: shellUser(me), nav: navFor(me), hours, certificates };
}

export default function HoursPage({ loaderData }: Route.ComponentProps) {
  const { hours, certificates } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <SchoolNav current="hours" nav={loaderData.nav} />
      <PageTitle title={t("school.hours.title")} subtitle={t("school.hours.intro")} />
      <Card title={t("school.hours.year", { year: hours.year })}>
        <p className="sc-result" data-testid="hours-total">
          {t("school.hours.total", { hours: hours.totalHours, target: hours.targetHours })}
        </p>
        <Meter
          percent={hours.percent}
          ok={hours.percent >= 100}
          label={t("school.hours.total", { hours: hours.totalHours, target: hours.targetHours })}
        />
        <StatGrid>
          <StatTile
            label={t("school.hours.online", { hours: "" }).trim()}
            value={t("school.hours.hoursValue", { hours: hours.onlineHours })}
          />
          <StatTile
            label={t("school.hours.offline", { hours: "" }).trim()}
            value={t("school.hours.hoursValue", { hours: hours.offlineHours })}
          />
        </StatGrid>
      </Card>
      {hours.required.length > 0 ? (
        <Card title={t("school.hours.required")}>
          <ul className="sc-lessons">
            {hours.required.map((r) => (
              <li key={r.courseId}>
                <a href={`/school/courses/${r.courseId}`}>
                  <span>
                    {r.title}
                    <br />
                    <small>
                      {t("school.hours.requiredItem", { done: r.completedLessons, total: r.lessons, due: r.dueOn })}
                    </small>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title={t("school.hours.byCourse")}>
        {hours.byCourse.length > 0 ? (
          <BarChart
            label={t("school.hours.byCourse")}
            items={hours.byCourse.map((c) => ({ key: c.courseId, label: c.title, value: c.hours }))}
            format={(v) => t("school.hours.hoursValue", { hours: v })}
          />
        ) : (
          <EmptyState title={t("school.hours.none")} message={t("school.homeIntro")} />
        )}
      </Card>
      {hours.offline.length > 0 ? (
        <Card title={t("school.hours.offlineList")}>
          <ul>
            {hours.offline.map((o, i) => (
              <li key={i}>
                {o.heldOn} {o.title}：{t("school.hours.hoursValue", { hours: o.hours })}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title={t("school.hours.byYear")}>
        <ul className="dj-chips">
          {hours.years.map((y) => (
            <li key={y.year}>
              <a href={`/school/hours?year=${y.year}`} aria-current={y.year === hours.year ? "true" : undefined}>
                {t("school.hours.year", { year: y.year })}：{t("school.hours.hoursValue", { hours: y.hours })}
              </a>
            </li>
          ))}
        </ul>
      </Card>
      {certificates.length > 0 ? (
        <Card title={t("school.hours.certificates")}>
          <ul>
            {certificates.map((c) => (
              <li key={c.code}>
                {c.title}（{c.issuedOn}）
                <a href={`/school/verify?code=${c.code}`}>{t("school.hours.certificateCode", { code: c.code })}</a>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </AppShell>
  );
}
