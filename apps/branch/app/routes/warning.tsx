// One warning: why (the evidence), what to do, its history, and the actions (acknowledge with a
// note, silence until a date with a reason). Plain forms: they work without JavaScript.
import { Form, Link, useActionData, useNavigation } from "react-router";
import { t } from "@dangjian/core/messages";
import { startOfChinaDay } from "@dangjian/core/time";
import type { MessageKey } from "@dangjian/core/messages";
import { AppShell, Badge, Button, Card, DetailList, PageTitle, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/warning";
import { APP } from "../lib/app.ts";
import { actionError, callApi, requireMe, shellUser } from "../lib/session.server.ts";
import warningsCss from "../styles/warnings.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: warningsCss }];
export const meta: Route.MetaFunction = ({ data }) => [
  { title: pageTitle(data?.warning.ruleTitle ?? t("warnings.detail.title"), APP) },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const warning = await callApi(request, () => context.api.warnings.get({ id: params.id }));
  return { user: shellUser(me), warning };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "ack") {
      await context.api.warnings.acknowledge({ id: params.id, note: String(form.get("note") ?? "") });
      return { ok: t("warnings.ack.done") };
    }
    if (intent === "silence") {
      const until = String(form.get("until") ?? "");
      const reason = String(form.get("reason") ?? "");
      if (!reason.trim()) return { error: t("warnings.error.silenceReason") };
      const untilDate = startOfChinaDay(until);
      if (!untilDate) return { error: t("warnings.error.silenceUntil") };
      await context.api.warnings.silence({ id: params.id, until: untilDate, reason });
      return { ok: t("warnings.silence.done") };
    }
  } catch (error) {
    return actionError(error, request, {});
  }
  return { error: t("error.badInput", { detail: "intent" }) };
}

function evidenceItems(evidence: Record<string, unknown>) {
  return Object.entries(evidence)
    .filter(([, v]) => v !== null && typeof v !== "object")
    .map(([k, v]) => ({ label: k, value: typeof v === "number" ? String(Math.round(v * 100) / 100) : String(v) }));
}

export default function WarningPage({ loaderData }: Route.ComponentProps) {
  const w = loaderData.warning;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const reasons = (w.evidence as { reasons?: Array<{ ruleId: string; penalty: number }> }).reasons;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={w.ruleTitle}
        subtitle={w.subjectName}
        actions={
          <Link className={buttonClass("secondary")} to="/dashboard">
            {t("common.back")}
          </Link>
        }
      />
      <Card title={t("warnings.detail.evidence")}>
        <p className="wd-reason" data-testid="warning-message">
          <Badge tone={w.severity === "CRITICAL" ? "party" : w.severity === "WARNING" ? "warn" : "muted"}>
            {t(`warnings.severity.${w.severity}` as MessageKey)}
          </Badge>{" "}
          {w.message}
        </p>
        <DetailList
          items={[
            { label: t("warnings.list.state"), value: t(`warnings.state.${w.state}` as MessageKey) },
            {
              label: t("warnings.detail.subject"),
              value: `${t(`warnings.subject.${w.subjectType}` as MessageKey)}：${w.subjectName}`,
            },
            { label: t("warnings.list.area"), value: w.areaName ?? w.orgName },
            ...(w.acknowledgedBy
              ? [{ label: t("warnings.ack.button"), value: `${w.acknowledgedBy}：${w.ackNote ?? ""}` }]
              : []),
            ...(w.silencedUntil
              ? [
                  {
                    label: t("warnings.silence.until"),
                    value: `${new Date(w.silencedUntil).toISOString().slice(0, 10)}（${w.silenceReason ?? ""}）`,
                  },
                ]
              : []),
          ]}
        />
        {reasons?.length ? (
          <ul>
            {reasons.map((r) => (
              <li key={r.ruleId}>
                {t(`warnings.rule.${r.ruleId}` as MessageKey)} −{r.penalty}
              </li>
            ))}
          </ul>
        ) : (
          <DetailList className="wd-evidence" items={evidenceItems(w.evidence)} />
        )}
      </Card>
      {w.groupedBranches.length ? (
        <Card title={t("warnings.detail.groupedBranches")}>
          <ul className="wd-grouped-list">
            {w.groupedBranches.map((b) => (
              <li key={b.id}>
                <Link to={`/org/${b.id}`}>{b.name}</Link>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title={t("warnings.detail.action")}>
        <p>{w.action}</p>
      </Card>

      {result && "error" in result && result.error ? (
        <p role="alert" className="wd-error">
          {result.error}
        </p>
      ) : null}
      {result && "ok" in result && result.ok ? (
        <p role="status" className="wd-result">
          {result.ok}
        </p>
      ) : null}

      {w.state !== "RESOLVED" ? (
        <div className="wd-forms">
          <Card title={t("warnings.ack.button")}>
            <Form method="post">
              <input type="hidden" name="intent" value="ack" />
              <label className="wd-field">
                {t("warnings.ack.note")}
                <textarea name="note" required maxLength={500} rows={2} />
              </label>
              <Button type="submit" disabled={busy}>
                {t("warnings.ack.button")}
              </Button>
            </Form>
          </Card>
          <Card title={t("warnings.silence.button")}>
            <Form method="post">
              <input type="hidden" name="intent" value="silence" />
              <label className="wd-field">
                {t("warnings.silence.reason")}
                <textarea name="reason" maxLength={500} rows={2} />
              </label>
              <label className="wd-field">
                {t("warnings.silence.until")}
                <input type="date" name="until" />
              </label>
              <Button type="submit" variant="secondary" disabled={busy}>
                {t("warnings.silence.button")}
              </Button>
            </Form>
          </Card>
        </div>
      ) : null}

      <Card title={t("warnings.detail.history")}>
        <ol className="wd-history">
          {w.transitions.map((x, i) => (
            <li key={i}>
              {new Date(x.at).toISOString().slice(0, 16).replace("T", " ")} ·{" "}
              {t(`warnings.transition.${x.action}` as MessageKey)}
              {x.fromState !== x.toState
                ? ` · ${x.fromState ? t(`warnings.state.${x.fromState}` as MessageKey) : "—"} → ${t(`warnings.state.${x.toState}` as MessageKey)}`
                : ""}
              {x.by ? ` · ${x.by}` : ""}
              {x.reason ? `：${x.reason}` : ""}
            </li>
          ))}
        </ol>
      </Card>
    </AppShell>
  );
}
