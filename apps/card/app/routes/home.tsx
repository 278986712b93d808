import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import { AppShell, Badge, DetailList, EmptyState, PageTitle, apiErrorInfo, formatDay, pageTitle } from "@dangjian/ui";
import type { BadgeTone } from "@dangjian/ui";
import type { Route } from "./+types/home";
import { APP } from "../lib/app.ts";
import { requireMe, shellUser, toRouteError } from "../lib/session.server.ts";
import { ShowCard } from "../components/show-card.tsx";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("card.homeTitle"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  try {
    const card = await context.api.card.mine();
    return { user: shellUser(me), card, notice: null };
  } catch (error) {
    // An account without a member record (e.g. school staff) has no card: say so on the page.
    const info = apiErrorInfo(error);
    if (info?.code === "NOT_FOUND") return { user: shellUser(me), card: null, notice: info.message };
    throw toRouteError(error, request);
  }
}

const STATUS_TONE: Record<string, BadgeTone> = { ACTIVE: "ok", SUSPENDED: "warn", REVOKED: "muted" };

function Emblem() {
  return (
    <svg className="dj-party-card__emblem" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M32 6l7.3 17.1 18.5 1.6-14 12.2 4.2 18.1L32 45.4 16 55l4.2-18.1-14-12.2 18.5-1.6z" />
    </svg>
  );
}

export default function CardHome({ loaderData }: Route.ComponentProps) {
  const { card, notice } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle title={t("card.homeTitle")} />
      {card ? (
        <article className="dj-party-card" aria-label={t("app.card")}>
          <header className="dj-party-card__band">
            <Emblem />
            <div>
              <p className="dj-party-card__title">{t("card.heading")}</p>
              <p>{t("card.subheading")}</p>
            </div>
          </header>
          <div className="dj-party-card__body">
            <div className="dj-party-card__who">
              <div className="dj-avatar" role="img" aria-label={t("card.photoLabel", { name: card.name })}>
                {Array.from(card.name)[0] ?? ""}
              </div>
              <div>
                <p className="dj-party-card__name">{card.name}</p>
                <p className="dj-muted" style={{ margin: 0 }}>
                  {t(`gender.${card.gender}` as MessageKey)} · {t(`memberStatus.${card.memberStatus}` as MessageKey)}
                </p>
              </div>
            </div>
            <DetailList
              items={[
                { label: t("card.branch"), value: card.branchName },
                { label: t("card.memberNo"), value: <span className="dj-mono">{card.memberNo}</span> },
                { label: t("card.joinedOn"), value: formatDay(card.joinedOn) },
                ...(card.fullMemberOn ? [{ label: t("card.fullMemberOn"), value: formatDay(card.fullMemberOn) }] : []),
                { label: t("card.partyAge"), value: t("card.partyAgeValue", { years: card.partyAgeYears }) },
                { label: t("card.memberStatus"), value: t(`memberStatus.${card.memberStatus}` as MessageKey) },
              ]}
            />
            <div className="dj-party-card__serial">
              <span>
                {t("card.cardStatus")}{" "}
                {card.cardStatus ? (
                  <Badge tone={STATUS_TONE[card.cardStatus] ?? "muted"}>
                    {t(`cardStatus.${card.cardStatus}` as MessageKey)}
                  </Badge>
                ) : (
                  <Badge tone="muted">{t("card.notIssued")}</Badge>
                )}
              </span>
              <span>
                {t("card.serial")} <span className="dj-mono">{card.serial ?? "—"}</span>
              </span>
            </div>
            {card.cardStatus === null ? <p className="dj-muted">{t("card.notIssuedHint")}</p> : null}
          </div>
        </article>
      ) : (
        <EmptyState title={t("card.noMemberTitle")} message={notice ?? t("error.notFound")} />
      )}
      {card ? <ShowCard /> : null}
      {card ? (
        <p className="dj-muted" style={{ textAlign: "center", marginTop: "1rem" }}>
          {t("card.installHint")}
        </p>
      ) : null}
    </AppShell>
  );
}
