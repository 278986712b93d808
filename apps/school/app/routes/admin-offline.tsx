// 线下培训登记: an administrator records offline training for members of their subtree, with
// evidence (a file uploaded straight to S3, or a note); the list shows what was recorded.
import { data } from "react-router";
import { t } from "@dangjian/core/messages";
import { chinaDay } from "@dangjian/core/time";
import { AppShell, Card, EmptyState, Field, PageTitle, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/admin-offline";
import { APP } from "../lib/app.ts";
import { actionError, callApi, requireMe, shellUser } from "../lib/session.server.ts";
import { SchoolNav, navFor } from "../components/school-nav.tsx";
import { EvidenceUpload, MemberPicker } from "../components/offline-pickers.tsx";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("school.offline.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const list = await callApi(request, () => context.api.school.organise.trainings());
  const today = chinaDay(new Date());
  return { user: shellUser(me), nav: navFor(me), list, today };
}

const text = (form: FormData, key: string) => String(form.get(key) ?? "").trim();
const KINDS = ["FULL_DAY", "HALF_DAY", "BRANCH_STUDY"] as const;
type Kind = (typeof KINDS)[number];

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const fail = (error: string, status = 400) =>
    data({ ok: false as const, error, saved: null, decided: false }, { status });
  const intent = text(form, "intent");
  if (intent === "approve" || intent === "reject") {
    try {
      await context.api.school.decideOfflineTraining({
        trainingId: text(form, "trainingId"),
        approve: intent === "approve",
      });
      return { ok: true as const, error: null, saved: null, decided: true };
    } catch (error) {
      return actionError(error, request, { ok: false as const, saved: null, decided: false });
    }
  }
  const title = text(form, "title");
  const heldOn = text(form, "heldOn");
  const kind = text(form, "kind") as Kind;
  const memberIds = form.getAll("memberIds").map(String).filter(Boolean);
  const evidence = text(form, "evidenceKey") || text(form, "evidenceNote");
  if (title.length < 2) return fail(t("school.offline.error.topic"));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(heldOn)) return fail(t("school.offline.error.date"));
  if (!KINDS.includes(kind)) return fail(t("error.badInput", { detail: "kind" }));
  let hours: number | undefined;
  if (kind === "BRANCH_STUDY") {
    hours = Number(text(form, "hours"));
    if (!Number.isFinite(hours) || hours <= 0 || hours > 8) return fail(t("school.offline.error.hours"));
  }
  if (memberIds.length === 0) return fail(t("school.offline.error.members"));
  if (evidence.length < 4) return fail(t("school.offline.error.evidence"));
  try {
    const scope = await context.api.school.organise.offlineScope();
    const saved = await context.api.school.recordOfflineTraining({
      orgId: scope.orgId,
      title,
      kind,
      heldOn,
      hours,
      evidence,
      memberIds,
    });
    return { ok: true as const, error: null, saved, decided: false };
  } catch (error) {
    return actionError(error, request, { ok: false as const, saved: null, decided: false });
  }
}

export default function OfflinePage({ loaderData, actionData }: Route.ComponentProps) {
  const { list, today } = loaderData;
  return (
    <AppShell app={APP} user={loaderData.user}>
      <SchoolNav current="offline" nav={loaderData.nav} />
      <PageTitle title={t("school.offline.title")} />
      <p className="sc-lead">{t("school.offline.intro")}</p>
      <p className="dj-muted">{t("school.offline.scope", { org: list.scope.orgName })}</p>
      <p className="dj-muted">{t("school.offline.approvalNote")}</p>
      {actionData?.error ? (
        <p className="sc-notice" role="alert">
          {actionData.error}
        </p>
      ) : actionData?.decided ? (
        <p className="sc-ok" role="status">
          {t("school.offline.decided")}
        </p>
      ) : actionData?.saved ? (
        <p className="sc-ok" role="status">
          {t("school.offline.saved", { members: actionData.saved.members, hours: actionData.saved.hours })}
        </p>
      ) : null}
      <Card title={t("school.offline.title")}>
        <form method="post" className="sc-form sc-offline-form">
          <Field label={t("school.offline.topic")} name="title" required minLength={2} maxLength={100} />
          <Field label={t("school.offline.date")} name="heldOn" type="date" required max={today} defaultValue={today} />
          <label className="dj-field">
            <span>{t("school.offline.kind")}</span>
            <select name="kind" defaultValue="BRANCH_STUDY">
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`school.offline.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <Field label={t("school.offline.hours")} name="hours" type="number" step="0.5" defaultValue="2" />
          <MemberPicker />
          <fieldset className="sc-picker">
            <legend>{t("school.offline.evidence")}</legend>
            <EvidenceUpload />
            <Field label={t("school.offline.evidenceNote")} name="evidenceNote" maxLength={1000} />
          </fieldset>
          <button type="submit" className="dj-btn dj-btn--primary">
            {t("school.offline.submit")}
          </button>
        </form>
      </Card>
      <Card title={t("school.offline.list")}>
        {list.trainings.length === 0 ? (
          <EmptyState message={t("school.offline.empty")} />
        ) : (
          <ul className="sc-list sc-offline-list">
            {list.trainings.map((r) => (
              <li key={r.id} data-training-title={r.title}>
                <strong>{r.title}</strong>
                <small>
                  {t("school.offline.item", {
                    date: r.heldOn,
                    kind: t(`school.offline.kind.${r.kind}`),
                    hours: r.hours,
                    members: r.members,
                  })}
                  {r.evidenceFile ? ` · ${t("school.offline.evidenceFileShort")}` : ""}
                  {` · ${t(`school.offline.status.${r.status}`)}`}
                </small>
                {r.decidable ? (
                  <form method="post" className="sc-offline-decide">
                    <input type="hidden" name="trainingId" value={r.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="approve"
                      className="dj-btn dj-btn--primary dj-btn--small"
                    >
                      {t("school.offline.approve")}
                    </button>{" "}
                    <button
                      type="submit"
                      name="intent"
                      value="reject"
                      className="dj-btn dj-btn--secondary dj-btn--small"
                    >
                      {t("school.offline.reject")}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </AppShell>
  );
}
