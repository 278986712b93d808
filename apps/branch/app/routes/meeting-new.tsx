// Plan a meeting of any type. Works as a plain form (no script needed on a slow phone).
import { Form, Link, useNavigation } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import { MEETING_TYPES, type MeetingTypeName } from "@dangjian/core";
import { AppShell, Button, Card, ErrorPanel, Field, PageTitle, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/meeting-new";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../lib/session.server.ts";
import { chinaDateTime, chinaDay } from "../lib/orglife.ts";
import { data, redirect } from "react-router";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("orglife.planTitle"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const options = await callApi(request, () => context.api.orglife.planOptions({}));
  const type = new URL(request.url).searchParams.get("type");
  return {
    user: shellUser(me),
    options,
    type: (MEETING_TYPES as readonly string[]).includes(type ?? "") ? (type as MeetingTypeName) : "THEME_DAY",
    today: chinaDay(new Date()),
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").trim();
  const date = str("date");
  const plannedStart = chinaDateTime(date, str("start"));
  const plannedEnd = chinaDateTime(date, str("end"));
  if (!plannedStart || !plannedEnd)
    return data({ error: t("error.badInput", { detail: t("orglife.fieldDate") }) }, { status: 400 });
  const type = str("type") as MeetingTypeName;
  const optional = [...form.getAll("optionalAction").map(String), ...str("optionalActions").split(/\r?\n/)]
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    const { id } = await context.api.orglife.plan({
      orgId: str("orgId"),
      type,
      topic: str("topic"),
      plannedStart,
      plannedEnd,
      place: str("place") || undefined,
      agenda: str("agenda") || undefined,
      hostMemberId: str("hostMemberId") || undefined,
      groupId: type === "GROUP_MEETING" ? str("groupId") || undefined : undefined,
      partnerOrgIds: type === "JOINT_ACTIVITY" ? form.getAll("partnerOrgId").map(String) : undefined,
      optionalActions: type === "THEME_DAY" ? optional : undefined,
      idempotencyKey: str("idempotencyKey") || undefined,
    });
    return redirect(`/meetings/${id}`);
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function MeetingNew({ loaderData, actionData }: Route.ComponentProps) {
  const { options, type, today } = loaderData;
  const busy = useNavigation().state === "submitting";
  const required = options.themeActions.filter((a) => a.required);
  const optional = options.themeActions.filter((a) => !a.required);
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={t("orglife.planTitle")}
        subtitle={options.org.name}
        actions={
          <Link className={buttonClass("secondary")} to="/">
            {t("common.back")}
          </Link>
        }
      />
      {actionData && "error" in actionData && actionData.error ? (
        <ErrorPanel title={t("errorPage.conflictTitle")} message={actionData.error} />
      ) : null}
      <Card>
        <nav className="ol-type-pick" aria-label={t("orglife.fieldType")}>
          {MEETING_TYPES.map((m) => (
            <Link key={m} to={`?type=${m}`} aria-current={m === type ? "page" : undefined}>
              {t(`meetingType.${m}` as MessageKey)}
            </Link>
          ))}
        </nav>
        <Form method="post" className="dj-form" key={type}>
          <input type="hidden" name="orgId" value={options.org.id} />
          <input type="hidden" name="type" value={type} />
          <input type="hidden" name="idempotencyKey" value={loaderData.idempotencyKey} />
          <h2>{t(`meetingType.${type}` as MessageKey)}</h2>
          <Field label={t("orglife.fieldTopic")} name="topic" required maxLength={200} />
          <Field label={t("orglife.fieldDate")} name="date" type="date" required defaultValue={today} />
          <div className="ol-two">
            <Field label={t("orglife.fieldStartTime")} name="start" type="time" required defaultValue="09:00" />
            <Field label={t("orglife.fieldEndTime")} name="end" type="time" required defaultValue="11:00" />
          </div>
          <Field label={t("orglife.fieldPlace")} name="place" maxLength={200} />
          <div className="dj-field">
            <label htmlFor="ol-host">{t("orglife.fieldHost")}</label>
            <select id="ol-host" name="hostMemberId" className="dj-input">
              <option value="">{t("orglife.fieldHostNone")}</option>
              {options.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          {type === "GROUP_MEETING" ? (
            <div className="dj-field">
              <label htmlFor="ol-group">{t("orglife.fieldGroup")}</label>
              <select id="ol-group" name="groupId" className="dj-input" required>
                {options.groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {type === "TALK" ? (
            <div className="dj-field">
              <label htmlFor="ol-talk">{t("orglife.fieldTalkMember")}</label>
              <select id="ol-talk" name="memberId" className="dj-input" required>
                {options.members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {type === "JOINT_ACTIVITY" ? (
            <fieldset className="ol-fieldset">
              <legend>{t("orglife.fieldPartners")}</legend>
              <p className="dj-field__hint">{t("orglife.fieldPartnersHint")}</p>
              {options.partners.map((p) => (
                <label key={p.id} className="ol-check">
                  <input type="checkbox" name="partnerOrgId" value={p.id} /> {p.name}
                </label>
              ))}
            </fieldset>
          ) : null}
          {type === "THEME_DAY" ? (
            <>
              <fieldset className="ol-fieldset">
                <legend>{t("orglife.fieldRequiredActions")}</legend>
                <p className="dj-field__hint">{t("orglife.fieldRequiredActionsHint")}</p>
                <ol className="ol-required">
                  {required.map((a) => (
                    <li key={a.code}>{a.title}</li>
                  ))}
                </ol>
              </fieldset>
              <fieldset className="ol-fieldset">
                <legend>{t("orglife.fieldOptionalActions")}</legend>
                {optional.map((a) => (
                  <label key={a.code} className="ol-check">
                    <input type="checkbox" name="optionalAction" value={a.title} /> {a.title}
                  </label>
                ))}
                <label htmlFor="ol-optional" className="dj-field__hint">
                  {t("orglife.fieldOptionalActionsHint")}
                </label>
                <textarea id="ol-optional" name="optionalActions" className="dj-input ol-textarea" rows={2} />
              </fieldset>
            </>
          ) : null}
          <div className="dj-field">
            <label htmlFor="ol-agenda">{t("orglife.fieldAgenda")}</label>
            <textarea
              id="ol-agenda"
              name="agenda"
              className="dj-input ol-textarea"
              rows={3}
              aria-describedby="ol-agenda-hint"
            />
            <p id="ol-agenda-hint" className="dj-field__hint">
              {t("orglife.fieldAgendaHint")}
            </p>
          </div>
          <Button type="submit" block disabled={busy}>
            {t("orglife.submitPlan")}
          </Button>
        </Form>
      </Card>
    </AppShell>
  );
}
