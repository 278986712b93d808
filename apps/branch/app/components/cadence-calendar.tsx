// This month / quarter / year at a glance: per meeting type, done, due and overdue periods.
import { Link } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import type { AppLoadContext } from "react-router";
import { Badge, Card } from "@dangjian/ui";

export type CalendarData = Awaited<ReturnType<AppLoadContext["api"]["orglife"]["calendar"]>>;
type View = "month" | "quarter" | "year";
const VIEW_LABEL: Record<View, MessageKey> = {
  month: "orglife.viewMonth",
  quarter: "orglife.viewQuarter",
  year: "orglife.viewYear",
};

export function ruleText(rule: CalendarData["rules"][number]): string {
  const period = t(`orglife.rulePeriod.${rule.period}` as MessageKey);
  let text = t(rule.perMember ? "orglife.ruleTextPerMember" : "orglife.ruleText", { period, count: rule.minCount });
  if (rule.fixedDay) text += t("orglife.ruleFixedDayText", { day: rule.fixedDay });
  if (rule.quorumRatio) text += t("orglife.ruleQuorumText", { percent: Math.round(rule.quorumRatio * 100) });
  return text;
}

export function CadenceCalendar({
  calendar,
  view,
  basePath,
}: {
  calendar: CalendarData;
  view: View;
  basePath: string;
}) {
  const rows = calendar.views[view];
  return (
    <Card title={t("orglife.calendarTitle")} className="ol-calendar">
      <p className="dj-muted">{t("orglife.calendarIntro")}</p>
      <nav className="ol-tabs" aria-label={t("orglife.calendarTitle")}>
        {(["month", "quarter", "year"] as const).map((v) => (
          <Link key={v} to={`${basePath}?view=${v}`} aria-current={v === view ? "page" : undefined} preventScrollReset>
            {t(VIEW_LABEL[v])}
          </Link>
        ))}
      </nav>
      <ul className="ol-cadence" aria-label={t(VIEW_LABEL[view])}>
        {rows.map((row) => {
          const rule = calendar.rules.find((r) => r.meetingType === row.meetingType)!;
          const total = row.periods.length;
          return (
            <li key={row.meetingType} className="ol-cadence__row" data-type={row.meetingType}>
              <div className="ol-cadence__head">
                <strong>{t(`meetingType.${row.meetingType}` as MessageKey)}</strong>
                <span className="dj-muted ol-cadence__rule">{ruleText(rule)}</span>
              </div>
              <div className="ol-cadence__bar" role="img" aria-label={`${t("orglife.colDone")} ${row.done} / ${total}`}>
                {row.periods.map((p) => (
                  <span
                    key={new Date(p.start).toISOString()}
                    className={`ol-seg ol-seg--${p.status}`}
                    style={{ flexBasis: `${100 / total}%` }}
                  />
                ))}
              </div>
              <div className="ol-cadence__badges">
                {row.done > 0 ? <Badge tone="ok">{`${t("orglife.statusDone")} ${row.done}`}</Badge> : null}
                {row.due > 0 ? <Badge tone="party">{`${t("orglife.statusDue")} ${row.due}`}</Badge> : null}
                {row.overdue > 0 ? <Badge tone="warn">{`${t("orglife.statusOverdue")} ${row.overdue}`}</Badge> : null}
                {row.upcoming > 0 ? (
                  <Badge tone="muted">{`${t("orglife.statusUpcoming")} ${row.upcoming}`}</Badge>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
