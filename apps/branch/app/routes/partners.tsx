// 联建单位: a branch sees its partners and their shared activities; a committee links the
// organisations it covers, proposes links to organisations elsewhere, and decides proposals.
import { Form, Link, useNavigation } from "react-router";
import { data } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import { LINK_TYPES, canAnywhere, type LinkTypeName } from "@dangjian/core";
import {
  AppShell,
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorPanel,
  Field,
  PageTitle,
  buttonClass,
  formatDateTime,
  formatDay,
  pageTitle,
} from "@dangjian/ui";
import type { Route } from "./+types/partners";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../lib/session.server.ts";
import { chinaDay } from "../lib/orglife.ts";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("partnerships.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() ?? "";
  const to = url.searchParams.get("to");
  const canLink = canAnywhere(me.grants, "link.manage");
  const own = me.branchId ? await callApi(request, () => context.api.partnerships.ofOrg({})) : null;
  let committee = null;
  if (canLink && me.committeeOrgId) {
    const committeeOrgId = me.committeeOrgId;
    const [links, results, subtree] = await Promise.all([
      callApi(request, () => context.api.partnerships.committee()),
      q.length >= 2 ? callApi(request, () => context.api.partnerships.search({ q })) : Promise.resolve([]),
      callApi(request, () => context.api.org.subtree({ rootId: committeeOrgId })),
    ]);
    committee = {
      links,
      results,
      picked: results.find((r) => r.id === to) ?? null,
      orgs: subtree.nodes.filter((n) => n.kind !== "PARTY_GROUP").map((n) => ({ id: n.id, name: n.name })),
    };
  }
  return { user: shellUser(me), own, committee, q, today: chinaDay(new Date()) };
}

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").trim();
  try {
    if (str("intent") === "decide") {
      await context.api.partnerships.decide({ linkId: str("linkId"), accept: str("accept") === "yes" });
      return data({ ok: t("partnerships.created"), error: null });
    }
    const endsOn = str("endsOn");
    const result = await context.api.partnerships.create({
      fromOrgId: str("fromOrgId"),
      toOrgId: str("toOrgId"),
      type: str("type") as LinkTypeName,
      startsOn: new Date(`${str("startsOn")}T00:00:00Z`),
      endsOn: endsOn ? new Date(`${endsOn}T00:00:00Z`) : null,
      agreement: str("agreement") || undefined,
    });
    return data({ ok: t(result.status === "ACTIVE" ? "partnerships.created" : "partnerships.proposed"), error: null });
  } catch (error) {
    return actionError(error, request, { ok: null });
  }
}

export default function PartnersPage({ loaderData, actionData }: Route.ComponentProps) {
  const { own, committee, q, today } = loaderData;
  const busy = useNavigation().state === "submitting";
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={t("partnerships.title")}
        subtitle={own?.org.name}
        actions={
          <Link className={buttonClass("secondary")} to="/">
            {t("common.back")}
          </Link>
        }
      />
      {actionData?.error ? <ErrorPanel title={t("errorPage.conflictTitle")} message={actionData.error} /> : null}
      {actionData?.ok ? (
        <p className="ol-notice" role="status">
          {actionData.ok}
        </p>
      ) : null}
      <div className="dj-stack">
        {own ? (
          <Card title={t("partnerships.list")}>
            {own.links.length ? (
              <ul className="ol-links">
                {own.links.map((l) => (
                  <li key={l.id} className="ol-link">
                    <div>
                      <strong>{l.partner.name}</strong>{" "}
                      <Badge tone={l.status === "ACTIVE" ? "ok" : "muted"}>
                        {t(`partnerships.status.${l.status}` as MessageKey)}
                      </Badge>
                    </div>
                    <div className="dj-muted">
                      {t(`linkType.${l.type}` as MessageKey)} ·{" "}
                      {t("partnerships.since", { start: formatDay(l.startsOn) })}
                    </div>
                    {l.agreement ? <p className="ol-pre">{l.agreement}</p> : null}
                    <h3>{t("partnerships.history")}</h3>
                    {l.history.length ? (
                      <ul className="ol-meetings">
                        {l.history.map((h) => (
                          <li key={h.meetingId} className="ol-meeting">
                            <Link to={`/meetings/${h.meetingId}`}>{h.topic}</Link>
                            <span className="dj-muted">
                              {formatDateTime(h.when)} · {t(`orglife.status.${h.status}` as MessageKey)}
                            </span>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <p className="dj-muted">{t("partnerships.historyNone")}</p>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState message={t("partnerships.none")} />
            )}
          </Card>
        ) : null}

        {committee ? (
          <>
            <p>{t("partnerships.intro")}</p>
            {committee.links.some((l) => l.awaitingMe) ? (
              <Card title={t("partnerships.incoming")}>
                <ul className="ol-links">
                  {committee.links
                    .filter((l) => l.awaitingMe)
                    .map((l) => (
                      <li key={l.id} className="ol-link">
                        <strong>
                          {l.orgA.name} ⇄ {l.orgB.name}
                        </strong>
                        <div className="dj-muted">{t(`linkType.${l.type}` as MessageKey)}</div>
                        {l.agreement ? <p className="ol-pre">{l.agreement}</p> : null}
                        <Form method="post" className="ol-inline">
                          <input type="hidden" name="intent" value="decide" />
                          <input type="hidden" name="linkId" value={l.id} />
                          <Button type="submit" name="accept" value="yes" disabled={busy}>
                            {t("partnerships.accept")}
                          </Button>
                          <Button type="submit" name="accept" value="no" variant="secondary" disabled={busy}>
                            {t("partnerships.reject")}
                          </Button>
                        </Form>
                      </li>
                    ))}
                </ul>
              </Card>
            ) : null}

            <Card title={t("partnerships.create")}>
              <Form method="get" className="ol-search">
                <Field
                  label={t("partnerships.search")}
                  name="q"
                  defaultValue={q}
                  hint={t("partnerships.searchHint")}
                  minLength={2}
                />
                <Button type="submit" variant="secondary">
                  {t("partnerships.searchSubmit")}
                </Button>
              </Form>
              {q.length >= 2 && committee.results.length === 0 ? <p>{t("partnerships.searchNone", { q })}</p> : null}
              {committee.results.length ? (
                <ul className="ol-results">
                  {committee.results.map((r) => (
                    <li key={r.id}>
                      <span>
                        {r.name}
                        {r.parentName ? <span className="dj-muted">（{r.parentName}）</span> : null}
                        {r.covered ? null : <Badge tone="warn">{t("partnerships.outside")}</Badge>}
                      </span>
                      <Link
                        className={buttonClass("secondary", "dj-btn--small")}
                        to={`?q=${encodeURIComponent(q)}&to=${r.id}`}
                        aria-label={`${t("partnerships.pick")} ${r.name}`}
                      >
                        {t("partnerships.pick")}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : null}
              {committee.picked ? (
                <Form method="post" className="dj-form">
                  <input type="hidden" name="intent" value="create" />
                  <input type="hidden" name="toOrgId" value={committee.picked.id} />
                  <p>
                    {t("partnerships.toOrg")}：<strong>{committee.picked.name}</strong>
                  </p>
                  <div className="dj-field">
                    <label htmlFor="ol-from">{t("partnerships.fromOrg")}</label>
                    <select id="ol-from" name="fromOrgId" className="dj-input">
                      {committee.orgs
                        .filter((o) => o.id !== committee.picked!.id)
                        .map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.name}
                          </option>
                        ))}
                    </select>
                  </div>
                  <div className="dj-field">
                    <label htmlFor="ol-type">{t("partnerships.type")}</label>
                    <select id="ol-type" name="type" className="dj-input">
                      {LINK_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {t(`linkType.${type}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <Field label={t("partnerships.startsOn")} name="startsOn" type="date" required defaultValue={today} />
                  <Field
                    label={t("partnerships.endsOn")}
                    name="endsOn"
                    type="date"
                    hint={t("partnerships.endsOnHint")}
                  />
                  <div className="dj-field">
                    <label htmlFor="ol-agreement">{t("partnerships.agreement")}</label>
                    <p className="dj-field__hint">{t("partnerships.agreementHint")}</p>
                    <textarea id="ol-agreement" name="agreement" className="dj-input ol-textarea" rows={4} />
                  </div>
                  <Button type="submit" block disabled={busy}>
                    {t("partnerships.submit")}
                  </Button>
                </Form>
              ) : null}
            </Card>

            <Card title={t("partnerships.list")}>
              {committee.links.length ? (
                <ul className="ol-links">
                  {committee.links.map((l) => (
                    <li key={l.id} className="ol-link">
                      <strong>
                        {l.orgA.name} ⇄ {l.orgB.name}
                      </strong>{" "}
                      <Badge tone={l.status === "ACTIVE" ? "ok" : "muted"}>
                        {t(`partnerships.status.${l.status}` as MessageKey)}
                      </Badge>
                      <div className="dj-muted">
                        {t(`linkType.${l.type}` as MessageKey)} ·{" "}
                        {t("partnerships.since", { start: formatDay(l.startsOn) })}
                      </div>
                    </li>
                  ))}
                </ul>
              ) : (
                <EmptyState message={t("partnerships.none")} />
              )}
            </Card>
          </>
        ) : null}
      </div>
    </AppShell>
  );
}
