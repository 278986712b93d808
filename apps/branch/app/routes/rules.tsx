// A committee's cadence rules and theme day catalogue ("5+N") for its whole subtree.
import { Form, Link, useNavigation } from "react-router";
import { data } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import { CADENCE_PERIODS, MEETING_TYPES, type CadencePeriodName, type MeetingTypeName } from "@dangjian/core";
import { AppShell, Badge, Button, Card, ErrorPanel, PageTitle, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/rules";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../lib/session.server.ts";
import { ruleText } from "../components/cadence-calendar.tsx";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("orglife.rulesTitle"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const view = await callApi(request, () => context.api.orglife.rules({}));
  return { user: shellUser(me), view };
}

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").trim();
  const num = (k: string) => (str(k) === "" ? null : Number(str(k)));
  try {
    if (str("intent") === "rule") {
      const percent = num("quorumPercent");
      await context.api.orglife.setRule({
        orgId: str("orgId"),
        meetingType: str("meetingType") as MeetingTypeName,
        period: str("period") as CadencePeriodName,
        minCount: Number(str("minCount")),
        fixedDay: num("fixedDay"),
        quorumRatio: percent === null ? null : percent / 100,
      });
      return data({ ok: t("orglife.ruleSaved"), error: null, meetingType: str("meetingType") });
    }
    const codes = form.getAll("code").map(String);
    const titles = form.getAll("title").map(String);
    const required = new Set(form.getAll("required").map(String));
    await context.api.orglife.setThemeActions({
      orgId: str("orgId"),
      actions: codes.map((code, i) => ({ code, title: titles[i] ?? code, required: required.has(code) })),
    });
    return data({ ok: t("orglife.ruleSaved"), error: null, meetingType: "THEME_ACTIONS" });
  } catch (error) {
    return actionError(error, request, { ok: null, meetingType: str("meetingType") || "THEME_ACTIONS" });
  }
}

export default function RulesPage({ loaderData, actionData }: Route.ComponentProps) {
  const { view } = loaderData;
  const busy = useNavigation().state === "submitting";
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={t("orglife.rulesTitle")}
        subtitle={t("orglife.rulesFor", { org: view.org.name })}
        actions={
          <Link className={buttonClass("secondary")} to="/">
            {t("common.back")}
          </Link>
        }
      />
      <p>{t("orglife.rulesIntro")}</p>
      {actionData?.error ? <ErrorPanel title={t("errorPage.badRequestTitle")} message={actionData.error} /> : null}
      {actionData?.ok ? (
        <p className="ol-notice" role="status">
          {actionData.ok}
        </p>
      ) : null}
      <div className="dj-stack">
        {MEETING_TYPES.filter((type) => view.rules.some((r) => r.meetingType === type)).map((type) => {
          const rule = view.rules.find((r) => r.meetingType === type)!;
          const source =
            rule.orgId === null
              ? t("orglife.rulesSourceDefault")
              : rule.orgId === view.org.id
                ? t("orglife.rulesSourceOwn")
                : t("orglife.rulesSourceInherited", { org: rule.orgName ?? "" });
          return (
            <Card
              key={type}
              title={t(`meetingType.${type}` as MessageKey)}
              aside={<Badge tone={rule.orgId === view.org.id ? "party" : "muted"}>{source}</Badge>}
            >
              <p className="dj-muted">{ruleText(rule)}</p>
              <Form method="post" className="ol-rule-form" aria-label={t(`meetingType.${type}` as MessageKey)}>
                <input type="hidden" name="intent" value="rule" />
                <input type="hidden" name="orgId" value={view.org.id} />
                <input type="hidden" name="meetingType" value={type} />
                <label>
                  {t("orglife.rulePeriodLabel")}
                  <select name="period" className="dj-input" defaultValue={rule.period}>
                    {CADENCE_PERIODS.map((p) => (
                      <option key={p} value={p}>
                        {t(`orglife.rulePeriod.${p}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t("orglife.ruleMinCountLabel")}
                  <input
                    name="minCount"
                    type="number"
                    className="dj-input"
                    defaultValue={rule.minCount}
                    min={0}
                    max={31}
                  />
                </label>
                <label>
                  {t("orglife.ruleFixedDayLabel")}
                  <input
                    name="fixedDay"
                    type="number"
                    className="dj-input"
                    defaultValue={rule.fixedDay ?? ""}
                    min={1}
                    max={31}
                  />
                </label>
                <label>
                  {t("orglife.ruleQuorumLabel")}
                  <input
                    name="quorumPercent"
                    type="number"
                    className="dj-input"
                    defaultValue={rule.quorumRatio ? Math.round(rule.quorumRatio * 100) : ""}
                    min={1}
                    max={99}
                  />
                </label>
                <Button type="submit" variant="secondary" disabled={busy}>
                  {t("orglife.ruleSave")}
                </Button>
              </Form>
            </Card>
          );
        })}
        <Card title={t("orglife.themeActionsTitle")}>
          <p className="dj-muted">{t("orglife.themeActionsIntro")}</p>
          <Form method="post" className="dj-form">
            <input type="hidden" name="intent" value="themeActions" />
            <input type="hidden" name="orgId" value={view.org.id} />
            {view.themeActions.actions.map((a) => (
              <label key={a.code} className="ol-check">
                <input type="hidden" name="code" value={a.code} />
                <input type="hidden" name="title" value={a.title} />
                <input type="checkbox" name="required" value={a.code} defaultChecked={a.required} /> {a.title}
              </label>
            ))}
            <Button type="submit" disabled={busy}>
              {t("orglife.themeActionsSave")}
            </Button>
          </Form>
        </Card>
      </div>
    </AppShell>
  );
}
