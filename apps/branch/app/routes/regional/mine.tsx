// The member's own regional page: 双报到 (report to the community where she lives, her service
// records) and, for a member working away (流动党员), the monthly check-in from the phone and the
// receiving organisation's coming activities. Its own route: no bytes on 我的 (ADR 0903).
import "@dangjian/core/messages/regional";
import { Form, Link, useNavigation } from "react-router";
import { t } from "@dangjian/core/messages";
import { Badge, Button, Card, EmptyState, formatDateTime, formatDay, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/mine";
import { attempt, callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { APP } from "../../lib/app.ts";
import { OrgSelect, RegionalPage } from "../../components/regional-page.tsx";
import regionalCss from "../../styles/regional.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: regionalCss }];
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("regional.dual.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const [report, communities, mobile] = await Promise.all([
    callApi(request, () => context.api.regional.myReport()),
    callApi(request, () => context.api.regional.communities()),
    callApi(request, () => context.api.regional.myMobile()),
  ]);
  return { user: shellUser(me), report, communities, mobile };
}

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  if (String(form.get("intent")) === "checkIn") {
    return attempt(request, () => context.api.regional.mobileCheckIn(), {
      ok: t("regional.mobile.checkedIn", { when: formatDateTime(new Date()) }),
      intent: "checkIn",
    });
  }
  const communityOrgId = String(form.get("communityOrgId") ?? "");
  const name = (await context.api.regional.communities()).find((c) => c.id === communityOrgId)?.name ?? "";
  return attempt(request, () => context.api.regional.report({ communityOrgId }), {
    ok: t("regional.dual.reported", { org: name }),
    intent: "report",
  });
}

export default function RegionalMine({ loaderData, actionData }: Route.ComponentProps) {
  const { report, communities, mobile } = loaderData;
  const busy = useNavigation().state === "submitting";
  const current = report.current;
  return (
    <RegionalPage
      user={loaderData.user}
      title={mobile ? t("regional.mobile.mine") : t("regional.dual.title")}
      back="/"
      answer={actionData}
    >
      <div className="dj-stack">
        {mobile ? (
          <Card title={t("regional.mobile.title")}>
            <p>{t("regional.mobile.away", { destination: mobile.destination })}</p>
            <p>
              {t("regional.mobile.receivedBy", { org: mobile.receivingOrg.name })}{" "}
              <Badge tone={mobile.status === "ACCEPTED" ? "ok" : "warn"}>
                {t(`regional.mobile.status.${mobile.status}`)}
              </Badge>
            </p>
            {mobile.checkedInToday ? (
              <p className="dj-muted">{t("regional.mobile.checkedInToday")}</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="checkIn" />
                <Button type="submit" block disabled={busy}>
                  {t("regional.mobile.checkIn")}
                </Button>
              </Form>
            )}
            <h3>{t("regional.mobile.contacts")}</h3>
            <ul className="rg-list">
              {mobile.contacts.map((c, i) => (
                <li key={i} className="rg-item">
                  {formatDateTime(c.at)} · {t(`regional.mobile.contact.${c.kind}`)}
                </li>
              ))}
            </ul>
            <h3>{t("regional.mobile.activities")}</h3>
            <p className="dj-muted">{t("regional.mobile.activitiesHint")}</p>
            {mobile.activities.length ? (
              <ul className="rg-list">
                {mobile.activities.map((m) => (
                  <li key={m.id} className="rg-item">
                    <Link to={`/meetings/${m.id}`}>{m.topic}</Link>
                    <div className="dj-muted">
                      {formatDateTime(m.plannedStart)}
                      {m.place ? ` · ${m.place}` : ""}
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState message={t("regional.mobile.activitiesNone")} />
            )}
          </Card>
        ) : null}

        <Card title={t("regional.dual.title")}>
          <p className="dj-muted">{t("regional.dual.intro")}</p>
          {current ? (
            <>
              <p>
                {t("regional.dual.myCommunity")}：<strong>{current.community.name}</strong>
              </p>
              <p className="dj-muted">{t("regional.dual.since", { when: formatDay(current.reportedAt) })}</p>
              <h3>{t("regional.dual.myServices")}</h3>
              {current.services.length ? (
                <ul className="rg-list">
                  {current.services.map((s) => (
                    <li key={s.id} className="rg-item">
                      {formatDay(s.servedOn)} · {t("regional.dual.hours", { hours: s.hours })}
                      <div>{s.description}</div>
                    </li>
                  ))}
                </ul>
              ) : (
                <EmptyState message={t("regional.dual.noServices")} />
              )}
            </>
          ) : (
            <EmptyState message={t("regional.dual.none")} />
          )}
          {communities.length ? (
            <Form method="post" className="dj-form">
              <input type="hidden" name="intent" value="report" />
              <OrgSelect
                id="rg-community"
                label={t("regional.dual.pick")}
                name="communityOrgId"
                orgs={communities}
                defaultValue={current?.community.id}
              />
              <Button type="submit" block disabled={busy}>
                {t("regional.dual.submit")}
              </Button>
            </Form>
          ) : null}
        </Card>
      </div>
    </RegionalPage>
  );
}
