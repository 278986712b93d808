import { Form, Link, useActionData } from "react-router";
import { t } from "@dangjian/core/messages";
import { AppShell, Button, Field, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/org";
import { APP } from "../lib/app.ts";
import { actionError, callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { BranchOverview } from "../components/branch-overview.tsx";
import { CadenceCalendar } from "../components/cadence-calendar.tsx";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: pageTitle(data?.overview.org.name ?? t("app.branch"), APP) },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const overview = await callApi(request, () => context.api.branch.overview({ orgId: params.orgId }));
  const names = await callApi(request, () => context.api.org.names({ orgId: overview.org.id }));
  const requested = new URL(request.url).searchParams.get("view");
  const calendarView: "month" | "quarter" | "year" =
    requested === "quarter" || requested === "year" ? requested : "month";
  // a committee looking at a branch sees the same cadence figures as the branch itself
  const calendar =
    overview.org.kind === "COMMITTEE"
      ? null
      : await callApi(request, () => context.api.orglife.calendar({ orgId: params.orgId }));
  return { user: shellUser(me), overview, names, calendar, calendarView, fromNetwork: me.committeeOrgId !== null };
}

/** A committee admin renames the organisation; the old name is kept and stays findable (ADR 0603). */
export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  try {
    const shortName = String(form.get("shortName") ?? "").trim();
    await context.api.org.rename({
      orgId: params.orgId ?? "",
      name: String(form.get("name") ?? ""),
      shortName: shortName || null,
    });
    return { renamed: t("org.rename.done") };
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function OrgPage({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const { names } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <BranchOverview
        overview={loaderData.overview}
        actions={
          <Link className={buttonClass("secondary")} to="/">
            {loaderData.fromNetwork ? t("branch.backToNetwork") : t("common.back")}
          </Link>
        }
      />
      {names.formerNames.length > 0 ? (
        <p className="ol-home" data-testid="former-names">
          {t("org.rename.formerNames", { names: names.formerNames.map((f) => f.name).join("、") })}
        </p>
      ) : null}
      {names.canRename ? (
        <details className="ol-home">
          <summary>{t("org.rename.title")}</summary>
          <Form method="post">
            <Field
              label={t("org.rename.name")}
              name="name"
              defaultValue={names.name}
              required
              minLength={2}
              maxLength={100}
              error={result && "error" in result ? result.error : null}
            />
            <Field
              label={t("org.rename.shortName")}
              name="shortName"
              defaultValue={names.shortName ?? ""}
              maxLength={30}
            />
            <Button type="submit">{t("org.rename.submit")}</Button>
            {result && "renamed" in result ? <p role="status">{result.renamed}</p> : null}
          </Form>
        </details>
      ) : null}
      {loaderData.calendar ? (
        <div className="ol-home">
          <CadenceCalendar
            calendar={loaderData.calendar}
            view={loaderData.calendarView}
            basePath={`/org/${loaderData.overview.org.id}`}
          />
        </div>
      ) : null}
    </AppShell>
  );
}
