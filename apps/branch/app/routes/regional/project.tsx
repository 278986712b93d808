// A project (项目清单): the two sides, the plan, its joint activities (planned here through the
// meeting use case, held and checked in on the meeting page), closing with the result once one
// was held, and the holder's evaluation. Plain forms, one per step.
import "@dangjian/core/messages/regional";
import { Form, Link, useNavigation } from "react-router";
import { t } from "@dangjian/core/messages";
import { PROJECT_RATINGS, type ProjectRatingName } from "@dangjian/core";
import { Badge, Button, Card, EmptyState, Field, formatDateTime, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/project";
import { attempt, callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { chinaDateTime, chinaDay } from "../../lib/orglife.ts";
import { data } from "react-router";
import { APP } from "../../lib/app.ts";
import { OrgSelect, RegionalPage } from "../../components/regional-page.tsx";
import regionalCss from "../../styles/regional.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: regionalCss }];
export const meta: Route.MetaFunction = ({ data: d }) => [
  { title: pageTitle(d?.project.title ?? t("regional.project"), APP) },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const project = await callApi(request, () => context.api.regional.project({ projectId: params.projectId }));
  const url = new URL(request.url);
  const notice = url.searchParams.get("claimed")
    ? t("regional.claimed")
    : url.searchParams.get("ordered")
      ? t("regional.ordered")
      : null;
  return { user: shellUser(me), project, notice, today: chinaDay(new Date()) };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").trim();
  const projectId = params.projectId;
  switch (str("intent")) {
    case "decide": {
      const accept = str("accept") === "yes";
      return attempt(request, () => context.api.regional.decide({ projectId, accept }), {
        ok: t(accept ? "regional.accepted" : "regional.declined"),
        intent: "decide",
      });
    }
    case "plan": {
      const plannedStart = chinaDateTime(str("date"), str("start"));
      const plannedEnd = chinaDateTime(str("date"), str("end"));
      if (!plannedStart || !plannedEnd)
        return data(
          { error: t("error.badInput", { detail: t("orglife.fieldDate") }), intent: "plan" },
          { status: 400 },
        );
      return attempt(
        request,
        () =>
          context.api.regional.planActivity({
            projectId,
            hostOrgId: str("hostOrgId"),
            topic: str("topic"),
            plannedStart,
            plannedEnd,
            place: str("place") || undefined,
          }),
        { ok: t("regional.activityPlanned"), intent: "plan" },
      );
    }
    case "close":
      return attempt(request, () => context.api.regional.close({ projectId, result: str("result") }), {
        ok: t("regional.closed"),
        intent: "close",
      });
    case "evaluate":
      return attempt(
        request,
        () =>
          context.api.regional.evaluate({
            projectId,
            rating: str("rating") as ProjectRatingName,
            comment: str("comment") || undefined,
          }),
        {
          ok: t("regional.evaluated"),
          intent: "evaluate",
        },
      );
    default:
      return data({ error: t("error.badInput", { detail: "intent" }) }, { status: 400 });
  }
}

export default function ProjectPage({ loaderData, actionData }: Route.ComponentProps) {
  const { project, notice, today } = loaderData;
  const busy = useNavigation().state === "submitting";
  return (
    <RegionalPage
      user={loaderData.user}
      title={project.title}
      subtitle={t("regional.projectParties", { holder: project.holder.name, provider: project.provider.name })}
      notice={notice}
      answer={actionData}
    >
      <div className="dj-stack">
        <Card>
          <p>
            <Badge tone="party">{t(`regional.category.${project.category}`)}</Badge>{" "}
            <Badge tone={project.status === "ACTIVE" ? "ok" : "muted"}>
              {t(`regional.projectStatus.${project.status}`)}
            </Badge>
          </p>
          <dl className="rg-facts">
            <dt>{t("regional.holder")}</dt>
            <dd>{project.holder.name}</dd>
            <dt>{t("regional.provider")}</dt>
            <dd>{project.provider.name}</dd>
            {project.need ? (
              <>
                <dt>{t("regional.needs")}</dt>
                <dd>
                  <Link to={`/regional/needs/${project.need.id}`}>{project.need.title}</Link>（{project.need.place}）
                </dd>
              </>
            ) : null}
            {project.plan ? (
              <>
                <dt>{t("regional.plan")}</dt>
                <dd className="rg-pre">{project.plan}</dd>
              </>
            ) : null}
            {project.result ? (
              <>
                <dt>{t("regional.result")}</dt>
                <dd className="rg-pre">{project.result}</dd>
              </>
            ) : null}
            {project.rating ? (
              <>
                <dt>{t("regional.evaluate")}</dt>
                <dd>
                  <strong>{t(`regional.rating.${project.rating}`)}</strong>
                  {project.ratingComment ? `：${project.ratingComment}` : ""}
                </dd>
              </>
            ) : null}
          </dl>
          {project.can.decide ? (
            <Form method="post" className="rg-row">
              <input type="hidden" name="intent" value="decide" />
              <Button type="submit" name="accept" value="yes" disabled={busy}>
                {t("regional.accept")}
              </Button>
              <Button type="submit" name="accept" value="no" variant="secondary" disabled={busy}>
                {t("regional.decline")}
              </Button>
            </Form>
          ) : null}
        </Card>

        <Card title={t("regional.activities")}>
          {project.activities.length ? (
            <ul className="rg-list">
              {project.activities.map((a) => (
                <li key={a.id} className="rg-item">
                  <Link to={`/meetings/${a.id}`}>
                    <strong>{a.topic}</strong>
                  </Link>{" "}
                  <Badge tone={a.status === "HELD" ? "ok" : "muted"}>{t(`orglife.status.${a.status}`)}</Badge>
                  <div className="dj-muted">
                    {formatDateTime(a.when)}
                    {a.place ? ` · ${a.place}` : ""}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState message={t("regional.noActivities")} />
          )}
          {project.can.plan ? (
            <Form method="post" className="dj-form">
              <input type="hidden" name="intent" value="plan" />
              <h3>{t("regional.planActivity")}</h3>
              <OrgSelect id="rg-host" label={t("regional.activityHost")} name="hostOrgId" orgs={project.hostable} />
              <Field label={t("regional.activityTopic")} name="topic" required maxLength={200} />
              <Field label={t("regional.activityPlace")} name="place" maxLength={200} />
              <Field label={t("orglife.fieldDate")} name="date" type="date" required defaultValue={today} />
              <Field label={t("regional.activityStart")} name="start" type="time" required />
              <Field label={t("regional.activityEnd")} name="end" type="time" required />
              <Button type="submit" block disabled={busy}>
                {t("regional.planActivity")}
              </Button>
            </Form>
          ) : null}
        </Card>

        {project.can.close ? (
          <Card title={t("regional.close")}>
            <p className="dj-muted">{t("regional.closeHint")}</p>
            <Form method="post" className="dj-form">
              <input type="hidden" name="intent" value="close" />
              <div className="dj-field">
                <label htmlFor="rg-result">{t("regional.result")}</label>
                <textarea id="rg-result" name="result" className="dj-input ol-textarea" rows={3} maxLength={4000} />
              </div>
              <Button type="submit" block disabled={busy}>
                {t("regional.close")}
              </Button>
            </Form>
          </Card>
        ) : null}

        {project.can.evaluate ? (
          <Card title={t("regional.evaluate")}>
            <p className="dj-muted">{t("regional.evaluateHint")}</p>
            <Form method="post" className="dj-form">
              <input type="hidden" name="intent" value="evaluate" />
              <fieldset className="rg-rating">
                <legend>{t("regional.ratingLabel")}</legend>
                {PROJECT_RATINGS.map((r, i) => (
                  <label key={r}>
                    <input type="radio" name="rating" value={r} defaultChecked={i === 0} /> {t(`regional.rating.${r}`)}
                  </label>
                ))}
              </fieldset>
              <div className="dj-field">
                <label htmlFor="rg-comment">{t("regional.ratingComment")}</label>
                <textarea id="rg-comment" name="comment" className="dj-input ol-textarea" rows={3} maxLength={1000} />
              </div>
              <Button type="submit" block disabled={busy}>
                {t("regional.evaluate")}
              </Button>
            </Form>
          </Card>
        ) : null}
      </div>
    </RegionalPage>
  );
}
