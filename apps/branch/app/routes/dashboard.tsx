// 组织体系仪表盘: a committee's subtree at a glance — KPIs with 12-month trends, drill-down to
// the children, the health card, the warning list with filters, and the partnership network.
import { Form, Link, useActionData, useSearchParams } from "react-router";
import "@dangjian/core/messages/regional";
import { canAnywhere, isUuid } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import {
  AppShell,
  Badge,
  Card,
  DataTable,
  EmptyState,
  PageTitle,
  StatGrid,
  StatTile,
  buttonClass,
  pageTitle,
} from "@dangjian/ui";
import { LEVELS, RULE_IDS, WARNING_STATES } from "@dangjian/core/warnings";
import type { Route } from "./+types/dashboard";
import { APP } from "../lib/app.ts";
import { actionError, callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { TrendChart } from "../components/trend-chart.tsx";
import { NetworkGraph } from "../components/network-graph.tsx";
import dashboardCss from "../styles/warnings.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];
export const meta: Route.MetaFunction = ({ data }) => [
  { title: pageTitle(data?.dashboard.org.name ?? t("warnings.dashboard.title"), APP) },
];

const RULES = RULE_IDS;
const SEVERITIES = LEVELS;
const STATES = WARNING_STATES;
const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  (allowed as readonly string[]).includes(value ?? "") ? (value as T) : undefined;

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const url = new URL(request.url);
  const orgId = url.searchParams.get("org") ?? undefined;
  const filters = {
    ruleId: pick(url.searchParams.get("rule"), RULES),
    severity: pick(url.searchParams.get("severity"), SEVERITIES),
    state: pick(url.searchParams.get("state"), STATES),
  };
  // the warning list may be narrowed to one area (a child of the chosen organisation)
  const area = url.searchParams.get("area");
  const areaId = area && isUuid(area) ? area : undefined;
  const showGrouped = url.searchParams.get("grouped") === "1";
  const [dashboard, warnings, graph] = await Promise.all([
    callApi(request, () => context.api.warnings.dashboard({ orgId })),
    callApi(request, () => context.api.warnings.list({ orgId: areaId ?? orgId, ...filters, showGrouped, limit: 300 })),
    callApi(request, () => context.api.warnings.graph({ orgId })),
  ]);
  const canTune = canAnywhere(me.grants, "rules.tune");
  // 双报到 counts by community and by employer, for the subtree shown
  const dual = await callApi(request, () => context.api.regional.dualCounts({ orgId: dashboard.org.id }));
  return { user: shellUser(me), dashboard, warnings: warnings.items, graph, canTune, dual };
}

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "whatIf") {
    const linkIds = String(form.get("linkIds") ?? "")
      .split(",")
      .filter(Boolean);
    const orgId = String(form.get("orgId") ?? "") || undefined;
    try {
      return { whatIf: await context.api.warnings.whatIf({ orgId, linkIds }) };
    } catch (error) {
      return actionError(error, request, {});
    }
  }
  if (form.get("intent") === "tune") {
    const num = (name: string) => Number(String(form.get(name) ?? "").trim() || Number.NaN);
    try {
      await context.api.warnings.tune({
        orgId: String(form.get("orgId") ?? ""),
        ruleId: String(form.get("ruleId") ?? "") as (typeof RULES)[number],
        warn: num("warn"),
        crit: num("crit"),
        recover: num("recover"),
        forDays: Math.max(0, Math.round(num("forDays") || 0)),
      });
      return { tuned: t("warnings.tune.saved") };
    } catch (error) {
      return actionError(error, request, { intent: "tune" as const });
    }
  }
  return { error: t("error.badInput", { detail: "intent" }) };
}

/** One filter of the warning list: "all" or one option, kept in the URL. */
function FilterSelect({
  label,
  name,
  options,
}: {
  label: string;
  name: string;
  options: Array<{ value: string; label: string }>;
}) {
  const [params] = useSearchParams();
  return (
    <label>
      {label}
      <select name={name} defaultValue={params.get(name) ?? ""}>
        <option value="">{t("warnings.list.all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${Math.round(v * 100)}%`);

/** The selected organisation's health score, its trend and the reasons. */
function HealthCard({ health }: { health: Route.ComponentProps["loaderData"]["dashboard"]["health"] }) {
  const trend =
    health && health.previous !== null && health.score !== null
      ? health.score > health.previous
        ? "↑"
        : health.score < health.previous
          ? "↓"
          : "→"
      : "";
  return (
    <>
      {health ? (
        <Card title={t("warnings.health.title")}>
          <p
            className={`wd-health wd-health-${health.score === null ? "none" : health.score <= 50 ? "red" : health.score <= 75 ? "yellow" : "green"}`}
          >
            {health.score ?? "—"} {trend}
          </p>
          {health.derivedFrom ? (
            <p className="wd-hint" data-testid="health-derived">
              {t("warnings.health.derived", { count: health.derivedFrom })}
            </p>
          ) : null}
          {health.reasons.length ? (
            <ul>
              {health.reasons.map((r) => (
                <li key={`${r.ruleId}-${r.level}`}>{r.text}</li>
              ))}
            </ul>
          ) : (
            <p>{t("warnings.health.noReasons")}</p>
          )}
        </Card>
      ) : null}
    </>
  );
}

/** The children to drill down into, with their health and KPIs. */
function ChildrenCard({ d }: { d: Route.ComponentProps["loaderData"]["dashboard"] }) {
  return (
    <>
      {d.children.length > 0 ? (
        <Card title={t("warnings.kpi.children")}>
          <DataTable
            caption={t("warnings.kpi.children")}
            captionHidden
            rowKey={(c) => c.id}
            rows={d.children}
            columns={[
              {
                key: "name",
                header: t("warnings.detail.subject"),
                cell: (c) =>
                  c.level === "BRANCH" ? (
                    <Link to={`/org/${c.id}`}>{c.name}</Link>
                  ) : (
                    <Link to={`/dashboard?org=${c.id}`}>{c.name}</Link>
                  ),
              },
              { key: "health", header: t("warnings.health.title"), numeric: true, cell: (c) => c.health ?? "—" },
              {
                key: "attendance",
                header: t("warnings.kpi.attendance"),
                numeric: true,
                cell: (c) => pct(c.kpi?.attendance),
              },
              { key: "dues", header: t("warnings.kpi.dues"), numeric: true, cell: (c) => pct(c.kpi?.dues) },
              {
                key: "critical",
                header: t("warnings.severity.CRITICAL"),
                numeric: true,
                cell: (c) => (c.critical ? <Badge tone="party">{c.critical}</Badge> : 0),
              },
            ]}
          />
        </Card>
      ) : null}
    </>
  );
}

/** The warning list with its filters (kept in the URL). */
function WarningList({
  d,
  warnings,
}: {
  d: Route.ComponentProps["loaderData"]["dashboard"];
  warnings: Route.ComponentProps["loaderData"]["warnings"];
}) {
  const [params] = useSearchParams();
  return (
    <>
      <Card
        title={t("warnings.list.title")}
        aside={`${t("warnings.severity.CRITICAL")} ${d.warningCounts.CRITICAL} · ${t("warnings.severity.WARNING")} ${d.warningCounts.WARNING}`}
      >
        <Form method="get" className="wd-filters">
          {params.get("org") ? <input type="hidden" name="org" value={params.get("org") ?? ""} /> : null}
          {d.children.length > 0 ? (
            <FilterSelect
              label={t("warnings.list.area")}
              name="area"
              options={d.children.map((c) => ({ value: c.id, label: c.name }))}
            />
          ) : null}
          <FilterSelect
            label={t("warnings.list.rule")}
            name="rule"
            options={RULES.map((r) => ({ value: r, label: `${r} ${t(`warnings.rule.${r}` as MessageKey)}` }))}
          />
          <FilterSelect
            label={t("warnings.list.severity")}
            name="severity"
            options={SEVERITIES.map((s) => ({ value: s, label: t(`warnings.severity.${s}` as MessageKey) }))}
          />
          <FilterSelect
            label={t("warnings.list.state")}
            name="state"
            options={STATES.map((s) => ({ value: s, label: t(`warnings.state.${s}` as MessageKey) }))}
          />
          <button type="submit" className={buttonClass("secondary")}>
            {t("warnings.list.filter")}
          </button>
        </Form>
        {params.get("grouped") === "1" ? (
          <p role="status" className="wd-hint">
            {t("warnings.list.groupedHint")}
          </p>
        ) : null}
        {warnings.length === 0 ? (
          <EmptyState message={t("warnings.list.empty")} />
        ) : (
          <ul className="wd-list">
            {warnings.map((w) => (
              <li
                key={w.id}
                className={`wd-item wd-${w.severity.toLowerCase()}`}
                data-rule={w.ruleId}
                data-org={w.orgName}
              >
                <div className="wd-item-head">
                  <Badge tone={w.severity === "CRITICAL" ? "party" : w.severity === "WARNING" ? "warn" : "muted"}>
                    {t(`warnings.severity.${w.severity}` as MessageKey)}
                  </Badge>{" "}
                  <strong>{w.ruleTitle}</strong> · {w.subjectName}
                  {w.areaName ? <span className="wd-area"> · {w.areaName}</span> : null}
                </div>
                <p className="wd-reason">{w.message}</p>
                {w.grouped ? (
                  <p className="wd-grouped">
                    {t("warnings.list.grouped", { count: w.grouped })}{" "}
                    <Link
                      to={`/dashboard?${new URLSearchParams({ ...(params.get("org") ? { org: params.get("org")! } : {}), area: w.orgId, rule: w.ruleId, grouped: "1" }).toString()}`}
                    >
                      {t("warnings.list.showGrouped")}
                    </Link>
                  </p>
                ) : null}
                <p className="wd-meta">
                  {t(`warnings.state.${w.state}` as MessageKey)}
                  {w.acknowledgedBy ? ` · ${t("warnings.list.acknowledged", { name: w.acknowledgedBy })}` : ""}
                  {w.silencedUntil
                    ? ` · ${t("warnings.list.silenced", { date: new Date(w.silencedUntil).toISOString().slice(0, 10) })}`
                    : ""}
                  {w.flapping ? ` · ${t("warnings.list.flapping")}` : ""}
                </p>
                <Link className={buttonClass("secondary")} to={`/warning/${w.id}`}>
                  {t("warnings.detail.title")}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

/** A committee admin tunes a rule's thresholds for its subtree. */
function TuneCard({
  loaderData,
  d,
}: {
  loaderData: Route.ComponentProps["loaderData"];
  d: Route.ComponentProps["loaderData"]["dashboard"];
}) {
  const acted = useActionData<typeof action>();
  return (
    <>
      {loaderData.canTune ? (
        <Card title={t("warnings.tune.title")}>
          <p className="wd-hint">{t("warnings.tune.hint")}</p>
          <Form method="post" className="wd-filters">
            <input type="hidden" name="intent" value="tune" />
            <input type="hidden" name="orgId" value={d.org.id} />
            <label>
              {t("warnings.list.rule")}
              <select name="ruleId" defaultValue="O2">
                {RULES.map((r) => (
                  <option key={r} value={r}>
                    {r} {t(`warnings.rule.${r}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("warnings.tune.warn")}
              <input name="warn" inputMode="decimal" size={6} defaultValue="0.8" />
            </label>
            <label>
              {t("warnings.tune.crit")}
              <input name="crit" inputMode="decimal" size={6} defaultValue="0.6" />
            </label>
            <label>
              {t("warnings.tune.recover")}
              <input name="recover" inputMode="decimal" size={6} defaultValue="0.85" />
            </label>
            <label>
              {t("warnings.tune.forDays")}
              <input name="forDays" inputMode="numeric" size={4} defaultValue="0" />
            </label>
            <button type="submit" className={buttonClass("secondary")}>
              {t("warnings.tune.save")}
            </button>
          </Form>
          {acted && "intent" in acted && acted.intent === "tune" && acted.error ? (
            <p role="alert" className="wd-error">
              {acted.error}
            </p>
          ) : null}
          {acted && "tuned" in acted && acted.tuned ? (
            <p role="status" className="wd-result">
              {acted.tuned}
            </p>
          ) : null}
        </Card>
      ) : null}
    </>
  );
}

/** 双报到 counts: by the community reported to and by the employer. */
function DualCards({ loaderData }: { loaderData: Route.ComponentProps["loaderData"] }) {
  return (
    <>
      {(["byCommunity", "byEmployer"] as const).map((side) => (
        <Card key={side} title={t(side === "byCommunity" ? "regional.dual.byCommunity" : "regional.dual.byEmployer")}>
          {loaderData.dual[side].length ? (
            <ul className="wd-dual" data-dual={side}>
              {loaderData.dual[side].map((row) => (
                <li key={row.id} data-org={row.name}>
                  <strong>{row.name}</strong>{" "}
                  <span className="dj-muted">
                    {t("regional.dual.countRow", { members: row.members, hours: row.hours })}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState message={t("regional.dual.countsNone")} />
          )}
        </Card>
      ))}
    </>
  );
}

export default function DashboardPage({ loaderData }: Route.ComponentProps) {
  const { dashboard: d, warnings, graph } = loaderData;
  const last = d.months[d.months.length - 2] ?? d.months[d.months.length - 1];
  return (
    <AppShell app={APP} user={loaderData.user}>
      <nav className="wd-crumbs" aria-label={t("warnings.dashboard.scope")}>
        {d.breadcrumb.map((c, i) => (
          <span key={c.id}>
            {i > 0 ? " › " : ""}
            {c.id === d.org.id ? <strong>{c.name}</strong> : <Link to={`/dashboard?org=${c.id}`}>{c.name}</Link>}
          </span>
        ))}
      </nav>
      <PageTitle
        title={t("warnings.dashboard.title")}
        subtitle={`${d.org.name} · ${t("warnings.dashboard.months", { months: d.months.length })}`}
      />

      <StatGrid label={t("warnings.dashboard.title")}>
        <StatTile label={t("warnings.kpi.members")} value={last?.members ?? 0} />
        <StatTile label={t("warnings.kpi.cadence")} value={pct(last?.cadence)} hint={last?.month} />
        <StatTile label={t("warnings.kpi.attendance")} value={pct(last?.attendance)} hint={last?.month} />
        <StatTile label={t("warnings.kpi.dues")} value={pct(last?.dues)} hint={last?.month} />
        <StatTile label={t("warnings.kpi.study")} value={last?.studyHours ?? "—"} hint={last?.month} />
        <StatTile label={t("warnings.kpi.outOfTouch")} value={d.outOfTouch} />
      </StatGrid>

      <Card title={t("warnings.kpi.trend")}>
        <TrendChart points={d.months} />
      </Card>

      <HealthCard health={d.health} />

      <ChildrenCard d={d} />

      <WarningList d={d} warnings={warnings} />

      <TuneCard loaderData={loaderData} d={d} />

      <Card title={t("warnings.network.title")}>
        {graph.nodes.length ? (
          <NetworkGraph nodes={graph.nodes} edges={graph.edges} orgId={d.org.id} />
        ) : (
          <EmptyState message={t("warnings.kpi.none")} />
        )}
      </Card>

      <DualCards loaderData={loaderData} />
    </AppShell>
  );
}
