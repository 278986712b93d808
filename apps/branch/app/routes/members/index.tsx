// 党员管理: the roster, lost contact, transfers in and out.
import { Form, Link, redirect } from "react-router";
import { t } from "@dangjian/core/messages";
import {
  AppShell,
  Badge,
  Button,
  Card,
  DataTable,
  EmptyState,
  ErrorPanel,
  PageTitle,
  Pager,
  buttonClass,
  formatDay,
  pageParam,
  pageTitle,
  withPage,
} from "@dangjian/ui";
import type { Route } from "./+types/index";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../../lib/session.server.ts";
import { ledgerLinks, LedgerNav } from "../../components/ledger-nav.tsx";
import { ledgerNavItems } from "../../lib/nav.ts";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("members.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const url = new URL(request.url);
  const orgId = url.searchParams.get("org") ?? undefined;
  const list = await callApi(request, () => context.api.members.list({ orgId, page: pageParam(url) }));
  return { user: shellUser(me), nav: ledgerNavItems(me), list, url: url.toString() };
}

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "lost" || intent === "found")
      await context.api.members.setLostContact({ memberId: String(form.get("memberId")), lost: intent === "lost" });
    else if (intent === "approve" || intent === "reject") {
      await context.api.members.decideTransfer({
        transferId: String(form.get("transferId")),
        approve: intent === "approve",
        reason: String(form.get("reason") ?? "") || null,
      });
    }
    return redirect(`/members${intent === "approve" ? "?transferred=1" : ""}`);
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function Members({ loaderData, actionData }: Route.ComponentProps) {
  const { list } = loaderData;
  const url = new URL(loaderData.url);
  return (
    <AppShell app={APP} user={loaderData.user}>
      <LedgerNav items={loaderData.nav} />
      <PageTitle
        title={t("members.title")}
        subtitle={`${list.org.name} · ${t("members.count", { count: list.total })}`}
        actions={
          list.canManage ? (
            <span className="lg-actions">
              <Link className={buttonClass("primary")} to="/members/new">
                {t("members.add")}
              </Link>
              <Link className={buttonClass("secondary")} to="/members/import">
                {t("members.import")}
              </Link>
            </span>
          ) : null
        }
      />
      <p className="dj-muted">{t("members.intro")}</p>
      {actionData?.error ? <ErrorPanel title={t("errorPage.conflictTitle")} message={actionData.error} /> : null}
      <div className="dj-stack">
        {list.incoming.length > 0 || list.outgoing.length > 0 ? (
          <Card title={t("members.transferTitle")}>
            {list.incoming.map((x) => (
              <div key={x.id} className="lg-actions" style={{ marginBottom: "0.75rem" }}>
                <span>
                  <Badge tone="warn">{t("members.transfersIn")}</Badge> {x.memberName} ← {x.otherOrg}{" "}
                  {x.reason ? `（${x.reason}）` : ""}
                </span>
                {list.canManage ? (
                  <>
                    <Form method="post">
                      <input type="hidden" name="transferId" value={x.id} />
                      <Button
                        type="submit"
                        name="intent"
                        value="approve"
                        aria-label={`${t("members.transferApprove")}：${x.memberName}`}
                      >
                        {t("members.transferApprove")}
                      </Button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="transferId" value={x.id} />
                      <Button type="submit" variant="quiet" name="intent" value="reject">
                        {t("members.transferReject")}
                      </Button>
                    </Form>
                  </>
                ) : null}
              </div>
            ))}
            {list.outgoing.map((x) => (
              <p key={x.id}>
                <Badge tone="muted">{t(`transferStatus.${x.status}`)}</Badge> {x.memberName} → {x.otherOrg}
              </p>
            ))}
          </Card>
        ) : null}
        {list.org.isCommittee ? (
          <Card title={t("members.below")}>
            <p className="dj-muted">{t("members.belowIntro")}</p>
            {list.children.length === 0 ? (
              <EmptyState message={t("common.empty")} />
            ) : (
              <DataTable
                caption={t("members.below")}
                captionHidden
                rowKey={(r) => r.id}
                rows={list.children}
                columns={[
                  {
                    key: "name",
                    header: t("members.org"),
                    cell: (r) => <Link to={`/members?org=${r.id}`}>{r.name}</Link>,
                  },
                  {
                    key: "members",
                    header: t("members.memberCount"),
                    numeric: true,
                    cell: (r) => t("common.people", { count: r.members }),
                  },
                ]}
              />
            )}
            {list.childPage ? (
              <Pager page={list.childPage.page} pages={list.childPage.pages} href={(n) => withPage(url, n)} />
            ) : null}
          </Card>
        ) : (
          <Card title={t("members.title")}>
            {list.members.length === 0 ? (
              <EmptyState message={t("common.empty")} />
            ) : (
              <DataTable
                caption={t("members.title")}
                captionHidden
                rowKey={(r) => r.id}
                rows={list.members}
                columns={[
                  { key: "name", header: t("members.name"), cell: (r) => r.name },
                  { key: "no", header: t("members.memberNo"), cell: (r) => r.memberNo },
                  { key: "status", header: t("members.status"), cell: (r) => t(`memberStatus.${r.status}`) },
                  { key: "category", header: t("members.category"), cell: (r) => t(`memberCategory.${r.category}`) },
                  { key: "joined", header: t("members.joinedOn"), cell: (r) => formatDay(r.joinedOn) },
                  { key: "id", header: t("members.idNumber"), cell: (r) => r.idNumberMasked ?? "—" },
                  { key: "phone", header: t("members.phone"), cell: (r) => r.phoneMasked ?? "—" },
                  {
                    key: "lost",
                    header: t("members.lostContact"),
                    cell: (r) =>
                      r.lostContact ? (
                        <Badge tone="warn">
                          {r.lostContactSince
                            ? t("members.lostSince", { date: formatDay(r.lostContactSince) })
                            : t("members.lostContact")}
                        </Badge>
                      ) : (
                        "—"
                      ),
                  },
                  {
                    key: "actions",
                    header: t("members.actions"),
                    cell: (r) =>
                      list.canManage ? (
                        <span className="lg-actions">
                          <Link className={buttonClass("quiet", "dj-btn--small")} to={`/members/${r.id}/edit`}>
                            {t("members.edit")}
                          </Link>
                          <Form method="post">
                            <input type="hidden" name="memberId" value={r.id} />
                            <button
                              type="submit"
                              name="intent"
                              value={r.lostContact ? "found" : "lost"}
                              className={buttonClass("quiet", "dj-btn--small")}
                            >
                              {r.lostContact ? t("members.unmarkLost") : t("members.markLost")}
                            </button>
                          </Form>
                          <Link className={buttonClass("quiet", "dj-btn--small")} to={`/members/${r.id}/transfer`}>
                            {t("members.transfer")}
                          </Link>
                        </span>
                      ) : null,
                  },
                ]}
              />
            )}
            <Pager page={list.page.page} pages={list.page.pages} href={(n) => withPage(url, n)} />
          </Card>
        )}
      </div>
    </AppShell>
  );
}
