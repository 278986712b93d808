// One resource and its limits; order it for one's organisation (点单), its unit then accepts.
import "@dangjian/core/messages/regional";
import { useNavigation } from "react-router";
import { redirect } from "react-router";
import { t } from "@dangjian/core/messages";
import { Badge, Card, formatDateTime, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/resource";
import { actionError, callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { APP } from "../../lib/app.ts";
import { RegionalPage, TakeOnForm } from "../../components/regional-page.tsx";
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
    <RegionalPage
      user={loaderData.user}
      title={resource.title}
      subtitle={t("regional.resourceOf", { org: resource.org.name })}
      answer={actionData}
    >
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
        {resource.orderAs.length > 0 ? <TakeOnForm kind="order" orgs={resource.orderAs} busy={busy} /> : null}
      </div>
    </RegionalPage>
  );
}
