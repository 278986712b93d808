import { Link } from "react-router";
import { t } from "@dangjian/core/messages";
import { AppShell, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/org";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { BranchOverview } from "../components/branch-overview.tsx";
import { CadenceCalendar } from "../components/cadence-calendar.tsx";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: pageTitle(data?.overview.org.name ?? t("app.branch"), APP) },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const overview = await callApi(request, () => context.api.branch.overview({ orgId: params.orgId }));
  const requested = new URL(request.url).searchParams.get("view");
  const calendarView: "month" | "quarter" | "year" = requested === "quarter" || requested === "year" ? requested : "month";
  // a committee looking at a branch sees the same cadence figures as the branch itself
  const calendar = overview.org.kind === "COMMITTEE" ? null : await callApi(request, () => context.api.orglife.calendar({ orgId: params.orgId }));
  return { user: shellUser(me), overview, calendar, calendarView, fromNetwork: me.committeeOrgId !== null };
}

export default function OrgPage({ loaderData }: Route.ComponentProps) {
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
      {loaderData.calendar ? (
        <div className="ol-home">
          <CadenceCalendar calendar={loaderData.calendar} view={loaderData.calendarView} basePath={`/org/${loaderData.overview.org.id}`} />
        </div>
      ) : null}
    </AppShell>
  );
}
