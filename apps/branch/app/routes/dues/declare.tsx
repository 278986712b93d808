// 登记收入: the member's income category from a month on; the amount comes from the brackets.
import { useState } from "react";
import { Form, Link, data, redirect } from "react-router";
import { DUES_MAX_MONTHLY_INCOME_FEN, isUuid, suggestedDuesCategory, yuanToFen } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import { AppShell, Button, Card, ErrorPanel, Field, PageTitle, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/declare";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../../lib/session.server.ts";
import { ledgerLinks } from "../../components/ledger-nav.tsx";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("dues.declare"), APP) }];

const CATEGORIES = ["SALARIED", "RETIRED", "FARMER", "STUDENT", "UNEMPLOYED", "MINIMUM_ALLOWANCE"] as const;

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  // one member's row, not the whole ledger (lists are paged)
  const memberId = params.memberId ?? "";
  if (!isUuid(memberId)) throw data(t("dues.errorMemberNotHere"), { status: 404 });
  const ledger = await callApi(request, () => context.api.dues.ledger({ memberId }));
  const row = ledger.rows.find((r) => r.memberId === memberId);
  if (!row) throw data(t("dues.errorMemberNotHere"), { status: 404 });
  const members = await callApi(request, () => context.api.members.list({ memberId }));
  const member = members.members.find((m) => m.id === memberId);
  return {
    user: shellUser(me),
    row,
    current: ledger.current,
    suggested: row.category ?? suggestedDuesCategory(member?.category ?? "ON_DUTY"),
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const category = String(form.get("category")) as (typeof CATEGORIES)[number];
  const incomeText = String(form.get("income") ?? "").trim();
  const farmerText = String(form.get("farmer") ?? "").trim();
  const income = incomeText === "" ? null : yuanToFen(incomeText);
  if (incomeText !== "" && income === null) return data({ error: t("dues.errorIncomeNotWhole") }, { status: 400 });
  const farmer = farmerText === "" ? null : yuanToFen(farmerText);
  try {
    await context.api.dues.declare({
      memberId: params.memberId,
      category,
      monthlyIncomeFen: income,
      farmerFen: farmer,
      effectiveFrom: String(form.get("effectiveFrom")),
    });
    return redirect("/dues");
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function Declare({ loaderData, actionData }: Route.ComponentProps) {
  const [category, setCategory] = useState<string>(loaderData.suggested);
  const waged = category === "SALARIED" || category === "RETIRED";
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={t("dues.declareTitle", { name: loaderData.row.name })}
        actions={
          <Link className={buttonClass("secondary")} to="/dues">
            {t("common.back")}
          </Link>
        }
      />
      {actionData?.error ? <ErrorPanel title={t("errorPage.badRequestTitle")} message={actionData.error} /> : null}
      <Card>
        <Form method="post" className="lg-form">
          <div>
            <label className="lg-label" htmlFor="category">
              {t("dues.declareCategory")}
            </label>
            <select id="category" name="category" value={category} onChange={(e) => setCategory(e.target.value)}>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`duesCategory.${c}`)}
                </option>
              ))}
            </select>
          </div>
          {waged ? (
            <Field
              label={t("dues.declareIncome")}
              name="income"
              hint={t("dues.declareIncomeHint")}
              inputMode="decimal"
              required
              max={DUES_MAX_MONTHLY_INCOME_FEN / 100}
            />
          ) : null}
          {category === "FARMER" ? (
            <Field label={t("dues.declareFarmer")} name="farmer" inputMode="decimal" defaultValue="1.00" />
          ) : null}
          <Field
            label={t("dues.declareFrom")}
            name="effectiveFrom"
            type="month"
            defaultValue={loaderData.current}
            required
          />
          <Button type="submit" block>
            {t("dues.declareSubmit")}
          </Button>
        </Form>
      </Card>
    </AppShell>
  );
}
