// The member's own dues and their organisation's open tasks, self-contained: it fetches through
// the browser tRPC client, so any page (the member page, the branch home) can mount it as is.
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { t } from "@dangjian/core/messages";
import { Badge, Card, EmptyState, formatDateTime, formatMonth } from "@dangjian/ui";
import { browserApi, errorMessage } from "../lib/trpc.ts";
import { yuan } from "../lib/format.ts";

type Api = ReturnType<typeof browserApi>;
type Dues = Awaited<ReturnType<Api["dues"]["mine"]["query"]>>;
type Inbox = Awaited<ReturnType<Api["tasks"]["inbox"]["query"]>>;

export function MyDuesAndTasks() {
  const [state, setState] = useState<
    { kind: "loading" } | { kind: "ready"; dues: Dues; inbox: Inbox } | { kind: "failed"; message: string }
  >({ kind: "loading" });
  useEffect(() => {
    let live = true;
    const api = browserApi();
    Promise.all([api.dues.mine.query(), api.tasks.inbox.query({ openOnly: true })]).then(
      ([dues, inbox]) => live && setState({ kind: "ready", dues, inbox }),
      (error: unknown) => live && setState({ kind: "failed", message: errorMessage(error, t("error.internal")) }),
    );
    return () => {
      live = false;
    };
  }, []);
  if (state.kind === "loading")
    return (
      <Card title={t("dues.mineTitle")}>
        <p className="dj-muted" aria-busy="true">
          …
        </p>
      </Card>
    );
  if (state.kind === "failed")
    return (
      <Card title={t("dues.mineTitle")}>
        <p role="alert">{state.message}</p>
      </Card>
    );
  const { dues, inbox } = state;
  return (
    <div className="dj-grid dj-grid--two">
      <Card title={t("dues.mineTitle")}>
        {!dues.declared ? (
          <p>{t("dues.mineNotDeclared")}</p>
        ) : (
          <>
            <p>
              {t("dues.mineAmount")}：<strong>{yuan(dues.monthlyDuesFen)}</strong>
            </p>
            {dues.lastPaidMonth ? (
              <p>
                {t("dues.mineLastPaid")}：{formatMonth(dues.lastPaidMonth)}
              </p>
            ) : null}
            {dues.owedMonths.length === 0 ? (
              <p>
                <Badge tone="ok">{t("dues.mineAllPaid")}</Badge>
              </p>
            ) : (
              <>
                <p>
                  <Badge tone="warn">{t("dues.mineOwedCount", { count: dues.owedMonths.length })}</Badge>
                </p>
                <p>
                  {t("dues.mineOwed")}：{dues.owedMonths.map(formatMonth).join("、")}
                </p>
              </>
            )}
          </>
        )}
      </Card>
      <Card title={t("tasks.myOpenTitle")}>
        {inbox.tasks.length === 0 ? (
          <EmptyState message={t("tasks.myOpenEmpty")} />
        ) : (
          <ul className="dj-list">
            {inbox.tasks.map((task) => (
              <li key={task.id}>
                <Link to={`/tasks/${task.id}`}>{task.title}</Link>{" "}
                <Badge tone={task.state === "unread" ? "warn" : "muted"}>{t(`taskState.${task.state}`)}</Badge>
                {task.overdue ? <Badge tone="warn">{t("tasks.overdue")}</Badge> : null}
                <br />
                <span className="dj-muted">
                  {task.from}
                  {task.deadline ? ` · ${t("tasks.deadline")} ${formatDateTime(task.deadline)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
