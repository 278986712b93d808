// One meeting: details, partners' confirmations, the check-in QR, attendance (with leave and
// proxy check-in), the record with its checklist, photos and files, and amendments.
import { Form, Link, useNavigation } from "react-router";
import { data } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import {
  AppShell,
  Badge,
  Button,
  Card,
  DetailList,
  EmptyState,
  ErrorPanel,
  PageTitle,
  StatGrid,
  StatTile,
  buttonClass,
  formatDateTime,
  pageTitle,
} from "@dangjian/ui";
import type { Route } from "./+types/meeting";
import { APP, BASENAME } from "../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../lib/session.server.ts";
import { outcomesText, parseOutcomes } from "../lib/orglife.ts";
import { qrSvg } from "../lib/qr.server.ts";
import { FileUploader } from "../components/file-uploader.tsx";
import { CardScan } from "../components/card-scan.tsx";

export const meta: Route.MetaFunction = ({ data: d }) => [
  { title: pageTitle(d?.meeting.topic ?? t("orglife.meetingsTitle"), APP) },
];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const meeting = await callApi(request, () => context.api.orglife.get({ meetingId: params.meetingId }));
  let qr: string | null = null;
  let checkInUrl: string | null = null;
  if (meeting.checkIn.code) {
    checkInUrl = `${new URL(request.url).origin}${BASENAME}/checkin/${meeting.id}?code=${meeting.checkIn.code}`;
    qr = await qrSvg(checkInUrl);
  }
  return { user: shellUser(me), meeting, qr, checkInUrl, now: new Date() };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const str = (k: string) => String(form.get(k) ?? "").trim();
  const meetingId = params.meetingId;
  try {
    switch (intent) {
      case "cancel":
        await context.api.orglife.cancel({ meetingId, reason: str("reason") });
        return data({ intent, ok: t("orglife.cancelled") });
      case "confirm":
        await context.api.orglife.confirm({ meetingId, orgId: str("orgId") });
        return data({ intent, ok: t("orglife.confirmedNotice") });
      case "present":
      case "leave":
      case "absent":
        await context.api.orglife.mark({
          meetingId,
          memberId: str("memberId"),
          status: intent === "present" ? "PRESENT" : intent === "leave" ? "LEAVE" : "ABSENT",
          leaveReason: str("leaveReason") || undefined,
          amendReason: str("amendReason") || undefined,
        });
        return data({ intent, ok: null });
      case "record": {
        const outcomes = parseOutcomes(str("outcomes"));
        if (!outcomes) return data({ intent, error: t("orglife.badOutcomes") }, { status: 400 });
        await context.api.orglife.record({
          meetingId,
          minutes: str("minutes"),
          outcomes,
          actionsDone: form.getAll("actionDone").map(String),
          reason: str("reason") || undefined,
        });
        return data({ intent, ok: t("orglife.recordSaved") });
      }
      default:
        return data({ intent, error: t("error.badInput", { detail: intent }) }, { status: 400 });
    }
  } catch (error) {
    return actionError(error, request, { intent });
  }
}

type Meeting = Route.ComponentProps["loaderData"]["meeting"];

const FIELD_LABEL: Record<string, MessageKey> = {
  minutes: "orglife.field.minutes",
  outcomes: "orglife.field.outcomes",
  actions: "orglife.field.actions",
  attachments: "orglife.field.attachments",
  attendance: "orglife.field.attendance",
};

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.join("、");
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if ("status" in v && "name" in v)
      return `${String(v.name)}：${t(`orglife.attendance.${String(v.status)}` as MessageKey)}${v.leaveReason ? `（${String(v.leaveReason)}）` : ""}`;
    if ("added" in v) return String(v.added);
    return Object.entries(v)
      .map(([k, n]) => `${k} ${String(n)}`)
      .join("，");
  }
  return String(value);
}

export default function MeetingPage({ loaderData, actionData }: Route.ComponentProps) {
  const { meeting, qr, checkInUrl } = loaderData;
  const busy = useNavigation().state === "submitting";
  const result = actionData as { intent?: string; error?: string; ok?: string | null } | undefined;
  const mine = meeting.myAttendance;
  const checkInOpen =
    new Date(loaderData.now) >= new Date(meeting.checkIn.opens) &&
    new Date(loaderData.now) <= new Date(meeting.checkIn.closes);
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={meeting.topic}
        subtitle={`${t(`meetingType.${meeting.type}` as MessageKey)} · ${t(`orglife.status.${meeting.status}` as MessageKey)}`}
        actions={
          <Link className={buttonClass("secondary")} to="/">
            {t("common.back")}
          </Link>
        }
      />
      {result?.error ? <ErrorPanel title={t("errorPage.conflictTitle")} message={result.error} /> : null}
      {result?.ok ? (
        <p className="ol-notice" role="status">
          {result.ok}
        </p>
      ) : null}
      <div className="dj-stack">
        <Card>
          <DetailList
            items={[
              { label: t("orglife.when"), value: formatDateTime(meeting.plannedStart) },
              { label: t("orglife.place"), value: meeting.place ?? "—" },
              { label: t("orglife.host"), value: meeting.hostName ?? "—" },
              {
                label: t("orglife.agenda"),
                value: meeting.agenda ? <span className="ol-pre">{meeting.agenda}</span> : "—",
              },
              {
                label: t("orglife.orgs"),
                value: (
                  <ul className="ol-orgs">
                    {meeting.orgs.map((o) => (
                      <li key={o.orgId}>
                        {o.name}{" "}
                        {o.isHost ? null : (
                          <Badge tone={o.confirmedAt ? "ok" : "warn"}>
                            {t(o.confirmedAt ? "orglife.partnerConfirmed" : "orglife.partnerPending")}
                          </Badge>
                        )}
                      </li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
          {meeting.confirmable.map((orgId) => (
            <Form method="post" key={orgId}>
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="orgId" value={orgId} />
              <Button type="submit" disabled={busy}>
                {t("orglife.confirmParticipation")}
              </Button>
            </Form>
          ))}
          {mine && mine.status !== "PRESENT" && checkInOpen && meeting.status !== "CANCELLED" ? (
            <Link className={buttonClass("primary", "dj-btn--block")} to={`/checkin/${meeting.id}`}>
              {t("orglife.meCheckIn")}
            </Link>
          ) : null}
        </Card>

        {qr && meeting.checkIn.code ? (
          <Card title={t("orglife.checkInCodeTitle")} className="ol-qr-card">
            <p>{t("orglife.checkInCodeIntro")}</p>
            <div
              className="ol-qr"
              dangerouslySetInnerHTML={{ __html: qr }}
              role="img"
              aria-label={t("orglife.checkInCodeTitle")}
              data-url={checkInUrl ?? undefined}
            />
            <p className="ol-code" data-testid="meeting-code">
              {meeting.checkIn.code}
            </p>
            <p className="dj-muted">
              {t("orglife.checkInCodeWindow", {
                opens: formatDateTime(meeting.checkIn.opens),
                closes: formatDateTime(meeting.checkIn.closes),
              })}
            </p>
          </Card>
        ) : null}

        {meeting.manageable && meeting.status !== "CANCELLED" && !meeting.locked ? (
          <CardScan meetingId={meeting.id} />
        ) : null}

        <Attendance meeting={meeting} busy={busy} />
        <Record meeting={meeting} busy={busy} now={new Date(loaderData.now)} />

        <Card title={t("orglife.filesTitle")}>
          {meeting.attachments.length ? (
            <ul className="ol-files">
              {meeting.attachments.map((a) => (
                <li key={a.id}>
                  {a.contentType.startsWith("image/") && a.url ? (
                    <img src={a.url} alt={a.fileName} className="ol-photo" loading="lazy" />
                  ) : null}
                  {a.url ? <a href={a.url}>{a.fileName}</a> : a.fileName}
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState message={t("orglife.noFiles")} />
          )}
          {meeting.manageable ? <FileUploader meetingId={meeting.id} locked={meeting.locked} /> : null}
        </Card>

        {meeting.manageable && meeting.status === "PLANNED" ? (
          <details className="ol-cancel">
            <summary>{t("orglife.cancelTitle")}</summary>
            <Form method="post" className="dj-form">
              <input type="hidden" name="intent" value="cancel" />
              <div className="dj-field">
                <label htmlFor="ol-cancel-reason">{t("orglife.cancelReason")}</label>
                <input id="ol-cancel-reason" name="reason" className="dj-input" maxLength={500} />
              </div>
              <Button type="submit" variant="secondary" disabled={busy}>
                {t("orglife.cancelSubmit")}
              </Button>
            </Form>
          </details>
        ) : null}

        {meeting.amendments.length ? (
          <Card title={t("orglife.amendmentsTitle")}>
            <ul className="ol-amendments">
              {meeting.amendments.map((a, i) => (
                <li key={i}>
                  <strong>
                    {t("orglife.amendmentLine", {
                      who: a.by,
                      at: formatDateTime(a.at),
                      field: t(FIELD_LABEL[a.field] ?? "orglife.field.minutes"),
                    })}
                  </strong>
                  {a.reason ? <span>（{a.reason}）</span> : null}
                  <br />
                  <span className="dj-muted">{t("orglife.amendmentBefore", { value: show(a.before) })}</span>
                  <br />
                  <span>{t("orglife.amendmentAfter", { value: show(a.after) })}</span>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>
    </AppShell>
  );
}

function Attendance({ meeting, busy }: { meeting: Meeting; busy: boolean }) {
  return (
    <Card title={t("orglife.attendanceTitle")}>
      <StatGrid>
        <StatTile label={t("orglife.expected")} value={meeting.counts.expected} />
        <StatTile label={t("orglife.present")} value={meeting.counts.present} />
        <StatTile label={t("orglife.onLeave")} value={meeting.counts.leave} />
        <StatTile label={t("orglife.absent")} value={meeting.counts.absent} />
      </StatGrid>
      {meeting.quorum ? (
        <p className={meeting.quorum.ok ? "ol-quorum ol-quorum--ok" : "ol-quorum ol-quorum--short"} role="status">
          {meeting.quorum.ok
            ? t("orglife.quorumOk", { present: meeting.counts.present })
            : t("orglife.quorumShort", { present: meeting.counts.present, need: meeting.quorum.need })}
        </p>
      ) : null}
      {meeting.recordHidden ? <p className="dj-muted">{t("orglife.recordHidden")}</p> : null}
      <ul className="ol-attendance">
        {meeting.attendance.map((a) => (
          <li key={a.memberId} className="ol-attendee" data-member={a.name}>
            <div className="ol-attendee__who">
              <strong>{a.name}</strong>
              {a.probationary ? <Badge tone="party">{t("orglife.probationaryMark")}</Badge> : null}
              <Badge tone={a.status === "PRESENT" ? "ok" : a.status === "LEAVE" ? "warn" : "muted"}>
                {t(`orglife.attendance.${a.status}` as MessageKey)}
              </Badge>
              {a.capturedBy ? (
                <span className="dj-muted">{t(`orglife.capture.${a.capturedBy}` as MessageKey)}</span>
              ) : null}
              {a.leaveReason ? <span className="dj-muted">{a.leaveReason}</span> : null}
            </div>
            {meeting.manageable && a.status !== "PRESENT" ? (
              <details className="ol-attendee__more">
                <summary aria-label={`${t("orglife.markFor")} ${a.name}`}>{t("orglife.markFor")}</summary>
                <div className="ol-attendee__actions">
                  <Form method="post">
                    <input type="hidden" name="intent" value="present" />
                    <input type="hidden" name="memberId" value={a.memberId} />
                    <MarkSubmit locked={meeting.locked} busy={busy} label={t("orglife.markPresent")} who={a.name} />
                  </Form>
                  {a.status !== "LEAVE" ? (
                    <Form method="post" className="ol-leave">
                      <input type="hidden" name="intent" value="leave" />
                      <input type="hidden" name="memberId" value={a.memberId} />
                      <input
                        type="text"
                        name="leaveReason"
                        className="dj-input"
                        placeholder={t("orglife.leaveReasonPlaceholder")}
                        aria-label={`${t("orglife.leaveReason")} ${a.name}`}
                      />
                      <MarkSubmit locked={meeting.locked} busy={busy} label={t("orglife.markLeave")} who={a.name} />
                    </Form>
                  ) : null}
                </div>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The end of a form marking one attendee: the reason for the amendment once the record is locked, then the button. */
function MarkSubmit({ locked, busy, label, who }: { locked: boolean; busy: boolean; label: string; who: string }) {
  return (
    <>
      {locked ? (
        <input
          type="text"
          name="amendReason"
          className="dj-input"
          placeholder={t("orglife.amendReason")}
          aria-label={t("orglife.amendReason")}
        />
      ) : null}
      <Button
        type="submit"
        variant="secondary"
        className="dj-btn--small"
        disabled={busy}
        aria-label={`${label} ${who}`}
      >
        {label}
      </Button>
    </>
  );
}

function Record({ meeting, busy, now }: { meeting: Meeting; busy: boolean; now: Date }) {
  const started = new Date(meeting.plannedStart) <= now;
  if (!meeting.manageable) {
    return (
      <Card title={t("orglife.recordTitle")}>
        {meeting.minutes ? (
          <p className="ol-pre">{meeting.minutes}</p>
        ) : (
          <EmptyState message={t("orglife.noMinutes")} />
        )}
        {meeting.actions.length ? (
          <ul className="ol-actions">
            {meeting.actions.map((a) => (
              <li key={a.id}>
                <Badge tone={a.done ? "ok" : "muted"}>
                  {a.done ? t("orglife.statusDone") : t("orglife.statusDue")}
                </Badge>{" "}
                {a.title}
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
    );
  }
  if (!started) {
    return (
      <Card title={t("orglife.recordTitle")}>
        <p className="dj-muted">{t("orglife.recordBeforeStart")}</p>
      </Card>
    );
  }
  return (
    <Card title={t("orglife.recordTitle")}>
      <p className="dj-muted">
        {meeting.locked
          ? t("orglife.lockedNotice", { at: formatDateTime(meeting.lockAt) })
          : t("orglife.lockAt", { at: formatDateTime(meeting.lockAt) })}
      </p>
      <Form method="post" className="dj-form">
        <input type="hidden" name="intent" value="record" />
        {meeting.actions.length ? (
          <fieldset className="ol-fieldset">
            <legend>{t("orglife.actionsTitle")}</legend>
            {meeting.actions.map((a) => (
              <label key={a.id} className="ol-check">
                <input type="checkbox" name="actionDone" value={a.id} defaultChecked={a.done || !meeting.minutes} />{" "}
                {a.title}{" "}
                <span className="dj-muted">{t(a.required ? "orglife.actionRequired" : "orglife.actionOptional")}</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <div className="dj-field">
          <label htmlFor="ol-minutes">{t("orglife.minutes")}</label>
          <p className="dj-field__hint">{t("orglife.minutesHint")}</p>
          <textarea
            id="ol-minutes"
            name="minutes"
            className="dj-input ol-textarea"
            rows={5}
            defaultValue={meeting.minutes ?? ""}
          />
        </div>
        <div className="dj-field">
          <label htmlFor="ol-outcomes">{t("orglife.outcomes")}</label>
          <p className="dj-field__hint">{t("orglife.outcomesHint")}</p>
          <textarea
            id="ol-outcomes"
            name="outcomes"
            className="dj-input ol-textarea"
            rows={2}
            defaultValue={outcomesText(meeting.outcomes)}
          />
        </div>
        {meeting.locked ? (
          <div className="dj-field">
            <label htmlFor="ol-reason">{t("orglife.amendReason")}</label>
            <input id="ol-reason" name="reason" className="dj-input" />
          </div>
        ) : null}
        <Button type="submit" block disabled={busy}>
          {t("orglife.saveRecord")}
        </Button>
      </Form>
    </Card>
  );
}
