// 组织关系转接 (sending side): find the receiving branch, give a reason; it waits for that branch.
import { Form, Link, data, redirect } from "react-router";
import { isUuid } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import { AppShell, Button, Card, ErrorPanel, Field, PageTitle, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/transfer";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../../lib/session.server.ts";
import { ledgerLinks } from "../../components/ledger-nav.tsx";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("members.transferTitle"), APP) }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  // one member, not the roster (lists are paged)
  const memberId = params.id ?? "";
  const list = isUuid(memberId) ? await callApi(request, () => context.api.members.list({ memberId })) : null;
  const member = list?.members.find((m) => m.id === memberId);
  if (!member) throw data(t("members.errorNotFound"), { status: 404 });
  const query = new URL(request.url).searchParams.get("q") ?? "";
  const targets = query ? await callApi(request, () => context.api.members.transferTargets({ query })) : [];
  return { user: shellUser(me), member, query, targets };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  try {
    await context.api.members.requestTransfer({
      memberId: params.id,
      toOrgId: String(form.get("toOrgId") ?? ""),
      reason: String(form.get("reason") ?? ""),
    });
    return redirect("/members");
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function Transfer({ loaderData, actionData }: Route.ComponentProps) {
  const { member, targets, query } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={`${t("members.transferTitle")}：${member.name}`}
        actions={
          <Link className={buttonClass("secondary")} to="/members">
            {t("common.back")}
          </Link>
        }
      />
      {actionData?.error ? <ErrorPanel title={t("errorPage.badRequestTitle")} message={actionData.error} /> : null}
      <Card>
        <Form method="get" className="lg-form">
          <Field label={t("members.transferTo")} name="q" hint={t("members.transferToHint")} defaultValue={query} />
          <Button type="submit" variant="secondary">
            {t("members.transferSearch")}
          </Button>
        </Form>
        {targets.length > 0 ? (
          <Form method="post" className="lg-form" style={{ marginTop: "1rem" }}>
            <fieldset>
              <legend>{t("members.transferTo")}</legend>
              {targets.map((o, i) => (
                <label key={o.id} className="lg-check">
                  <input type="radio" name="toOrgId" value={o.id} defaultChecked={i === 0} />
                  {o.name}
                  {o.parent ? `（${o.parent.name}）` : ""}
                </label>
              ))}
            </fieldset>
            <Field label={t("members.transferReason")} name="reason" maxLength={200} />
            <Button type="submit" block>
              {t("members.transferSubmit")}
            </Button>
          </Form>
        ) : null}
      </Card>
    </AppShell>
  );
}
