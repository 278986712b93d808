// 党费欠缴: consecutive unpaid months per member (names only for secretaries and committees),
// and for a committee, one line per branch of its subtree.
import { Link } from "react-router";
import { t } from "@dangjian/core/messages";
import {
  AppShell,
  Card,
  DataTable,
  EmptyState,
  PageTitle,
  Pager,
  StatGrid,
  StatTile,
  formatMonth,
  pageParam,
  pageTitle,
  withPage,
} from "@dangjian/ui";
import type { Route } from "./+types/arrears";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { ledgerLinks, LedgerNav } from "../../components/ledger-nav.tsx";
import { ledgerNavItems } from "../../lib/nav.ts";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("dues.arrearsTitle"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const url = new URL(request.url);
  const orgId = url.searchParams.get("org") ?? undefined;
  const arrears = await callApi(request, () => context.api.dues.arrears({ orgId, page: pageParam(url) }));
  return { user: shellUser(me), nav: ledgerNavItems(me), arrears, url: url.toString() };
}

export default function Arrears({ loaderData }: Route.ComponentProps) {
  const { arrears } = loaderData;
  const url = new URL(loaderData.url);
  const pager = <Pager page={arrears.page.page} pages={arrears.page.pages} href={(n) => withPage(url, n)} />;
  const months = (n: number) => t("common.months", { count: n });
  return (
    <AppShell app={APP} user={loaderData.user}>
      <LedgerNav items={loaderData.nav} />
      <PageTitle title={t("dues.arrearsTitle")} subtitle={arrears.org.name} />
      <p className="dj-muted">{t("dues.arrearsIntro")}</p>
      <StatGrid>
        <StatTile label={t("dues.arrearsMembers")} value={t("common.people", { count: arrears.count })} />
        <StatTile label={t("dues.arrearsSixPlus")} value={t("common.people", { count: arrears.sixPlus })} />
      </StatGrid>
      {arrears.count === 0 ? (
        <EmptyState message={t("dues.arrearsNone")} />
      ) : arrears.org.isCommittee && arrears.branches.length > 0 ? (
        // a committee: one line per branch, names after drilling down (lists are paged)
        <Card title={t("dues.arrearsBranch")}>
          <DataTable
            caption={t("dues.arrearsBranch")}
            captionHidden
            rowKey={(r) => r.orgId}
            rows={arrears.branches}
            columns={[
              {
                key: "name",
                header: t("dues.arrearsBranch"),
                cell: (r) => <Link to={`/dues/arrears?org=${r.orgId}`}>{r.name}</Link>,
              },
              {
                key: "members",
                header: t("dues.arrearsMembers"),
                numeric: true,
                cell: (r) => t("common.people", { count: r.members }),
              },
              { key: "longest", header: t("dues.arrearsLongest"), numeric: true, cell: (r) => months(r.longest) },
              {
                key: "six",
                header: t("dues.arrearsSixPlus"),
                numeric: true,
                cell: (r) => t("common.people", { count: r.sixPlus }),
              },
            ]}
          />
          {pager}
        </Card>
      ) : arrears.members.length === 0 ? (
        <p>{t("branch.arrearsCountOnly", { count: arrears.count })}</p>
      ) : (
        <Card title={t("branch.arrearsTitle")}>
          <DataTable
            caption={t("branch.arrearsTitle")}
            captionHidden
            rowKey={(r) => r.memberId}
            rows={arrears.members}
            columns={[
              { key: "name", header: t("branch.arrearsName"), cell: (r) => r.name },
              ...(arrears.branches.length > 1
                ? [
                    {
                      key: "branch",
                      header: t("dues.arrearsBranch"),
                      cell: (r: (typeof arrears.members)[number]) => r.branchName,
                    },
                  ]
                : []),
              { key: "months", header: t("branch.arrearsMonths"), numeric: true, cell: (r) => months(r.unpaidMonths) },
              { key: "since", header: t("branch.arrearsSince"), cell: (r) => formatMonth(r.since) },
            ]}
          />
          {pager}
        </Card>
      )}
    </AppShell>
  );
}
