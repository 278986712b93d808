// 下发通知或任务: to all or chosen organisations of the committee's subtree, optional attachment.
import { useState } from "react";
import { Form, Link, redirect, useNavigation } from "react-router";
import { endOfChinaDay } from "@dangjian/core/time";
import { TASK_BODY_MAX, TASK_TITLE_MAX } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import { AppShell, Button, Card, ErrorPanel, Field, PageTitle, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/new";
import { APP } from "../../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../../lib/session.server.ts";
import { FileUpload, fileFromForm } from "../../components/file-upload.tsx";
import { browserApi } from "../../lib/trpc.ts";
import { ledgerLinks } from "../../components/ledger-nav.tsx";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("tasks.new"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const targets = await callApi(request, () => context.api.tasks.targets({}));
  return { user: shellUser(me), targets };
}

// A deadline typed as a day means the end of that day in China (endOfChinaDay).

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const all = form.get("scope") === "all";
  try {
    const result = await context.api.tasks.send({
      kind: form.get("kind") === "NOTICE" ? "NOTICE" : "TASK",
      title: String(form.get("title") ?? ""),
      body: String(form.get("body") ?? ""),
      deadline: endOfChinaDay(String(form.get("deadline") ?? "")),
      targets: all ? { all: true } : { orgIds: form.getAll("orgIds").map(String) },
      attachment: fileFromForm(form),
    });
    return redirect(`/tasks/${result.taskId}?sent=${result.targetCount}`);
  } catch (error) {
    return actionError(error, request, {});
  }
}

export default function NewTask({ loaderData, actionData }: Route.ComponentProps) {
  const { targets } = loaderData;
  const [scope, setScope] = useState<"all" | "chosen">("chosen");
  const [uploading, setUploading] = useState(false);
  const busy = useNavigation().state !== "idle" || uploading;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={t("tasks.new")}
        subtitle={targets.sender.name}
        actions={
          <Link className={buttonClass("secondary")} to="/tasks">
            {t("common.back")}
          </Link>
        }
      />
      {actionData?.error ? <ErrorPanel title={t("errorPage.badRequestTitle")} message={actionData.error} /> : null}
      <Card>
        <Form method="post" className="lg-form">
          <fieldset>
            <legend>{t("tasks.kind")}</legend>
            {(["TASK", "NOTICE"] as const).map((k) => (
              <label key={k} className="lg-check">
                <input type="radio" name="kind" value={k} defaultChecked={k === "TASK"} />
                {t(`taskKind.${k}`)}
              </label>
            ))}
          </fieldset>
          <Field label={t("tasks.titleField")} name="title" required maxLength={TASK_TITLE_MAX} />
          <div>
            <label className="lg-label" htmlFor="body">
              {t("tasks.body")}
            </label>
            <textarea id="body" name="body" required maxLength={TASK_BODY_MAX} />
          </div>
          <Field label={t("tasks.deadline")} name="deadline" type="date" />
          <fieldset>
            <legend>{t("tasks.targets")}</legend>
            <label className="lg-check">
              <input type="radio" name="scope" value="all" checked={scope === "all"} onChange={() => setScope("all")} />
              {t("tasks.targetsAll", { count: targets.orgs.length })}
            </label>
            <label className="lg-check">
              <input
                type="radio"
                name="scope"
                value="chosen"
                checked={scope === "chosen"}
                onChange={() => setScope("chosen")}
              />
              {t("tasks.targetsChosen")}
            </label>
            {scope === "chosen" ? (
              <div className="lg-checks" style={{ marginTop: "0.5rem" }}>
                {targets.orgs.map((o) => (
                  <label key={o.id} className="lg-check">
                    <input type="checkbox" name="orgIds" value={o.id} />
                    {o.name}
                  </label>
                ))}
              </div>
            ) : null}
          </fieldset>
          <FileUpload
            label={t("tasks.attachment")}
            hint={t("tasks.attachmentHint")}
            onBusy={setUploading}
            prepare={(file) =>
              browserApi().tasks.prepareAttachment.mutate({
                fileName: file.name,
                contentType: file.type,
                sizeBytes: file.size,
              })
            }
          />
          <Button type="submit" disabled={busy} block>
            {t("tasks.send")}
          </Button>
        </Form>
      </Card>
    </AppShell>
  );
}
