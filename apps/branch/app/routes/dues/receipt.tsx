// 党费收据: printable, for the member and the branch.
import { Link } from "react-router";
import { t } from "@dangjian/core/messages";
import { AppShell, DetailList, PageTitle, buttonClass, formatDateTime, formatMonth, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/receipt";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { ledgerLinks, Notice } from "../../components/ledger-nav.tsx";
import { yuan } from "../../lib/format.ts";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = ({ data }) => [
  { title: pageTitle(`${t("dues.receiptTitle")} ${data?.receipt.receiptNo ?? ""}`, APP) },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const receipt = await callApi(request, () => context.api.dues.receipt({ paymentId: params.paymentId }));
  return { user: shellUser(me), receipt, saved: new URL(request.url).searchParams.get("saved") === "1" };
}

export default function Receipt({ loaderData }: Route.ComponentProps) {
  const { receipt } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={t("dues.receiptTitle")}
        actions={
          <span className="lg-actions lg-noprint">
            <button type="button" className={buttonClass("secondary")} onClick={() => window.print()}>
              {t("dues.receiptPrint")}
            </button>
            <Link className={buttonClass("quiet")} to="/dues">
              {t("dues.ledgerLink")}
            </Link>
          </span>
        }
      />
      {loaderData.saved ? <Notice>{t("dues.paymentSaved", { receiptNo: receipt.receiptNo })}</Notice> : null}
      <div className="lg-receipt" aria-label={t("dues.receiptTitle")} role="region">
        <h2>{t("dues.receiptTitle")}</h2>
        <DetailList
          items={[
            { label: t("dues.receiptNo"), value: receipt.receiptNo },
            { label: t("dues.member"), value: `${receipt.member.name}（${receipt.member.memberNo}）` },
            { label: t("dues.receiptBranch"), value: receipt.orgName },
            { label: t("dues.receiptMonths"), value: receipt.months.map((m) => formatMonth(m.month)).join("、") },
            { label: t("dues.receiptAmount"), value: yuan(receipt.amountFen) },
            { label: t("dues.receiptMethod"), value: t(`paymentMethod.${receipt.method}`) },
            ...(receipt.reference ? [{ label: t("dues.receiptReference"), value: receipt.reference }] : []),
            { label: t("dues.receiptPaidAt"), value: formatDateTime(receipt.paidAt) },
            { label: t("dues.receiptRecordedBy"), value: receipt.recordedBy ?? t("common.none") },
          ]}
        />
      </div>
    </AppShell>
  );
}
