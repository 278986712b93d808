import { Link } from "react-router";
import { t } from "@dangjian/core/messages";
import { AppShell, Card, EmptyState, PageTitle, StatGrid, StatTile, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/home";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { BranchOverview } from "../components/branch-overview.tsx";
import { OrgTree } from "../components/org-tree.tsx";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("branch.homeTitle"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const user = shellUser(me);
  const committeeOrgId = me.committeeOrgId;
  if (committeeOrgId) {
    const subtree = await callApi(request, () => context.api.org.subtree({ rootId: committeeOrgId }));
    return { view: "network" as const, user, subtree, myBranchId: me.branchId };
  }
  if (!me.branchId) return { view: "none" as const, user };
  const overview = await callApi(request, () => context.api.branch.overview({}));
  return { view: "branch" as const, user, overview };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  return <AppShell app={APP} user={loaderData.user}>{renderView(loaderData)}</AppShell>;
}

function renderView(data: Route.ComponentProps["loaderData"]) {
  switch (data.view) {
    case "branch":
      return <BranchOverview overview={data.overview} />;
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
              </>
            }
          />
          <StatGrid>
            <StatTile label={t("branch.networkOrgCount")} value={nodes.length} />
            <StatTile label={t("branch.networkBranchCount")} value={branches} />
            <StatTile label={t("branch.networkMemberCount")} value={root?.subtreeMemberCount ?? 0} />
          </StatGrid>
          <Card title={t("branch.networkTreeLabel")}>
            {nodes.length > 0 ? <OrgTree nodes={nodes} /> : <EmptyState message={t("branch.networkEmpty")} />}
          </Card>
        </>
      );
    }
  }
}
