// The HTML document, the error page and the login page every app shares.
import { Form, Links, Meta, Scripts, ScrollRestoration, useNavigation } from "react-router";
import { useContext, useEffect, type ReactNode } from "react";
import { t } from "@dangjian/core/messages";
import { describeRouteError } from "./errors.ts";
import { AppShell, appHome, pageTitle, type AppId } from "./shell.tsx";
import { ErrorPanel, buttonClass } from "./primitives.tsx";
import { LoginForm } from "./login.tsx";
import { NonceContext } from "./nonce.ts";
import { forgetCardOnThisDevice } from "./card-device.ts";

export function AppDocument({ children, head }: { children: ReactNode; head?: ReactNode }) {
  const nonce = useContext(NonceContext);
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#c8102e" />
        {head}
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** 403 / 404 / 500 as a friendly page in the app's shell; never a stack trace. */
export function AppErrorPage({ app, error }: { app: AppId; error: unknown }) {
  const described = describeRouteError(error);
  return (
    <AppShell app={app}>
      <title>{pageTitle(described.title, app)}</title>
      <ErrorPanel
        title={described.title}
        message={described.message}
        detail={t("errorPage.status", { status: described.status })}
        level={1}
      >
        <a className={buttonClass("secondary")} href={appHome(app)}>
          {t("errorPage.backHome")}
        </a>
      </ErrorPanel>
    </AppShell>
  );
}

/** The whole login page: the shell and the form posting to the route's own action. */
export function LoginPage({
  app,
  next,
  actionData,
}: {
  app: AppId;
  next: string | null;
  actionData?: { identifier: string; error: string } | undefined;
}) {
  const navigation = useNavigation();
  // nobody is signed in on this browser: the e-party card must not stay on it (ADR 0503)
  useEffect(() => void forgetCardOnThisDevice(), []);
  return (
    <AppShell app={app}>
      <LoginForm
        app={app}
        Form={Form}
        identifier={actionData?.identifier}
        error={actionData?.error}
        next={next}
        pending={navigation.state !== "idle" && navigation.formMethod === "POST"}
      />
    </AppShell>
  );
}
