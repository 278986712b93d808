// One need: what, where, when, how many; claim it for one's organisation (接单); for its
// holder, the matching resources and past partners.
import "@dangjian/core/messages/regional";
import { Link, useNavigation } from "react-router";
import { redirect } from "react-router";
import { t } from "@dangjian/core/messages";
import { Badge, Card, EmptyState, formatDateTime, formatDay, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/need";
import { actionError, callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { APP } from "../../lib/app.ts";
import { RegionalPage, TakeOnForm } from "../../components/regional-page.tsx";
import regionalCss from "../../styles/regional.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: regionalCss }];
export const meta: Route.MetaFunction = ({ data: d }) => [
  { title: pageTitle(d?.need.title ?? t("regional.needs"), APP) },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const need = await callApi(request, () => context.api.regional.need({ needId: params.needId }));
  return { user: shellUser(me), need, posted: new URL(request.url).searchParams.get("posted") === "1" };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").trim();
  try {
    const { projectId } = await context.api.regional.claim({
      needId: params.needId,
      orgId: str("orgId"),
      plan: str("plan") || undefined,
    });
    return redirect(`/regional/projects/${projectId}?claimed=1`);
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function NeedPage({ loaderData, actionData }: Route.ComponentProps) {
  const { need, posted } = loaderData;
  const busy = useNavigation().state === "submitting";
  return (
    <RegionalPage
      user={loaderData.user}
      title={need.title}
      subtitle={t("regional.needOf", { org: need.org.name })}
      notice={posted ? t("regional.needPosted") : null}
      answer={actionData}
    >
      <div className="dj-stack">
        <Card>
          <p>
            <Badge tone="party">{t(`regional.category.${need.category}`)}</Badge>{" "}
            <Badge tone={need.status === "OPEN" ? "warn" : "ok"}>{t(`regional.needStatus.${need.status}`)}</Badge>
          </p>
          <p className="rg-pre">{need.description}</p>
          <dl className="rg-facts">
            <dt>{t("regional.field.place")}</dt>
            <dd>{need.place}</dd>
            <dt>{t("regional.field.wantedFrom")}</dt>
            <dd>
              {need.wantedUntil
                ? t("regional.wantedRange", { from: formatDay(need.wantedFrom), until: formatDay(need.wantedUntil) })
                : formatDay(need.wantedFrom)}
            </dd>
            <dt>{t("regional.field.people")}</dt>
            <dd>{t("regional.peopleNeeded", { people: need.people })}</dd>
          </dl>
          <p className="dj-muted">
            {t("regional.postedAt", { when: formatDateTime(need.createdAt) })}
            {need.status === "OPEN" ? ` · ${t("regional.waitedDays", { days: need.waitedDays })}` : ""}
          </p>
          {need.project ? (
            <p>
              <Link to={`/regional/projects/${need.project.id}`}>{t("regional.project")}</Link>：
              {need.project.providerName}
            </p>
          ) : null}
        </Card>

        {need.status === "OPEN" && need.claimAs.length > 0 ? (
          <TakeOnForm kind="claim" orgs={need.claimAs} busy={busy} />
        ) : null}

        <Card title={t("regional.suggestions")}>
          <p className="dj-muted">{t("regional.suggestionsHint")}</p>
          {need.suggestions.resources.length ? (
            <ul className="rg-list">
              {need.suggestions.resources.map((r) => (
                <li key={r.id} className="rg-item">
                  <Link to={`/regional/resources/${r.id}`}>
                    <strong>{r.title}</strong>
                  </Link>
                  <div className="dj-muted">
                    {r.orgName} · {t(`regional.kind.${r.kind}`)}
                  </div>
                  <span className="rg-reasons">
                    {r.reasons.map((reason) => (
                      <Badge key={reason} tone={reason === "workedTogether" ? "party" : "muted"}>
                        {t(`regional.reason.${reason}`)}
                      </Badge>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState message={t("regional.noSuggestions")} />
          )}
          {need.suggestions.partners.length ? (
            <ul className="rg-list">
              {need.suggestions.partners.map((p) => (
                <li key={p.orgId} className="rg-item">
                  {p.name} <Badge tone="party">{t("regional.reason.workedTogether")}</Badge>
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      </div>
    </RegionalPage>
  );
}
