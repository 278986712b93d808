// 电子党证管理: a committee suspends, revokes or reinstates a member's e-party card, or ends the
// binding of a lost phone. Each action sets the card's bit in the region's status list.
import { Form, Link, data } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import {
  AppShell,
  Badge,
  Button,
  Card,
  DetailList,
  ErrorPanel,
  PageTitle,
  buttonClass,
  formatDateTime,
  pageTitle,
} from "@dangjian/ui";
import type { Route } from "./+types/member-card";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../lib/session.server.ts";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("card.manage.title"), APP) }];

const ACTIONS = ["SUSPEND", "REVOKE", "REINSTATE", "LOST_DEVICE"] as const;
type Action = (typeof ACTIONS)[number];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const card = await callApi(request, () => context.api.card.statusOf({ memberId: params.id }));
  return { user: shellUser(me), card };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "") as Action;
  if (!ACTIONS.includes(intent))
    return data({ error: t("error.badInput", { detail: "intent" }), done: null }, { status: 400 });
  try {
    const result = await context.api.card.changeStatus({ memberId: params.id, action: intent });
    return { error: null, done: result.cardStatus };
  } catch (error) {
    return actionError(error, request, { done: null });
  }
}

export default function MemberCard({ loaderData, actionData }: Route.ComponentProps) {
  const { card } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={`${t("card.manage.title")}：${card.name}`}
        actions={
          <Link className={buttonClass("secondary")} to="/members">
            {t("common.back")}
          </Link>
        }
      />
      {actionData?.error ? <ErrorPanel title={t("errorPage.badRequestTitle")} message={actionData.error} /> : null}
      {actionData?.done ? <p role="status">{t("card.manage.done")}</p> : null}
      <Card>
        <DetailList
          items={[
            { label: t("card.memberNo"), value: <span className="dj-mono">{card.memberNo}</span> },
            { label: t("card.branch"), value: card.branchName },
            {
              label: t("card.cardStatus"),
              value: (
                <Badge tone={card.cardStatus === "ACTIVE" ? "ok" : "warn"}>
                  {t(`cardStatus.${card.cardStatus}` as MessageKey)}
                </Badge>
              ),
            },
            {
              label: t("card.manage.bound"),
              value: card.boundSince ? formatDateTime(card.boundSince) : t("card.manage.notBound"),
            },
            ...(card.expiresAt ? [{ label: t("card.live.expires"), value: formatDateTime(card.expiresAt) }] : []),
          ]}
        />
      </Card>
      <Card title={t("card.manage.actions")}>
        <p>{t("card.manage.intro")}</p>
        {ACTIONS.map((a) => (
          <Form method="post" key={a} style={{ marginBottom: "0.5rem" }}>
            <input type="hidden" name="intent" value={a} />
            <Button type="submit" variant={a === "REINSTATE" ? "primary" : "secondary"} block>
              {t(`card.manage.${a}` as MessageKey)}
            </Button>
          </Form>
        ))}
      </Card>
    </AppShell>
  );
}
