// Upcoming and recent meetings of a branch, each a link to its page.
import { Link } from "react-router";
import type { AppLoadContext } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import { Badge, Card, EmptyState, formatDateTime } from "@dangjian/ui";

export type MeetingListData = Awaited<ReturnType<AppLoadContext["api"]["orglife"]["list"]>>;
type Item = MeetingListData["upcoming"][number];

function Row({ m }: { m: Item }) {
  return (
    <li className="ol-meeting">
      <Link to={`/meetings/${m.id}`} className="ol-meeting__link">
        <span className="ol-meeting__type">{t(`meetingType.${m.type}` as MessageKey)}</span>
        <span className="ol-meeting__topic">{m.topic}</span>
        <span className="dj-muted">{formatDateTime(m.plannedStart)}</span>
      </Link>
      {m.awaitingMyConfirmation ? <Badge tone="warn">{t("orglife.partnerPending")}</Badge> : null}
    </li>
  );
}

export function MeetingList({ list, actions }: { list: MeetingListData; actions?: React.ReactNode }) {
  return (
    <Card title={t("orglife.meetingsTitle")} aside={actions}>
      <h3>{t("orglife.upcomingTitle")}</h3>
      {list.upcoming.length ? (
        <ul className="ol-meetings">
          {list.upcoming.map((m) => (
            <Row key={m.id} m={m} />
          ))}
        </ul>
      ) : (
        <EmptyState message={t("orglife.noMeetings")} />
      )}
      {list.recent.length ? (
        <>
          <h3>{t("orglife.recentTitle")}</h3>
          <ul className="ol-meetings">
            {list.recent.map((m) => (
              <Row key={m.id} m={m} />
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}
