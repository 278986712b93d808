// One task: the sender watches completion per organisation (refreshed every 10 s); a receiver
// marks it read and done with a short reply or a file.
import { useEffect, useState } from "react";
import { Form, Link, redirect, useNavigation, useRevalidator } from "react-router";
import { TASK_REPLY_MAX } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import {
  AppShell,
  Badge,
  Button,
  Card,
  DataTable,
  DetailList,
  ErrorPanel,
  PageTitle,
  StatGrid,
  StatTile,
  buttonClass,
  formatDateTime,
  pageTitle,
} from "@dangjian/ui";
import type { Route } from "./+types/task";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../../lib/session.server.ts";
import { ledgerLinks, Notice } from "../../components/ledger-nav.tsx";
import { FileUpload, fileFromForm } from "../../components/file-upload.tsx";
import { browserApi } from "../../lib/trpc.ts";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = ({ data }) => [{ title: pageTitle(data?.task.title ?? t("tasks.title"), APP) }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const task = await callApi(request, () => context.api.tasks.detail({ taskId: params.id }));
  return { user: shellUser(me), task, sent: Number(new URL(request.url).searchParams.get("sent") ?? 0) };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const orgId = String(form.get("orgId") ?? "");
  try {
    if (form.get("intent") === "read") await context.api.tasks.markRead({ taskId: params.id, orgId });
    else
      await context.api.tasks.markDone({
        taskId: params.id,
        orgId,
        reply: String(form.get("reply") ?? ""),
        file: fileFromForm(form),
      });
    return redirect(`/tasks/${params.id}`);
  } catch (error) {
    return actionError(error, request, {});
  }
}

const tone = { unread: "warn", read: "muted", done: "ok" } as const;

export default function TaskPage({ loaderData, actionData }: Route.ComponentProps) {
  const { task } = loaderData;
  const revalidator = useRevalidator();
  const busy = useNavigation().state !== "idle";
  const [uploading, setUploading] = useState(false);
  useEffect(() => {
    if (!task.isSender) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") void revalidator.revalidate();
    }, 10_000);
    return () => window.clearInterval(timer);
  }, [task.isSender, revalidator]);
  const { summary } = task;
  const width = (n: number) => `${summary.total ? (n / summary.total) * 100 : 0}%`;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={task.title}
        subtitle={`${t(`taskKind.${task.kind}`)} · ${t("tasks.from")} ${task.from}`}
        actions={
          <Link className={buttonClass("secondary")} to="/tasks">
            {t("common.back")}
          </Link>
        }
      />
      {loaderData.sent ? <Notice>{t("tasks.sent", { count: loaderData.sent })}</Notice> : null}
      {actionData?.error ? <ErrorPanel title={t("errorPage.badRequestTitle")} message={actionData.error} /> : null}
      <div className="dj-stack">
        <Card>
          <DetailList
            items={[
              { label: t("tasks.sentAt"), value: formatDateTime(task.createdAt) },
              {
                label: t("tasks.deadline"),
                value: task.deadline ? formatDateTime(task.deadline) : t("tasks.deadlineNone"),
              },
            ]}
          />
          <p style={{ whiteSpace: "pre-wrap" }}>{task.body}</p>
          {task.attachments.map((a) =>
            a.url ? (
              <p key={a.key}>
                <a href={a.url} download={a.fileName}>
                  {t("tasks.download")}：{a.fileName}
                </a>
              </p>
            ) : null,
          )}
        </Card>
        {task.isSender ? (
          <Card title={t("tasks.progress")} aside={<span className="dj-muted">{t("tasks.liveHint")}</span>}>
            <StatGrid>
              <StatTile label={t("taskState.done")} value={`${summary.done} / ${summary.total}`} />
              <StatTile label={t("taskState.read")} value={`${summary.read} / ${summary.total}`} />
              <StatTile label={t("tasks.overdue")} value={summary.overdue} />
            </StatGrid>
            <div className="lg-meter" aria-hidden="true">
              <div className="lg-meter__done" style={{ width: width(summary.done) }} />
              <div className="lg-meter__read" style={{ width: width(summary.read - summary.done) }} />
            </div>
            <DataTable
              caption={t("tasks.progress")}
              captionHidden
              rowKey={(r) => r.orgId}
              rows={task.targets}
              columns={[
                { key: "org", header: t("tasks.org"), cell: (r) => r.orgName },
                {
                  key: "state",
                  header: t("tasks.state"),
                  cell: (r) => (
                    <>
                      <Badge tone={tone[r.state]}>{t(`taskState.${r.state}`)}</Badge>{" "}
                      {r.overdue ? <Badge tone="warn">{t("tasks.overdue")}</Badge> : null}
                    </>
                  ),
                },
                { key: "doneAt", header: t("tasks.doneAt"), cell: (r) => (r.doneAt ? formatDateTime(r.doneAt) : "—") },
                {
                  key: "reply",
                  header: t("tasks.reply"),
                  cell: (r) => (
                    <>
                      {r.reply ?? ""}
                      {r.files.map((f) =>
                        f.url ? (
                          <a key={f.key} href={f.url} download={f.fileName}>
                            {" "}
                            {f.fileName}
                          </a>
                        ) : null,
                      )}
                    </>
                  ),
                },
              ]}
            />
          </Card>
        ) : null}
        {task.targets
          // the sender watches; each receiving organisation answers for itself
          .filter((r) => !task.isSender && r.canAnswer)
          .map((r) => (
            <Card
              key={r.orgId}
              title={r.orgName}
              aside={<Badge tone={tone[r.state]}>{t(`taskState.${r.state}`)}</Badge>}
            >
              {r.state === "done" ? (
                <DetailList
                  items={[
                    { label: t("tasks.doneAt"), value: r.doneAt ? formatDateTime(r.doneAt) : "—" },
                    { label: t("tasks.reply"), value: r.reply ?? t("common.none") },
                  ]}
                />
              ) : (
                <>
                  {r.state === "unread" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="read" />
                      <input type="hidden" name="orgId" value={r.orgId} />
                      <Button type="submit" variant="secondary" disabled={busy}>
                        {t("tasks.markRead")}
                      </Button>
                    </Form>
                  ) : null}
                  <Form method="post" className="lg-form" style={{ marginTop: "1rem" }}>
                    <input type="hidden" name="intent" value="done" />
                    <input type="hidden" name="orgId" value={r.orgId} />
                    <div>
                      <label className="lg-label" htmlFor={`reply-${r.orgId}`}>
                        {t("tasks.replyField")}
                      </label>
                      <textarea id={`reply-${r.orgId}`} name="reply" maxLength={TASK_REPLY_MAX} />
                    </div>
                    <FileUpload
                      label={t("tasks.replyFileField")}
                      onBusy={setUploading}
                      prepare={(file) =>
                        browserApi().tasks.prepareReplyFile.mutate({
                          taskId: task.id,
                          orgId: r.orgId,
                          fileName: file.name,
                          contentType: file.type,
                          sizeBytes: file.size,
                        })
                      }
                    />
                    <Button type="submit" disabled={busy || uploading}>
                      {t("tasks.markDone")}
                    </Button>
                  </Form>
                </>
              )}
            </Card>
          ))}
      </div>
    </AppShell>
  );
}
