// 党支部工作手册: the branch's year generated from facts (meetings with attendance, dues, tasks);
// printable (print CSS) and downloadable as an Excel workbook.
import { Form } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import {
  AppShell,
  Card,
  DataTable,
  EmptyState,
  StatGrid,
  StatTile,
  buttonClass,
  formatDateTime,
  formatDay,
  pageTitle,
} from "@dangjian/ui";
import type { Route } from "./+types/index";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { ledgerLinks, LedgerNav } from "../../components/ledger-nav.tsx";
import { ledgerNavItems } from "../../lib/nav.ts";
import { yuan } from "../../lib/format.ts";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = ({ data }) => [
  {
    title: pageTitle(
      data ? t("reports.handbookHeading", { org: data.report.org.name, year: data.report.year }) : t("reports.title"),
      APP,
    ),
  },
];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const url = new URL(request.url);
  const thisYear = new Date().getUTCFullYear();
  const asked = Number(url.searchParams.get("year"));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear ? asked : thisYear;
  const orgId = url.searchParams.get("org") ?? undefined;
  const report = await callApi(request, () => context.api.reports.year({ year, orgId }));
  return { user: shellUser(me), nav: ledgerNavItems(me), report, years: [thisYear, thisYear - 1, thisYear - 2] };
}

export default function Reports({ loaderData }: Route.ComponentProps) {
  const { report } = loaderData;
  const rate = (present: number, expected: number) => (expected ? `${Math.round((present / expected) * 100)}%` : "—");
  return (
    <AppShell app={APP} user={loaderData.user}>
      <LedgerNav items={loaderData.nav} />
      <div className="lg-noprint">
        <p className="dj-muted">{t("reports.intro")}</p>
        <Form method="get" className="lg-actions">
          <label className="lg-label" htmlFor="year">
            {t("reports.year")}
          </label>
          <select id="year" name="year" defaultValue={report.year} className="dj-input" style={{ width: "auto" }}>
            {loaderData.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
          <button type="submit" className={buttonClass("secondary")}>
            {t("reports.show")}
          </button>
          <button type="button" className={buttonClass("secondary")} onClick={() => window.print()}>
            {t("reports.print")}
          </button>
          <a
            className={buttonClass("primary")}
            href={`${import.meta.env.BASE_URL}reports/workbook?year=${report.year}`}
            download
          >
            {t("reports.download")}
          </a>
        </Form>
      </div>
      <article className="lg-handbook">
        <h1>{t("reports.handbookHeading", { org: report.org.name, year: report.year })}</h1>
        <p className="dj-muted">{t("reports.generatedAt", { at: formatDateTime(report.generatedAt) })}</p>
        <section>
          <h2>{t("reports.summary")}</h2>
          <StatGrid>
            <StatTile
              label={t("reports.memberCount")}
              value={report.memberCount}
              hint={`${t("memberStatus.PROBATIONARY")} ${report.probationaryCount}`}
            />
            <StatTile label={t("reports.meetingsHeld")} value={report.meetings.length} />
            <StatTile
              label={t("reports.duesTotal")}
              value={yuan(report.dues.paidFen)}
              hint={`${t("reports.duesMonthDue")} ${yuan(report.dues.dueFen)}`}
            />
          </StatGrid>
        </section>
        <section>
          <Card title={t("reports.meetingsTitle")}>
            {report.meetings.length === 0 ? (
              <EmptyState message={t("reports.meetingsEmpty")} />
            ) : (
              <DataTable
                caption={t("reports.meetingsTitle")}
                captionHidden
                rowKey={(r) => r.id}
                rows={report.meetings}
                columns={[
                  { key: "date", header: t("reports.meetingDate"), cell: (r) => formatDay(r.heldAt) },
                  {
                    key: "type",
                    header: t("reports.meetingType"),
                    cell: (r) => t(`meetingType.${r.type}` as MessageKey),
                  },
                  { key: "topic", header: t("reports.meetingTopic"), cell: (r) => r.topic },
                  { key: "expected", header: t("reports.expected"), numeric: true, cell: (r) => r.expected },
                  { key: "present", header: t("reports.present"), numeric: true, cell: (r) => r.present },
                  { key: "leave", header: t("reports.leave"), numeric: true, cell: (r) => r.leave },
                  {
                    key: "rate",
                    header: t("reports.attendanceRate"),
                    numeric: true,
                    cell: (r) => rate(r.present, r.expected),
                  },
                ]}
              />
            )}
          </Card>
        </section>
        <section>
          <Card title={t("reports.duesTitle")}>
            {/* scrolls sideways on a phone: focusable, so it can be scrolled with the keyboard */}
            <div className="lg-scroll" tabIndex={0} role="region" aria-label={t("reports.duesTitle")}>
              <table className="lg-grid-table">
                <caption className="dj-visually-hidden">{t("reports.duesTitle")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("reports.member")}</th>
                    {report.dues.months.map((m) => (
                      <th key={m} scope="col">
                        {Number(m.slice(5))}月
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {report.dues.rows.map((r) => (
                    <tr key={r.memberId}>
                      <td>{r.name}</td>
                      {r.months.map((m) => (
                        <td key={m.month}>
                          {m.paidFen !== null ? (m.paidFen / 100).toFixed(2) : m.dueFen !== null ? "×" : ""}
                        </td>
                      ))}
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">{t("reports.duesMonthPaid")}</th>
                    {report.dues.monthTotals.map((m) => (
                      <td key={m.month}>{(m.paidFen / 100).toFixed(2)}</td>
                    ))}
                  </tr>
                  <tr>
                    <th scope="row">{t("reports.duesMonthDue")}</th>
                    {report.dues.monthTotals.map((m) => (
                      <td key={m.month}>{(m.dueFen / 100).toFixed(2)}</td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
          </Card>
        </section>
        <section>
          <Card title={t("reports.tasksTitle")}>
            {report.tasks.length === 0 ? (
              <EmptyState message={t("reports.tasksEmpty")} />
            ) : (
              <DataTable
                caption={t("reports.tasksTitle")}
                captionHidden
                rowKey={(r) => `${r.title}-${String(r.receivedAt)}`}
                rows={report.tasks}
                columns={[
                  { key: "received", header: t("reports.taskReceived"), cell: (r) => formatDay(r.receivedAt) },
                  { key: "from", header: t("tasks.from"), cell: (r) => r.from },
                  { key: "title", header: t("reports.taskTitle"), cell: (r) => r.title },
                  { key: "state", header: t("reports.taskState"), cell: (r) => t(`taskState.${r.state}`) },
                  { key: "reply", header: t("tasks.reply"), cell: (r) => r.reply ?? "" },
                ]}
              />
            )}
          </Card>
        </section>
      </article>
    </AppShell>
  );
}
