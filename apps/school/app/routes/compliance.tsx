import { t } from "@dangjian/core/messages";
import { AppShell, Card, DataTable, PageTitle, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/compliance";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { Meter, SchoolNav, navFor } from "../components/school-nav.tsx";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("school.compliance.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const report = await callApi(request, () => context.api.school.compliance({}));
  return { user: shellUser(me), nav: navFor(me), report };
}

export default function CompliancePage({ loaderData }: Route.ComponentProps) {
  const { report } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <SchoolNav current="compliance" nav={loaderData.nav} />
      <PageTitle title={t("school.compliance.title")} subtitle={t("school.compliance.intro")} />
      <Card title={t("school.hours.year", { year: report.year })}>
        <p className="sc-result">
          {t("school.compliance.summary", {
            org: report.orgName,
            reached: report.reached,
            members: report.members,
            percent: report.percent,
          })}
        </p>
        <Meter percent={report.percent} ok={report.percent >= 100} label={t("school.compliance.title")} />
      </Card>
      <DataTable
        caption={t("school.compliance.title")}
        rows={report.branches}
        rowKey={(b) => b.branchId}
        columns={[
          { key: "name", header: t("school.compliance.branch"), cell: (b) => b.name },
          {
            key: "reached",
            header: t("school.compliance.reached"),
            cell: (b) => `${b.reached} / ${b.members}`,
            numeric: true,
          },
          {
            key: "bar",
            header: "%",
            cell: (b) => <Meter percent={b.members ? (b.reached / b.members) * 100 : 0} label={b.name} />,
          },
          { key: "avg", header: t("school.compliance.average"), cell: (b) => b.averageHours, numeric: true },
        ]}
      />
    </AppShell>
  );
}
