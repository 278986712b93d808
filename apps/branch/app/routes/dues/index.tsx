// 党费收缴台账: one month, every member, amount due from the declaration, paid or not.
import { Form, Link } from "react-router";
import { addMonths } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import {
  AppShell,
  Badge,
  Card,
  DataTable,
  EmptyState,
  PageTitle,
  Pager,
  StatGrid,
  StatTile,
  buttonClass,
  formatMonth,
  pageParam,
  pageTitle,
  withPage,
} from "@dangjian/ui";
import type { Route } from "./+types/index";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { ledgerLinks, LedgerNav } from "../../components/ledger-nav.tsx";
import { ledgerNavItems } from "../../lib/nav.ts";
import { yuan } from "../../lib/format.ts";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("dues.ledgerTitle"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const url = new URL(request.url);
  const month = url.searchParams.get("month") ?? undefined;
  const orgId = url.searchParams.get("org") ?? undefined;
  const ledger = await callApi(request, () => context.api.dues.ledger({ month, orgId, page: pageParam(url) }));
  return { user: shellUser(me), nav: ledgerNavItems(me), ledger, url: url.toString() };
}

export default function Dues({ loaderData }: Route.ComponentProps) {
  const { ledger } = loaderData;
  const url = new URL(loaderData.url);
  const months = Array.from({ length: 9 }, (_, i) => addMonths(ledger.window.latest, -i));
  return (
    <AppShell app={APP} user={loaderData.user}>
      <LedgerNav items={loaderData.nav} />
      <PageTitle title={t("dues.ledgerTitle")} subtitle={`${ledger.org.name} · ${formatMonth(ledger.month)}`} />
      <p className="dj-muted">{t("dues.ledgerIntro")}</p>
      <Form method="get" className="lg-actions lg-noprint">
        <label className="lg-label" htmlFor="month">
          {t("dues.chooseMonth")}
        </label>
        <select id="month" name="month" defaultValue={ledger.month} className="dj-input" style={{ width: "auto" }}>
          {months.map((m) => (
            <option key={m} value={m}>
              {formatMonth(m)}
            </option>
          ))}
        </select>
        <button type="submit" className={buttonClass("secondary")}>
          {t("dues.show")}
        </button>
      </Form>
      <StatGrid>
        <StatTile label={t("dues.totalDue")} value={yuan(ledger.totals.dueFen)} />
        <StatTile label={t("dues.totalPaid")} value={yuan(ledger.totals.paidFen)} />
        <StatTile label={t("dues.membersPaid")} value={`${ledger.totals.membersPaid} / ${ledger.totals.members}`} />
      </StatGrid>
      <Card title={t("dues.ledgerTitle")}>
        {ledger.rows.length === 0 ? (
          <EmptyState message={t("common.empty")} />
        ) : (
          <DataTable
            caption={t("dues.ledgerTitle")}
            captionHidden
            rowKey={(r) => r.memberId}
            rows={ledger.rows}
            columns={[
              { key: "name", header: t("dues.member"), cell: (r) => r.name },
              {
                key: "category",
                header: t("dues.category"),
                cell: (r) =>
                  r.category ? (
                    t(`duesCategory.${r.category}` as MessageKey)
                  ) : (
                    <Badge tone="warn">{t("dues.notDeclared")}</Badge>
                  ),
              },
              { key: "amount", header: t("dues.monthlyAmount"), numeric: true, cell: (r) => yuan(r.monthlyDuesFen) },
              {
                key: "status",
                header: t("dues.status"),
                cell: (r) =>
                  r.paid ? (
                    <Link to={`/dues/receipt/${r.paid.paymentId}`}>
                      <Badge tone="ok">{t("dues.paid")}</Badge> {r.paid.receiptNo}
                    </Link>
                  ) : (
                    <Badge tone="warn">{t("dues.unpaid")}</Badge>
                  ),
              },
              {
                key: "owed",
                header: t("dues.owedMonths"),
                numeric: true,
                cell: (r) => (r.unpaidMonths > 0 ? t("common.months", { count: r.unpaidMonths }) : "—"),
              },
              {
                key: "actions",
                header: t("dues.actions"),
                cell: (r) =>
                  ledger.canManage ? (
                    <span className="lg-actions">
                      {r.category ? (
                        <Link
                          className={buttonClass("primary", "dj-btn--small")}
                          to={`/dues/pay/${r.memberId}`}
                          aria-label={`${t("dues.recordPayment")}：${r.name}`}
                        >
                          {t("dues.recordPayment")}
                        </Link>
                      ) : null}
                      <Link
                        className={buttonClass("quiet", "dj-btn--small")}
                        to={`/dues/declare/${r.memberId}`}
                        aria-label={`${t("dues.declare")}：${r.name}`}
                      >
                        {t("dues.declare")}
                      </Link>
                    </span>
                  ) : null,
              },
            ]}
          />
        )}
        <Pager page={ledger.page.page} pages={ledger.page.pages} href={(n) => withPage(url, n)} />
      </Card>
      {ledger.org.isCommittee ? (
        <Card title={t("members.below")}>
          <p className="dj-muted">{t("dues.belowIntro")}</p>
          <DataTable
            caption={t("members.below")}
            captionHidden
            rowKey={(r) => r.id}
            rows={ledger.children}
            columns={[
              {
                key: "name",
                header: t("members.org"),
                cell: (r) => <Link to={`/dues?org=${r.id}&month=${ledger.month}`}>{r.name}</Link>,
              },
              {
                key: "members",
                header: t("members.memberCount"),
                numeric: true,
                cell: (r) => t("common.people", { count: r.members }),
              },
            ]}
          />
          {ledger.childPage ? (
            <Pager page={ledger.childPage.page} pages={ledger.childPage.pages} href={(n) => withPage(url, n)} />
          ) : null}
        </Card>
      ) : null}
    </AppShell>
  );
}
