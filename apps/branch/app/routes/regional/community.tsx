// 双报到 for officers: the community's list of reported members (with the form to record a
// service), and the home branch's summary of where its members reported and how much they served.
import "@dangjian/core/messages/regional";
import { Form, useNavigation } from "react-router";
import { data } from "react-router";
import { t } from "@dangjian/core/messages";
import { Button, Card, EmptyState, Field, formatDay, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/community";
import { attempt, callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { chinaDay } from "../../lib/orglife.ts";
import { APP } from "../../lib/app.ts";
import { RegionalPage } from "../../components/regional-page.tsx";
import regionalCss from "../../styles/regional.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: regionalCss }];
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("regional.dual.link"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const orgId = new URL(request.url).searchParams.get("orgId") ?? me.branchId;
  // an account without a branch of its own names one (?orgId=)
  if (!orgId) throw data(t("error.forbidden"), { status: 403 });
  const [roster, summary] = await Promise.all([
    callApi(request, () => context.api.regional.roster({ orgId })),
    callApi(request, () => context.api.regional.homeSummary({ orgId })),
  ]);
  return { user: shellUser(me), roster, summary, today: chinaDay(new Date()) };
}

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").trim();
  const day = str("servedOn");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
    return data({ error: t("regional.error.serviceDate"), intent: "service" }, { status: 400 });
  const hours = Number(str("hours"));
  return attempt(
    request,
    () =>
      context.api.regional.recordService({
        reportId: str("reportId"),
        servedOn: new Date(`${day}T00:00:00Z`),
        hours: Number.isFinite(hours) ? hours : 0,
        description: str("description"),
      }),
    { ok: t("regional.dual.recorded"), intent: "service" },
  );
}

export default function CommunityPage({ loaderData, actionData }: Route.ComponentProps) {
  const { roster, summary, today } = loaderData;
  const busy = useNavigation().state === "submitting";
  return (
    <RegionalPage
      user={loaderData.user}
      title={t("regional.dual.link")}
      subtitle={roster?.org.name}
      answer={actionData}
    >
      <div className="dj-stack">
        {roster ? (
          <Card title={t("regional.dual.roster")}>
            {roster.members.length ? (
              <ul className="rg-list" aria-label={t("regional.dual.roster")}>
                {roster.members.map((m) => (
                  <li key={m.reportId} className="rg-item" data-member={m.name}>
                    <strong>{m.name}</strong>
                    <div className="dj-muted">
                      {t("regional.dual.rosterRow", {
                        unit: m.homeBranch,
                        when: formatDay(m.reportedAt),
                        count: m.servicesThisYear,
                        hours: m.hoursThisYear,
                      })}
                    </div>
                    {roster.canRecord ? (
                      <details>
                        <summary>{t("regional.dual.record")}</summary>
                        <Form method="post" className="dj-form" aria-label={`${t("regional.dual.record")} ${m.name}`}>
                          <input type="hidden" name="reportId" value={m.reportId} />
                          <Field
                            label={t("regional.dual.servedOn")}
                            name="servedOn"
                            type="date"
                            defaultValue={today}
                            max={today}
                          />
                          <Field
                            label={t("regional.dual.serviceHours")}
                            name="hours"
                            type="number"
                            inputMode="decimal"
                            step="0.5"
                            min="0.5"
                            max="12"
                            defaultValue="2"
                          />
                          <Field label={t("regional.dual.serviceWhat")} name="description" maxLength={1000} />
                          <Button type="submit" disabled={busy}>
                            {t("regional.dual.record")}
                          </Button>
                        </Form>
                      </details>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState message={t("regional.dual.rosterNone")} />
            )}
          </Card>
        ) : null}
        {summary ? (
          <Card title={t("regional.dual.homeSummary", { year: summary.year })}>
            {summary.members.length ? (
              <ul className="rg-list">
                {summary.members.map((m) => (
                  <li key={`${m.memberId}-${String(m.reportedAt)}`} className="rg-item">
                    <strong>{m.name}</strong>
                    {m.active ? null : <span className="dj-muted">{t("regional.dual.homeEnded")}</span>}
                    <div className="dj-muted">
                      {t("regional.dual.homeRow", { community: m.community, count: m.services, hours: m.hours })}
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState message={t("regional.dual.homeNone")} />
            )}
          </Card>
        ) : null}
      </div>
    </RegionalPage>
  );
}
