import { Link } from "react-router";
import { t } from "@dangjian/core/messages";
import { AppShell, Card, EmptyState, PageTitle, StatGrid, StatTile, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/home";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { BranchOverview } from "../components/branch-overview.tsx";
import { OrgTree } from "../components/org-tree.tsx";
import { canAnywhere, roleHasPermission } from "@dangjian/core";
import { CadenceCalendar } from "../components/cadence-calendar.tsx";
import { MeetingList } from "../components/meeting-list.tsx";
import { LedgerLinks } from "../components/home-links.tsx";
import { ledgerNavItems } from "../lib/nav.ts";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("branch.homeTitle"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const user = shellUser(me);
  const committeeOrgId = me.committeeOrgId;
  if (committeeOrgId) {
    const subtree = await callApi(request, () => context.api.org.subtree({ rootId: committeeOrgId }));
    const canTune = canAnywhere(me.grants, "rules.tune");
    const canLink = canAnywhere(me.grants, "link.manage");
    const canRegional = canAnywhere(me.grants, "regional.browse");
    return {
      view: "network" as const,
      user,
      subtree,
      myBranchId: me.branchId,
      canTune,
      canLink,
      canRegional,
      ledgerNav: ledgerNavItems(me),
    };
  }
  if (!me.branchId) return { view: "none" as const, user };
  const branchId = me.branchId;
  const requested = new URL(request.url).searchParams.get("view");
  const calendarView: "month" | "quarter" | "year" =
    requested === "quarter" || requested === "year" ? requested : "month";
  const [overview, calendar, meetings] = await Promise.all([
    callApi(request, () => context.api.branch.overview({})),
    callApi(request, () => context.api.orglife.calendar({})),
    callApi(request, () => context.api.orglife.list({})),
  ]);
  const canManage = me.grants.some((g) => g.orgId === branchId && roleHasPermission(g.role, "meeting.manage"));
  // every member: officers browse the region's lists; members report (双报到) and check in (流动党员)
  const canRegional = true;
  const regionalPath = canAnywhere(me.grants, "regional.browse") ? "/regional" : "/regional/mine";
  return {
    view: "branch" as const,
    user,
    overview,
    calendar,
    calendarView,
    meetings,
    canManage,
    canRegional,
    regionalPath,
    ledgerNav: ledgerNavItems(me),
  };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  return (
    <AppShell app={APP} user={loaderData.user}>
      {renderView(loaderData)}
    </AppShell>
  );
}

function renderView(data: Route.ComponentProps["loaderData"]) {
  switch (data.view) {
    case "branch":
      return (
        <>
          <BranchOverview
            overview={data.overview}
            actions={
              <>
                <Link className={buttonClass("secondary")} to="/me">
                  {t("orglife.meLink")}
                </Link>
                <Link className={buttonClass("secondary")} to="/partners">
                  {t("orglife.partnersLink")}
                </Link>
                {data.canRegional ? (
                  <Link className={buttonClass("secondary")} to={data.regionalPath}>
                    {t("orglife.regionalLink")}
                  </Link>
                ) : null}
              </>
            }
          />
          <div className="dj-stack ol-home">
            <CadenceCalendar calendar={data.calendar} view={data.calendarView} basePath="/" />
            <MeetingList
              list={data.meetings}
              actions={
                data.canManage ? (
                  <Link className={buttonClass("primary")} to="/meetings/new">
                    {t("orglife.planMeeting")}
                  </Link>
                ) : null
              }
            />
            <LedgerLinks items={data.ledgerNav} />
          </div>
        </>
      );
    case "none":
      return (
        <>
          <PageTitle title={t("app.branch")} />
          <EmptyState title={t("branch.noBranchTitle")} message={t("branch.noBranchMessage")} />
        </>
      );
    case "network": {
      const { nodes } = data.subtree;
      const root = nodes.find((n) => n.id === data.subtree.rootId) ?? nodes[0];
      const branches = nodes.filter((n) => n.kind === "BRANCH" || n.kind === "JOINT_BRANCH").length;
      return (
        <>
          <PageTitle
            title={t("branch.networkTitle", { org: root?.name ?? "" })}
            subtitle={t("branch.networkIntro")}
            actions={
              <>
                <Link className={buttonClass("primary")} to="/dashboard">
                  {t("warnings.dashboard.title")}
                </Link>
                {data.myBranchId ? (
                  <Link className={buttonClass("secondary")} to={`/org/${data.myBranchId}`}>
                    {t("branch.myBranch")}
                  </Link>
                ) : null}
                {data.myBranchId ? (
                  <Link className={buttonClass("secondary")} to="/me">
                    {t("orglife.meLink")}
                  </Link>
                ) : null}
                {data.canTune ? (
                  <Link className={buttonClass("secondary")} to="/rules">
                    {t("orglife.rulesLink")}
                  </Link>
                ) : null}
                {data.canLink ? (
                  <Link className={buttonClass("secondary")} to="/partners">
                    {t("orglife.partnersLink")}
                  </Link>
                ) : null}
                {data.canRegional ? (
                  <Link className={buttonClass("secondary")} to="/regional">
                    {t("orglife.regionalLink")}
                  </Link>
                ) : null}
              </>
            }
          />
          <StatGrid>
            <StatTile label={t("branch.networkOrgCount")} value={nodes.length} />
            <StatTile label={t("branch.networkBranchCount")} value={branches} />
            <StatTile label={t("branch.networkMemberCount")} value={root?.subtreeMemberCount ?? 0} />
          </StatGrid>
          <LedgerLinks items={data.ledgerNav} />
          <Card title={t("branch.networkTreeLabel")}>
            {nodes.length > 0 ? <OrgTree nodes={nodes} /> : <EmptyState message={t("branch.networkEmpty")} />}
          </Card>
        </>
      );
    }
  }
}
