// 新增 / 修改党员. The ID number is checked (GB 11643 check digit); gender and birth date come from it.
import { useState } from "react";
import { Form, Link, data, redirect } from "react-router";
import { canAnywhere, isUuid, MEMBER_CATEGORIES } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import { AppShell, Button, Card, ErrorPanel, Field, PageTitle, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/form";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../../lib/session.server.ts";
import { ledgerLinks } from "../../components/ledger-nav.tsx";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("members.title"), APP) }];

const day = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().slice(0, 10) : "");

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  // only those who may add members see the form (the route matrix found it open to every login)
  if (!canAnywhere(me.grants, "member.manage")) throw data(t("error.forbidden"), { status: 403 });
  if (!params.id) return { user: shellUser(me), member: null };
  // one member, not the roster (lists are paged)
  const memberId = params.id;
  const list = isUuid(memberId) ? await callApi(request, () => context.api.members.list({ memberId })) : null;
  const member = list?.members.find((m) => m.id === memberId);
  if (!member) throw data(t("members.errorNotFound"), { status: 404 });
  return { user: shellUser(me), member };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const date = (name: string) => {
    const v = String(form.get(name) ?? "");
    return /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : null;
  };
  const status = form.get("status") === "PROBATIONARY" ? "PROBATIONARY" : "FULL";
  const fields = {
    name: String(form.get("name") ?? ""),
    idNumber: String(form.get("idNumber") ?? "").trim(),
    phone: String(form.get("phone") ?? "").trim() || null,
    status,
    category: String(form.get("category")) as (typeof MEMBER_CATEGORIES)[number],
    joinedOn: date("joinedOn") ?? new Date(Number.NaN),
    fullMemberOn: status === "FULL" ? date("fullMemberOn") : null,
    workUnit: String(form.get("workUnit") ?? "") || null,
  } as const;
  try {
    // editing: an empty ID number keeps the stored one (never shown in full, so never echoed)
    if (params.id)
      await context.api.members.update({
        memberId: params.id,
        ...fields,
        idNumber: fields.idNumber || undefined,
        phone: fields.phone ?? undefined,
      });
    else await context.api.members.add(fields);
    return redirect("/members");
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function MemberForm({ loaderData, actionData }: Route.ComponentProps) {
  const m = loaderData.member;
  const [status, setStatus] = useState<string>(m?.status ?? "PROBATIONARY");
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={m ? `${t("members.edit")}：${m.name}` : t("members.add")}
        actions={
          <Link className={buttonClass("secondary")} to="/members">
            {t("common.back")}
          </Link>
        }
      />
      {actionData?.error ? <ErrorPanel title={t("errorPage.badRequestTitle")} message={actionData.error} /> : null}
      <Card>
        <Form method="post" className="lg-form">
          <Field label={t("members.name")} name="name" required maxLength={30} defaultValue={m?.name} />
          <Field
            label={t("members.idNumber")}
            name="idNumber"
            required={!m}
            maxLength={18}
            autoComplete="off"
            hint={m?.idNumberMasked ? t("members.idNumberKeepHint", { masked: m.idNumberMasked }) : undefined}
          />
          <Field
            label={t("members.phone")}
            name="phone"
            inputMode="numeric"
            maxLength={11}
            autoComplete="off"
            hint={m?.phoneMasked ? t("members.idNumberKeepHint", { masked: m.phoneMasked }) : undefined}
          />
          <div>
            <label className="lg-label" htmlFor="status">
              {t("members.status")}
            </label>
            <select id="status" name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="FULL">{t("memberStatus.FULL")}</option>
              <option value="PROBATIONARY">{t("memberStatus.PROBATIONARY")}</option>
            </select>
          </div>
          <div>
            <label className="lg-label" htmlFor="category">
              {t("members.category")}
            </label>
            <select id="category" name="category" defaultValue={m?.category ?? "ON_DUTY"}>
              {MEMBER_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`memberCategory.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <Field label={t("members.joinedOn")} name="joinedOn" type="date" required defaultValue={day(m?.joinedOn)} />
          {status === "FULL" ? (
            <Field
              label={t("members.fullMemberOn")}
              name="fullMemberOn"
              type="date"
              required
              defaultValue={day(m?.fullMemberOn)}
            />
          ) : null}
          <Field label={t("members.workUnit")} name="workUnit" maxLength={60} defaultValue={m?.workUnit ?? ""} />
          <Button type="submit" block>
            {t("members.save")}
          </Button>
        </Form>
      </Card>
    </AppShell>
  );
}
