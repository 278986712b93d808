// A member checks in with their own session: the QR the secretary shows opens this page with
// the code filled in; older phones can type the 8-character code instead.
import { Form, Link, useNavigation } from "react-router";
import { data } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import {
  AppShell,
  Button,
  Card,
  DetailList,
  ErrorPanel,
  Field,
  PageTitle,
  buttonClass,
  formatDateTime,
  pageTitle,
} from "@dangjian/ui";
import type { Route } from "./+types/checkin";
import { APP } from "../lib/app.ts";
import { callApi, requireMe, shellUser, actionError } from "../lib/session.server.ts";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("orglife.checkInTitle"), APP) }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const meeting = await callApi(request, () => context.api.orglife.get({ meetingId: params.meetingId }));
  const code = new URL(request.url).searchParams.get("code") ?? "";
  return {
    user: shellUser(me),
    name: me.displayName,
    code,
    meeting: {
      id: meeting.id,
      type: meeting.type,
      topic: meeting.topic,
      place: meeting.place,
      plannedStart: meeting.plannedStart,
      orgName: meeting.org.name,
    },
    mine: meeting.myAttendance
      ? { status: meeting.myAttendance.status, checkedInAt: meeting.myAttendance.checkedInAt }
      : null,
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  try {
    const result = await context.api.orglife.checkIn({
      meetingId: params.meetingId,
      proof: { kind: "meetingCode", code: String(form.get("code") ?? "") },
    });
    return data({ checkedInAt: result.checkedInAt, error: null });
  } catch (error) {
    return actionError(error, request, { checkedInAt: null });
  }
}

export default function CheckIn({ loaderData, actionData }: Route.ComponentProps) {
  const { meeting, mine, name } = loaderData;
  const busy = useNavigation().state === "submitting";
  const doneAt = actionData?.checkedInAt ?? (mine?.status === "PRESENT" ? mine.checkedInAt : null);
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle title={t("orglife.checkInTitle")} subtitle={t("orglife.checkInAs", { name })} />
      <Card>
        <DetailList
          items={[
            { label: t("orglife.fieldType"), value: t(`meetingType.${meeting.type}` as MessageKey) },
            { label: t("orglife.fieldTopic"), value: meeting.topic },
            { label: t("orglife.when"), value: formatDateTime(meeting.plannedStart) },
            { label: t("orglife.place"), value: meeting.place ?? "—" },
          ]}
        />
      </Card>
      {doneAt ? (
        <div className="ol-success" role="status">
          <h2>{t("orglife.checkInDone")}</h2>
          <p>{t("orglife.checkInDoneAt", { name, at: formatDateTime(doneAt) })}</p>
          <Link className={buttonClass("secondary")} to="/me">
            {t("orglife.meLink")}
          </Link>
        </div>
      ) : (
        <Card>
          {actionData?.error ? <ErrorPanel title={t("errorPage.conflictTitle")} message={actionData.error} /> : null}
          <Form method="post" className="dj-form">
            <Field
              label={t("orglife.checkInCode")}
              name="code"
              hint={t("orglife.checkInCodeHint")}
              defaultValue={loaderData.code}
              autoComplete="off"
              autoCapitalize="characters"
              required
              maxLength={20}
            />
            <Button type="submit" block disabled={busy}>
              {t("orglife.checkInSubmit")}
            </Button>
          </Form>
        </Card>
      )}
    </AppShell>
  );
}
