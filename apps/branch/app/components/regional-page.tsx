// What every 区域化党建 page has around its content: the shell, the title with the way back, the
// notice after a step that worked and the refusal of one that did not; and the form pieces the
// pages share (choose one's organisation; take on a need or a resource with a plan).
import type { ReactNode } from "react";
import { Form, Link } from "react-router";
import { t } from "@dangjian/core/messages";
import { AppShell, Button, Card, ErrorPanel, PageTitle, buttonClass } from "@dangjian/ui";
import { APP } from "../lib/app.ts";

export function RegionalPage({
  user,
  title,
  subtitle,
  back = "/regional",
  notice,
  answer,
  children,
}: {
  user: { displayName: string };
  title: string;
  subtitle?: string;
  back?: string;
  notice?: string | null;
  /** The action's answer: its `ok` is shown as the notice, its `error` as a refusal. */
  answer?: unknown;
  children: ReactNode;
}) {
  const { ok, error } = actionNotice(answer);
  const shown = ok ?? notice;
  return (
    <AppShell app={APP} user={user}>
      <PageTitle
        title={title}
        subtitle={subtitle}
        actions={
          <Link className={buttonClass("secondary")} to={back}>
            {t("common.back")}
          </Link>
        }
      />
      {shown ? (
        <p className="ol-notice" role="status">
          {shown}
        </p>
      ) : null}
      {error ? <ErrorPanel title={t("errorPage.conflictTitle")} message={error} /> : null}
      {children}
    </AppShell>
  );
}

/** The `ok` and `error` of an action's answer, whatever else it carries. */
function actionNotice(actionData: unknown): { ok: string | null; error: string | null } {
  const answer = (actionData ?? {}) as { ok?: unknown; error?: unknown };
  return {
    ok: typeof answer.ok === "string" ? answer.ok : null,
    error: typeof answer.error === "string" ? answer.error : null,
  };
}

/** A select of organisations (name="orgId" unless given), each with its parent's name when known. */
export function OrgSelect({
  id,
  label,
  hint,
  orgs,
  name = "orgId",
  defaultValue,
}: {
  id: string;
  label: string;
  hint?: string;
  orgs: ReadonlyArray<{ id: string; name: string; parentName?: string | null }>;
  name?: string;
  defaultValue?: string;
}) {
  return (
    <div className="dj-field">
      <label htmlFor={id}>{label}</label>
      {hint ? <p className="dj-field__hint">{hint}</p> : null}
      <select id={id} name={name} className="dj-input" defaultValue={defaultValue}>
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
            {o.parentName ? `（${o.parentName}）` : ""}
          </option>
        ))}
      </select>
    </div>
  );
}

const TAKE_ON = {
  claim: { title: "regional.claim", asLabel: "regional.claimAs" },
  order: { title: "regional.order", asLabel: "regional.orderAs" },
} as const;

/** Claim a need (接单) or order a resource (点单) for one of one's organisations, with a plan. */
export function TakeOnForm({
  kind,
  orgs,
  busy,
}: {
  kind: keyof typeof TAKE_ON;
  orgs: ReadonlyArray<{ id: string; name: string }>;
  busy: boolean;
}) {
  const title = t(TAKE_ON[kind].title);
  return (
    <Card title={title}>
      <Form method="post" className="dj-form">
        <OrgSelect id={`rg-${kind}-org`} label={t(TAKE_ON[kind].asLabel)} orgs={orgs} />
        <div className="dj-field">
          <label htmlFor={`rg-${kind}-plan`}>{t("regional.plan")}</label>
          <textarea id={`rg-${kind}-plan`} name="plan" className="dj-input ol-textarea" rows={3} maxLength={4000} />
        </div>
        <Button type="submit" block disabled={busy}>
          {title}
        </Button>
      </Form>
    </Card>
  );
}
