// One resource and its limits; order it for one's organisation (点单), its unit then accepts.
import "@dangjian/core/messages/regional";
import { Form, Link, useNavigation } from "react-router";
import { redirect } from "react-router";
import { t } from "@dangjian/core/messages";
import {
  AppShell,
  Badge,
  Button,
  Card,
  ErrorPanel,
  PageTitle,
  buttonClass,
  formatDateTime,
  pageTitle,
} from "@dangjian/ui";
import type { Route } from "./+types/resource";
import { APP } from "../../lib/app.ts";
import { actionError, callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import regionalCss from "../../styles/regional.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: regionalCss }];
export const meta: Route.MetaFunction = ({ data: d }) => [
  { title: pageTitle(d?.resource.title ?? t("regional.resources"), APP) },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const resource = await callApi(request, () => context.api.regional.resource({ resourceId: params.resourceId }));
  return { user: shellUser(me), resource };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").trim();
  try {
    const { projectId } = await context.api.regional.order({
      resourceId: params.resourceId,
      orgId: str("orgId"),
      plan: str("plan") || undefined,
    });
    return redirect(`/regional/projects/${projectId}?ordered=1`);
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function ResourcePage({ loaderData, actionData }: Route.ComponentProps) {
  const { resource } = loaderData;
  const busy = useNavigation().state === "submitting";
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={resource.title}
        subtitle={t("regional.resourceOf", { org: resource.org.name })}
        actions={
          <Link className={buttonClass("secondary")} to="/regional">
            {t("common.back")}
          </Link>
        }
      />
      {actionData?.error ? <ErrorPanel title={t("errorPage.conflictTitle")} message={actionData.error} /> : null}
      <div className="dj-stack">
        <Card>
          <p>
            <Badge tone="ok">{t(`regional.category.${resource.category}`)}</Badge>{" "}
            <Badge tone="muted">{t(`regional.kind.${resource.kind}`)}</Badge>
          </p>
          <p className="rg-pre">{resource.description}</p>
          <dl className="rg-facts">
            {resource.limits ? (
              <>
                <dt>{t("regional.field.limits")}</dt>
                <dd>{resource.limits}</dd>
              </>
            ) : null}
            {resource.capacity ? (
              <>
                <dt>{t("regional.field.capacity")}</dt>
                <dd>{t("regional.capacity", { capacity: resource.capacity })}</dd>
              </>
            ) : null}
          </dl>
          <p className="dj-muted">{t("regional.postedAt", { when: formatDateTime(resource.createdAt) })}</p>
        </Card>
        {resource.orderAs.length > 0 ? (
          <Card title={t("regional.order")}>
            <Form method="post" className="dj-form">
              <div className="dj-field">
                <label htmlFor="rg-order-org">{t("regional.orderAs")}</label>
                <select id="rg-order-org" name="orgId" className="dj-input">
                  {resource.orderAs.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="dj-field">
                <label htmlFor="rg-order-plan">{t("regional.plan")}</label>
                <textarea id="rg-order-plan" name="plan" className="dj-input ol-textarea" rows={3} maxLength={4000} />
              </div>
              <Button type="submit" block disabled={busy}>
                {t("regional.order")}
              </Button>
            </Form>
          </Card>
        ) : null}
      </div>
    </AppShell>
  );
}
