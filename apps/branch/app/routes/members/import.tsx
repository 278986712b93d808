// 批量导入: template download, upload with progress, then either "imported N" or a report by row
// (and a downloadable error report); nothing is imported while any row is wrong.
import { useState } from "react";
import { Link, data } from "react-router";
import { canAnywhere } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import {
  AppShell,
  Button,
  Card,
  ErrorPanel,
  PageTitle,
  ProgressBar,
  buttonClass,
  pageTitle,
  percentOf,
  sendWithProgress,
} from "@dangjian/ui";
import type { Route } from "./+types/import";
import { APP } from "../../lib/app.ts";
import { requireMe, shellUser } from "../../lib/session.server.ts";
import { ledgerLinks, Notice } from "../../components/ledger-nav.tsx";
import type { ImportAnswer } from "./import-upload.ts";

export const links: Route.LinksFunction = ledgerLinks;
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("members.importTitle"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  // only those who may add members see the form (the route matrix found it open to every login)
  if (!canAnywhere(me.grants, "member.manage")) throw data(t("error.forbidden"), { status: 403 });
  return { user: shellUser(me) };
}

type State =
  | { kind: "idle" }
  | { kind: "uploading"; percent: number }
  | { kind: "checking" }
  | { kind: "answer"; answer: ImportAnswer };

export default function Import({ loaderData }: Route.ComponentProps) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [file, setFile] = useState<File | null>(null);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!file) return;
    const body = new FormData();
    body.set("file", file);
    setState({ kind: "uploading", percent: 0 });
    try {
      const result = await sendWithProgress<ImportAnswer>({
        method: "POST",
        url: `${import.meta.env.BASE_URL}members/import/upload`,
        body,
        json: true,
        onProgress: (loaded, total) => {
          const percent = percentOf(loaded, total);
          setState(percent >= 100 ? { kind: "checking" } : { kind: "uploading", percent });
        },
      });
      setState({ kind: "answer", answer: result.response ?? { kind: "error", message: t("error.internal") } });
    } catch {
      setState({ kind: "answer", answer: { kind: "error", message: t("error.internal") } });
    }
  }
  const busy = state.kind === "uploading" || state.kind === "checking";
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={t("members.importTitle")}
        actions={
          <Link className={buttonClass("secondary")} to="/members">
            {t("common.back")}
          </Link>
        }
      />
      <p>{t("members.importIntro")}</p>
      <Card>
        <p>
          <a className={buttonClass("secondary")} href={`${import.meta.env.BASE_URL}members/import/template`} download>
            {t("members.importTemplate")}
          </a>
        </p>
        <form className="lg-form" onSubmit={(e) => void submit(e)}>
          <div className="dj-field">
            <label htmlFor="import-file">{t("members.importFile")}</label>
            <input
              id="import-file"
              type="file"
              className="dj-input"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          <Button type="submit" disabled={!file || busy} block>
            {t("members.importSubmit")}
          </Button>
        </form>
        {state.kind === "uploading" ? (
          <ProgressBar percent={state.percent} label={t("members.importUploading", { percent: state.percent })} />
        ) : null}
        {state.kind === "checking" ? <ProgressBar percent={null} label={t("members.importChecking")} /> : null}
      </Card>
      {state.kind === "answer" ? <Answer answer={state.answer} /> : null}
    </AppShell>
  );
}

function Answer({ answer }: { answer: ImportAnswer }) {
  if (answer.kind === "imported") return <Notice>{t("members.importDone", { count: answer.imported })}</Notice>;
  if (answer.kind === "error") return <ErrorPanel title={t("errorPage.badRequestTitle")} message={answer.message} />;
  return (
    <ErrorPanel
      title={t("errorPage.badRequestTitle")}
      message={t("members.importFailed", { count: answer.errorRows.length })}
    >
      <a
        className={buttonClass("secondary")}
        href={`data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,${answer.reportBase64}`}
        download={t("members.importErrorReportFile")}
      >
        {t("members.importErrorReport")}
      </a>
      <ul className="lg-errors" aria-label={t("members.importProblems")}>
        {answer.errorRows.map((r) => (
          <li key={r.row}>
            {t("members.importRow")} {r.row}：{r.problems.join("；")}
          </li>
        ))}
      </ul>
    </ErrorPanel>
  );
}
