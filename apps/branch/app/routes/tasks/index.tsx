// 网上知晓: what my organisation received, and for a committee what it sent down.
import { Link } from "react-router";
import { canAnywhere } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import {
  AppShell,
  Badge,
  Card,
  DataTable,
  EmptyState,
  PageTitle,
  buttonClass,
  formatDateTime,
  pageTitle,
} from "@dangjian/ui";
import type { Route } from "./+types/index";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { ledgerLinks, LedgerNav } from "../../components/ledger-nav.tsx";
import { ledgerNavItems } from "../../lib/nav.ts";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("tasks.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const sends = me.committeeOrgId !== null && canAnywhere(me.grants, "task.send");
  const [inbox, sent] = await Promise.all([
    callApi(request, () => context.api.tasks.inbox({ orgId: me.committeeOrgId ?? undefined })),
    sends ? callApi(request, () => context.api.tasks.sent({})) : Promise.resolve(null),
  ]);
  return { user: shellUser(me), nav: ledgerNavItems(me), inbox, sent };
}

const tone = { unread: "warn", read: "muted", done: "ok" } as const;

export default function Tasks({ loaderData }: Route.ComponentProps) {
  const { inbox, sent } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <LedgerNav items={loaderData.nav} />
      <PageTitle
        title={t("tasks.title")}
        subtitle={inbox.org.name}
        actions={
          sent ? (
            <Link className={buttonClass("primary")} to="/tasks/new">
              {t("tasks.new")}
            </Link>
          ) : null
        }
      />
      <p className="dj-muted">{t("tasks.intro")}</p>
      <div className="dj-stack">
        {sent ? (
          <Card title={t("tasks.sentTitle")}>
            {sent.length === 0 ? (
              <EmptyState message={t("tasks.sentEmpty")} />
            ) : (
              <DataTable
                caption={t("tasks.sentTitle")}
                captionHidden
                rowKey={(r) => r.id}
                rows={sent}
                columns={[
                  {
                    key: "title",
                    header: t("tasks.titleField"),
                    cell: (r) => <Link to={`/tasks/${r.id}`}>{r.title}</Link>,
                  },
                  { key: "kind", header: t("tasks.kind"), cell: (r) => t(`taskKind.${r.kind}`) },
                  {
                    key: "deadline",
                    header: t("tasks.deadline"),
                    cell: (r) => (r.deadline ? formatDateTime(r.deadline) : t("tasks.deadlineNone")),
                  },
                  {
                    key: "progress",
                    header: t("tasks.progress"),
                    cell: (r) =>
                      t("tasks.progressFigures", {
                        read: r.summary.read,
                        done: r.summary.done,
                        total: r.summary.total,
                      }),
                  },
                ]}
              />
            )}
          </Card>
        ) : null}
        <Card title={t("tasks.inboxTitle")}>
          {inbox.tasks.length === 0 ? (
            <EmptyState message={t("tasks.inboxEmpty")} />
          ) : (
            <DataTable
              caption={t("tasks.inboxTitle")}
              captionHidden
              rowKey={(r) => r.id}
              rows={inbox.tasks}
              columns={[
                {
                  key: "title",
                  header: t("tasks.titleField"),
                  cell: (r) => <Link to={`/tasks/${r.id}`}>{r.title}</Link>,
                },
                { key: "from", header: t("tasks.from"), cell: (r) => r.from },
                {
                  key: "deadline",
                  header: t("tasks.deadline"),
                  cell: (r) => (r.deadline ? formatDateTime(r.deadline) : t("tasks.deadlineNone")),
                },
                {
                  key: "state",
                  header: t("tasks.state"),
                  cell: (r) => (
                    <>
                      <Badge tone={tone[r.state]}>{t(`taskState.${r.state}`)}</Badge>{" "}
                      {r.overdue ? <Badge tone="warn">{t("tasks.overdue")}</Badge> : null}
                    </>
                  ),
                },
              ]}
            />
          )}
        </Card>
      </div>
    </AppShell>
  );
}
