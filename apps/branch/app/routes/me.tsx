// 我的: the member's own page. My next meetings (with check-in when open), my dues and open tasks, my attendance history.
import { Link } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import {
  AppShell,
  Badge,
  Card,
  EmptyState,
  PageTitle,
  StatGrid,
  StatTile,
  buttonClass,
  formatDateTime,
  pageTitle,
} from "@dangjian/ui";
import type { Route } from "./+types/me";
import { APP } from "../lib/app.ts";
import { MyDuesAndTasks } from "../me/dues-and-tasks.tsx";
import { callApi, requireMe, shellUser } from "../lib/session.server.ts";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("orglife.meTitle"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const mine = await callApi(request, () => context.api.orglife.mine());
  return { user: shellUser(me), mine, name: me.displayName, branchName: me.branchName };
}

export default function MePage({ loaderData }: Route.ComponentProps) {
  const { mine } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={t("orglife.meTitle")}
        subtitle={loaderData.branchName ?? undefined}
        actions={
          <>
            <Link className={buttonClass("secondary")} to="/password">
              {t("account.title")}
            </Link>
            <Link className={buttonClass("secondary")} to="/">
              {t("common.back")}
            </Link>
          </>
        }
      />
      <div className="dj-stack">
        <Card title={t("orglife.meNext")}>
          {mine.next.length ? (
            <ul className="ol-meetings">
              {mine.next.map((m) => (
                <li key={m.meetingId} className="ol-meeting">
                  <Link to={`/meetings/${m.meetingId}`} className="ol-meeting__link">
                    <span className="ol-meeting__type">{t(`meetingType.${m.type}` as MessageKey)}</span>
                    <span className="ol-meeting__topic">{m.topic}</span>
                    <span className="dj-muted">
                      {formatDateTime(m.when)} {m.place ?? ""}
                    </span>
                  </Link>
                  {m.checkInOpen ? (
                    <Link className={buttonClass("primary", "dj-btn--small")} to={`/checkin/${m.meetingId}`}>
                      {t("orglife.meCheckIn")}
                    </Link>
                  ) : m.status === "PRESENT" ? (
                    <Badge tone="ok">{t("orglife.attendance.PRESENT")}</Badge>
                  ) : m.status === "LEAVE" ? (
                    <Badge tone="warn">{t("orglife.attendance.LEAVE")}</Badge>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState message={t("orglife.meNoNext")} />
          )}
        </Card>

        <MyDuesAndTasks />

        <Card title={t("orglife.meHistory")}>
          <StatGrid>
            <StatTile label={t("orglife.expected")} value={mine.year.expected} />
            <StatTile label={t("orglife.present")} value={mine.year.present} />
            <StatTile label={t("orglife.onLeave")} value={mine.year.leave} />
          </StatGrid>
          {mine.history.length ? (
            <ul className="ol-history">
              {mine.history.map((h) => (
                <li key={h.meetingId} className="ol-history__row">
                  <Link to={`/meetings/${h.meetingId}`}>{h.topic}</Link>
                  <span className="dj-muted">
                    {t(`meetingType.${h.type}` as MessageKey)} · {formatDateTime(h.when)}
                  </span>
                  <span>
                    <Badge tone={h.status === "PRESENT" ? "ok" : h.status === "LEAVE" ? "warn" : "muted"}>
                      {t(`orglife.attendance.${h.status}` as MessageKey)}
                    </Badge>
                    {h.leaveReason ? <span className="dj-muted"> {h.leaveReason}</span> : null}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState message={t("orglife.meNoHistory")} />
          )}
        </Card>
      </div>
    </AppShell>
  );
}
