// 流动党员 for secretaries: register a member going to work elsewhere (where, which organisation
// of the region receives them), see each one's last contact and their attendance at the receiving
// side, note a contact, register the return; and accept the members one receives.
import "@dangjian/core/messages/regional";
import { Form, useNavigation } from "react-router";
import { data } from "react-router";
import { t } from "@dangjian/core/messages";
import { Badge, Button, Card, EmptyState, Field, formatDateTime, formatDay, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/mobile";
import { attempt, callApi, requireMe, shellUser } from "../../lib/session.server.ts";
import { chinaDay } from "../../lib/orglife.ts";
import { APP } from "../../lib/app.ts";
import { OrgSelect, RegionalPage } from "../../components/regional-page.tsx";
import regionalCss from "../../styles/regional.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: regionalCss }];
export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("regional.mobile.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  const orgId = new URL(request.url).searchParams.get("orgId") ?? me.branchId;
  // an account without a branch of its own names one (?orgId=)
  if (!orgId) throw data(t("error.forbidden"), { status: 403 });
  const view = await callApi(request, () => context.api.regional.mobile({ orgId }));
  return { user: shellUser(me), view, today: chinaDay(new Date()) };
}

const day = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(Number.NaN);

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").trim();
  switch (str("intent")) {
    case "register":
      return attempt(
        request,
        () =>
          context.api.regional.mobileRegister({
            memberId: str("memberId"),
            receivingOrgId: str("receivingOrgId"),
            destination: str("destination"),
            leftOn: day(str("leftOn")),
          }),
        { ok: t("regional.mobile.registered"), intent: "register" },
      );
    case "accept":
      return attempt(request, () => context.api.regional.mobileAccept({ registrationId: str("registrationId") }), {
        ok: t("regional.mobile.accepted"),
        intent: "accept",
      });
    case "note":
      return attempt(
        request,
        () => context.api.regional.mobileNote({ registrationId: str("registrationId"), note: str("note") }),
        { ok: t("regional.mobile.noted"), intent: "note" },
      );
    case "return":
      return attempt(
        request,
        () =>
          context.api.regional.mobileReturn({
            registrationId: str("registrationId"),
            returnedOn: day(str("returnedOn")),
          }),
        { ok: t("regional.mobile.returned"), intent: "return" },
      );
    default:
      return data({ error: t("error.badInput", { detail: "intent" }) }, { status: 400 });
  }
}

type View = NonNullable<Route.ComponentProps["loaderData"]["view"]>;
type Registration = View["outgoing"][number];

function Contact({ r }: { r: Registration }) {
  return r.lastContactAt ? (
    <div className={r.daysSinceContact >= 90 ? "rg-waiting" : "dj-muted"}>
      {t("regional.mobile.lastContact", { when: formatDateTime(r.lastContactAt), days: r.daysSinceContact })}
    </div>
  ) : (
    <div className={r.daysSinceContact >= 90 ? "rg-waiting" : "dj-muted"}>
      {t("regional.mobile.noContact", { days: r.daysSinceContact })}
    </div>
  );
}

export default function MobilePage({ loaderData, actionData }: Route.ComponentProps) {
  const { view, today } = loaderData;
  const busy = useNavigation().state === "submitting";
  return (
    <RegionalPage
      user={loaderData.user}
      title={t("regional.mobile.title")}
      subtitle={view?.org.name}
      answer={actionData}
    >
      {view ? (
        <div className="dj-stack">
          <p className="dj-muted">{t("regional.mobile.intro")}</p>
          {view.canManage ? (
            <Card title={t("regional.mobile.register")}>
              <Form method="post" className="dj-form">
                <input type="hidden" name="intent" value="register" />
                <div className="dj-field">
                  <label htmlFor="rg-m-member">{t("regional.mobile.member")}</label>
                  <select id="rg-m-member" name="memberId" className="dj-input">
                    {view.members.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                </div>
                <Field label={t("regional.mobile.destination")} name="destination" maxLength={200} />
                <OrgSelect
                  id="rg-m-receiving"
                  label={t("regional.mobile.receiving")}
                  hint={t("regional.mobile.receivingHint")}
                  name="receivingOrgId"
                  orgs={view.orgs}
                />
                <Field label={t("regional.mobile.leftOn")} name="leftOn" type="date" defaultValue={today} />
                <Button type="submit" block disabled={busy}>
                  {t("regional.mobile.register")}
                </Button>
              </Form>
            </Card>
          ) : null}

          <Card title={t("regional.mobile.outgoing")}>
            {view.outgoing.length ? (
              <ul className="rg-list" aria-label={t("regional.mobile.outgoing")}>
                {view.outgoing.map((r) => (
                  <li key={r.id} className="rg-item" data-member={r.member.name}>
                    <strong>{r.member.name}</strong>{" "}
                    <Badge tone={r.status === "RETURNED" ? "muted" : r.status === "ACCEPTED" ? "ok" : "warn"}>
                      {t(`regional.mobile.status.${r.status}`)}
                    </Badge>
                    <div className="dj-muted">
                      {r.destination} · {r.receivingOrg.name} · {formatDay(r.leftOn)}
                      {r.returnedOn ? ` — ${formatDay(r.returnedOn)}` : ""}
                    </div>
                    {r.status !== "RETURNED" ? <Contact r={r} /> : null}
                    <h4>{t("regional.mobile.attended")}</h4>
                    {r.attended.length ? (
                      <ul className="rg-list">
                        {r.attended.map((a) => (
                          <li key={a.meetingId}>
                            {formatDateTime(a.at)} · {a.topic}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <p className="dj-muted">{t("regional.mobile.attendedNone")}</p>
                    )}
                    {view.canManage && r.status !== "RETURNED" ? (
                      <>
                        <details>
                          <summary>{t("regional.mobile.note")}</summary>
                          <Form method="post" className="dj-form">
                            <input type="hidden" name="intent" value="note" />
                            <input type="hidden" name="registrationId" value={r.id} />
                            <Field label={t("regional.mobile.note")} name="note" maxLength={1000} />
                            <Button type="submit" disabled={busy}>
                              {t("regional.mobile.noteSubmit")}
                            </Button>
                          </Form>
                        </details>
                        <details>
                          <summary>{t("regional.mobile.return")}</summary>
                          <Form method="post" className="dj-form">
                            <input type="hidden" name="intent" value="return" />
                            <input type="hidden" name="registrationId" value={r.id} />
                            <Field
                              label={t("regional.mobile.returnedOn")}
                              name="returnedOn"
                              type="date"
                              defaultValue={today}
                              max={today}
                            />
                            <Button type="submit" variant="secondary" disabled={busy}>
                              {t("regional.mobile.return")}
                            </Button>
                          </Form>
                        </details>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState message={t("regional.mobile.outgoingNone")} />
            )}
          </Card>

          <Card title={t("regional.mobile.incoming")}>
            {view.incoming.length ? (
              <ul className="rg-list" aria-label={t("regional.mobile.incoming")}>
                {view.incoming.map((r) => (
                  <li key={r.id} className="rg-item" data-member={r.member.name}>
                    <strong>{r.member.name}</strong>{" "}
                    <Badge tone={r.status === "ACCEPTED" ? "ok" : "warn"}>
                      {t(`regional.mobile.status.${r.status}`)}
                    </Badge>
                    <div className="dj-muted">
                      {r.homeBranch.name} · {r.destination}
                    </div>
                    <Contact r={r} />
                    {view.canManage && r.status === "AWAY" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="accept" />
                        <input type="hidden" name="registrationId" value={r.id} />
                        <Button
                          type="submit"
                          disabled={busy}
                          aria-label={`${t("regional.mobile.accept")} ${r.member.name}`}
                        >
                          {t("regional.mobile.accept")}
                        </Button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState message={t("regional.mobile.incomingNone")} />
            )}
          </Card>
        </div>
      ) : null}
    </RegionalPage>
  );
}
