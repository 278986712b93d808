// 账号安全: change the password (optionally ending the other sessions) and "log out everywhere".
import { data, Form, Link, redirect, useNavigation } from "react-router";
import { t } from "@dangjian/core/messages";
import { AppShell, Button, Card, ErrorPanel, Field, PageTitle, buttonClass, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/password";
import { APP } from "../lib/app.ts";
import { requireMe, shellUser, actionError } from "../lib/session.server.ts";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("account.title"), APP) }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const me = await requireMe(context, request);
  return { user: shellUser(me) };
}

type ActionData = { ok: false; error: string } | { ok: true; message: string };

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "logoutEverywhere") {
    try {
      await context.api.auth.logoutEverywhere();
    } catch {
      // already signed out: clearing the cookie is all that is left
    }
    return redirect("/login", { headers: { "Set-Cookie": context.sessionCookie.clear() } });
  }
  const currentPassword = String(form.get("currentPassword") ?? "");
  const newPassword = String(form.get("newPassword") ?? "");
  const logoutOthers = form.get("logoutOthers") === "on";
  if (!currentPassword) return data<ActionData>({ ok: false, error: t("auth.passwordRequired") }, { status: 400 });
  if (newPassword !== String(form.get("confirmPassword") ?? ""))
    return data<ActionData>({ ok: false, error: t("auth.passwordMismatch") }, { status: 400 });
  try {
    await context.api.auth.changePassword({ currentPassword, newPassword, logoutOthers });
    return data<ActionData>({
      ok: true,
      message: t(logoutOthers ? "auth.passwordChangedOthersEnded" : "auth.passwordChanged"),
    });
  } catch (error) {
    return actionError(error, request, { ok: false as const });
  }
}

export default function PasswordPage({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" && navigation.formMethod === "POST";
  return (
    <AppShell app={APP} user={loaderData.user}>
      <PageTitle
        title={t("account.title")}
        actions={
          <Link className={buttonClass("secondary")} to="/me">
            {t("common.back")}
          </Link>
        }
      />
      <div className="dj-stack">
        <Card title={t("account.changePassword")}>
          <p>{t("account.intro")}</p>
          {actionData && !actionData.ok ? (
            <ErrorPanel title={t("account.failedTitle")} message={actionData.error} />
          ) : null}
          {actionData?.ok ? (
            <p className="ol-success" role="status">
              {actionData.message}
            </p>
          ) : null}
          <Form method="post" className="dj-form" noValidate>
            <input type="hidden" name="intent" value="change" />
            <Field
              label={t("account.currentPassword")}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
            />
            <Field
              label={t("account.newPassword")}
              name="newPassword"
              type="password"
              autoComplete="new-password"
              hint={t("account.newPasswordHint")}
              required
            />
            <Field
              label={t("account.confirmPassword")}
              name="confirmPassword"
              type="password"
              autoComplete="new-password"
              required
            />
            <div className="dj-field">
              <label>
                <input type="checkbox" name="logoutOthers" defaultChecked /> {t("account.logoutOthers")}
              </label>
            </div>
            <Button type="submit" disabled={pending}>
              {t("account.submit")}
            </Button>
          </Form>
        </Card>
        <Card title={t("account.logoutEverywhereTitle")}>
          <p>{t("account.logoutEverywhereIntro")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="logoutEverywhere" />
            <Button type="submit" variant="secondary">
              {t("account.logoutEverywhere")}
            </Button>
          </Form>
        </Card>
      </div>
    </AppShell>
  );
}
