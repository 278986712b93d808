// One branch at a glance: who its members are, when it next meets, who is behind with dues.
import { Link, type AppLoadContext } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import {
  BarChart,
  Card,
  DataTable,
  DetailList,
  EmptyState,
  PageTitle,
  StatGrid,
  StatTile,
  formatDateTime,
  formatMonth,
} from "@dangjian/ui";
import type { ReactNode } from "react";

export type BranchOverviewData = Awaited<ReturnType<AppLoadContext["api"]["branch"]["overview"]>>;

const people = (count: number) => t("common.people", { count });

export function BranchOverview({ overview, actions }: { overview: BranchOverviewData; actions?: ReactNode }) {
  const { org } = overview;
  const countOf = (status: string) => overview.membersByStatus.find((s) => s.status === status)?.count ?? 0;
  const subtitle = [t(`orgKind.${org.kind}` as MessageKey), t(`sector.${org.sector}` as MessageKey)].join(" · ");
  return (
    <>
      <PageTitle
        title={org.name}
        subtitle={
          <>
            {subtitle}
            {org.parentName ? (
              <>
                <br />
                {t("branch.overviewParent", { name: org.parentName })}
              </>
            ) : null}
          </>
        }
        actions={actions}
      />
      <StatGrid>
        <StatTile label={t("branch.overviewMemberCount")} value={overview.memberCount} />
        <StatTile label={t("branch.overviewFullCount")} value={countOf("FULL")} />
        <StatTile label={t("branch.overviewProbationaryCount")} value={countOf("PROBATIONARY")} />
      </StatGrid>
      <div className="dj-stack">
        <div className="dj-grid dj-grid--two">
          <Card title={t("branch.nextMeetingTitle")}>
            {overview.nextMeeting ? (
              <DetailList
                items={[
                  {
                    label: t("branch.nextMeetingType"),
                    value: t(`meetingType.${overview.nextMeeting.type}` as MessageKey),
                  },
                  { label: t("branch.nextMeetingTopic"), value: overview.nextMeeting.topic },
                  { label: t("branch.nextMeetingWhen"), value: formatDateTime(overview.nextMeeting.plannedStart) },
                  {
                    label: t("branch.nextMeetingPlace"),
                    value: overview.nextMeeting.place ?? t("branch.nextMeetingPlaceUnknown"),
                  },
                ]}
              />
            ) : (
              <EmptyState message={t("branch.nextMeetingNone")} />
            )}
          </Card>
          <Card title={t("branch.overviewByCategory")}>
            {overview.membersByCategory.length > 0 ? (
              <BarChart
                label={t("branch.overviewByCategory")}
                format={people}
                items={overview.membersByCategory.map((c) => ({
                  key: c.category,
                  label: t(`memberCategory.${c.category}` as MessageKey),
                  value: c.count,
                }))}
              />
            ) : (
              <EmptyState message={t("branch.overviewByCategoryEmpty")} />
            )}
          </Card>
        </div>
        <Card title={t("branch.arrearsTitle")}>
          {overview.arrears.length > 0 ? (
            <>
              <p className="dj-muted">{t("branch.arrearsIntro")}</p>
              <DataTable
                caption={t("branch.arrearsTitle")}
                captionHidden
                rowKey={(row) => row.memberId}
                rows={overview.arrears}
                columns={[
                  { key: "name", header: t("branch.arrearsName"), cell: (row) => row.name },
                  {
                    key: "months",
                    header: t("branch.arrearsMonths"),
                    numeric: true,
                    cell: (row) => t("common.months", { count: row.unpaidMonths }),
                  },
                  { key: "since", header: t("branch.arrearsSince"), cell: (row) => formatMonth(row.since) },
                ]}
              />
              {overview.arrearsCount > overview.arrears.length ? (
                // the overview names a few; the arrears page lists everyone, a page at a time
                <p>
                  <Link to={`/dues/arrears?org=${overview.org.id}`}>
                    {t("branch.arrearsAll", { count: overview.arrearsCount })}
                  </Link>
                </p>
              ) : null}
            </>
          ) : overview.arrearsCount > 0 ? (
            // Names are for the secretary and the committee; members see only how many.
            <p>{t("branch.arrearsCountOnly", { count: overview.arrearsCount })}</p>
          ) : (
            <EmptyState message={t("branch.arrearsNone")} />
          )}
        </Card>
      </div>
    </>
  );
}
