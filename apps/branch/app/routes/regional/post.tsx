// Post a need (需求清单) or a resource (资源清单) for one's own organisation. A plain form.
import "@dangjian/core/messages/regional";
import { Form, useNavigation } from "react-router";
import { redirect } from "react-router";
import { t } from "@dangjian/core/messages";
import { RESOURCE_KINDS, SERVICE_CATEGORIES, type ResourceKindName, type ServiceCategoryName } from "@dangjian/core";
import { Button, Card, Field, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/post";
import { actionError, callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { chinaDay } from "../../lib/orglife.ts";
import { APP } from "../../lib/app.ts";
import { OrgSelect, RegionalPage } from "../../components/regional-page.tsx";
import regionalCss from "../../styles/regional.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: regionalCss }];
export const meta: Route.MetaFunction = ({ data: d }) => [
  { title: pageTitle(t(d?.kind === "resource" ? "regional.postResource" : "regional.postNeed"), APP) },
];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const kind = new URL(request.url).searchParams.get("kind") === "resource" ? ("resource" as const) : ("need" as const);
  const lists = await callApi(request, () => context.api.regional.browse({}));
  return { user: shellUser(me), kind, postAs: lists.postAs, today: chinaDay(new Date()) };
}

const day = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null);
const count = (value: string) => (value === "" ? null : Number.isInteger(Number(value)) ? Number(value) : -1);

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").trim();
  try {
    if (str("kind") === "resource") {
      await context.api.regional.postResource({
        orgId: str("orgId"),
        title: str("title"),
        description: str("description"),
        category: str("category") as ServiceCategoryName,
        kind: str("resourceKind") as ResourceKindName,
        limits: str("limits") || undefined,
        capacity: count(str("capacity")),
      });
      return redirect("/regional?posted=resource");
    }
    const { id } = await context.api.regional.postNeed({
      orgId: str("orgId"),
      title: str("title"),
      description: str("description"),
      category: str("category") as ServiceCategoryName,
      place: str("place"),
      wantedFrom: day(str("wantedFrom")),
      wantedUntil: day(str("wantedUntil")),
      people: count(str("people")),
    });
    return redirect(`/regional/needs/${id}?posted=1`);
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function RegionalPost({ loaderData, actionData }: Route.ComponentProps) {
  const { kind, postAs, today } = loaderData;
  const busy = useNavigation().state === "submitting";
  const title = t(kind === "resource" ? "regional.postResource" : "regional.postNeed");
  return (
    <RegionalPage user={loaderData.user} title={title} answer={actionData}>
      <Card>
        <Form method="post" className="dj-form">
          <input type="hidden" name="kind" value={kind} />
          <OrgSelect id="rg-org" label={t("regional.forOrg")} orgs={postAs} />
          <Field label={t("regional.field.title")} name="title" maxLength={100} />
          <div className="dj-field">
            <label htmlFor="rg-category">{t("regional.field.category")}</label>
            <select id="rg-category" name="category" className="dj-input">
              {SERVICE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`regional.category.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="dj-field">
            <label htmlFor="rg-description">{t("regional.field.description")}</label>
            <textarea
              id="rg-description"
              name="description"
              className="dj-input ol-textarea"
              rows={4}
              maxLength={4000}
            />
          </div>
          {kind === "need" ? (
            <>
              <Field label={t("regional.field.place")} name="place" maxLength={200} />
              <Field label={t("regional.field.wantedFrom")} name="wantedFrom" type="date" min={today} />
              <Field
                label={t("regional.field.wantedUntil")}
                name="wantedUntil"
                type="date"
                min={today}
                hint={t("regional.field.wantedUntilHint")}
              />
              <Field
                label={t("regional.field.people")}
                name="people"
                type="number"
                inputMode="numeric"
                min={1}
                max={500}
              />
            </>
          ) : (
            <>
              <div className="dj-field">
                <label htmlFor="rg-kind">{t("regional.field.kind")}</label>
                <select id="rg-kind" name="resourceKind" className="dj-input">
                  {RESOURCE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`regional.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </div>
              <Field
                label={t("regional.field.limits")}
                name="limits"
                maxLength={500}
                hint={t("regional.field.limitsHint")}
              />
              <Field
                label={t("regional.field.capacity")}
                name="capacity"
                type="number"
                inputMode="numeric"
                min={1}
                hint={t("regional.field.capacityHint")}
              />
            </>
          )}
          <Button type="submit" block disabled={busy}>
            {t("regional.submit")}
          </Button>
        </Form>
      </Card>
    </RegionalPage>
  );
}
