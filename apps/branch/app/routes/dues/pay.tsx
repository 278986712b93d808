// 登记缴费: one payment may cover several months (6 back, 2 ahead); a retried submission
// carries the same idempotency key and never pays twice.
import { useState } from "react";
import { Form, Link, data, redirect, useNavigation } from "react-router";
import { addMonths, isUuid, monthsBetween } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import {
  AppShell,
  Button,
  Card,
  ErrorPanel,
  Field,
  PageTitle,
  buttonClass,
  formatDateTime,
  formatMonth,
  pageTitle,
} from "@dangjian/ui";
import type { Route } from "./+types/pay";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../../lib/session.server.ts";
import { yuan } from "../../lib/format.ts";
import { ledgerLinks } from "../../components/ledger-nav.tsx";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("dues.recordPayment"), APP) }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  // one member's row, not the whole ledger (lists are paged)
  const memberId = params.memberId ?? "";
  if (!isUuid(memberId)) throw data(t("dues.errorMemberNotHere"), { status: 404 });
  const ledger = await callApi(request, () => context.api.dues.ledger({ memberId }));
  const row = ledger.rows.find((r) => r.memberId === memberId);
  if (!row) throw data(t("dues.errorMemberNotHere"), { status: 404 });
  const span = monthsBetween(ledger.window.oldest, ledger.window.latest);
  const months = Array.from({ length: span + 1 }, (_, i) => addMonths(ledger.window.oldest, i));
  return {
    user: shellUser(me),
    row,
    months,
    current: ledger.current,
    themeDays: ledger.themeDays,
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const method = form.get("method") === "TRANSFER" ? "TRANSFER" : "ON_SITE";
  try {
    const result = await context.api.dues.recordPayment({
      memberId: params.memberId,
      months: form.getAll("months").map(String),
      method,
      reference: method === "TRANSFER" ? String(form.get("reference") ?? "") : null,
      meetingId: method === "ON_SITE" && form.get("meetingId") ? String(form.get("meetingId")) : null,
      idempotencyKey: String(form.get("idempotencyKey") ?? ""),
    });
    return redirect(`/dues/receipt/${result.paymentId}?saved=1`);
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function Pay({ loaderData, actionData }: Route.ComponentProps) {
  const { row, months, current, themeDays } = loaderData;
  const paid = new Set(row.paidMonths);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(paid.has(current) ? [] : [current]));
  const [method, setMethod] = useState<"ON_SITE" | "TRANSFER">("ON_SITE");
  const busy = useNavigation().state !== "idle";
  const toggle = (m: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(m)) next.delete(m);
      else next.add(m);
      return next;
    });
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={t("dues.paymentTitle", { name: row.name })}
        subtitle={`${t("dues.monthlyAmount")}：${yuan(row.monthlyDuesFen)}`}
        actions={
          <Link className={buttonClass("secondary")} to="/dues">
            {t("common.back")}
          </Link>
        }
      />
      {actionData?.error ? <ErrorPanel title={t("errorPage.conflictTitle")} message={actionData.error} /> : null}
      <Card>
        <Form method="post" className="lg-form">
          <input type="hidden" name="idempotencyKey" value={loaderData.idempotencyKey} />
          <fieldset>
            <legend>{t("dues.paymentMonths")}</legend>
            <p className="dj-field__hint">{t("dues.paymentMonthsHint")}</p>
            <div className="lg-checks">
              {months.map((m) => (
                <label key={m} className={paid.has(m) ? "lg-check is-disabled" : "lg-check"}>
                  <input
                    type="checkbox"
                    name="months"
                    value={m}
                    disabled={paid.has(m)}
                    checked={paid.has(m) || chosen.has(m)}
                    onChange={() => toggle(m)}
                  />
                  {formatMonth(m)}
                  {paid.has(m) ? `（${t("dues.paid")}）` : ""}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t("dues.paymentMethod")}</legend>
            {(["ON_SITE", "TRANSFER"] as const).map((m) => (
              <label key={m} className="lg-check">
                <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />
                {t(`paymentMethod.${m}`)}
              </label>
            ))}
          </fieldset>
          {method === "TRANSFER" ? (
            <Field
              label={t("dues.paymentReference")}
              name="reference"
              hint={t("dues.paymentReferenceHint")}
              required
              maxLength={100}
              autoComplete="off"
            />
          ) : themeDays.length > 0 ? (
            <div>
              <label className="lg-label" htmlFor="meetingId">
                {t("dues.paymentMeeting")}
              </label>
              <select id="meetingId" name="meetingId" defaultValue={themeDays[0]?.id}>
                <option value="">{t("dues.paymentMeetingNone")}</option>
                {themeDays.map((d) => (
                  <option key={d.id} value={d.id}>
                    {formatDateTime(d.plannedStart)} {d.topic}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <p className="lg-total">
            {t("dues.paymentAmount")}：{yuan((row.monthlyDuesFen ?? 0) * chosen.size)}
          </p>
          <Button type="submit" disabled={busy || chosen.size === 0} block>
            {t("dues.paymentSubmit")}
          </Button>
        </Form>
      </Card>
    </AppShell>
  );
}
