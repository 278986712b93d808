import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "react-router";
import type { ReactNode } from "react";
import { t } from "@dangjian/core/messages";
import { AppShell, ErrorPanel, appHome, buttonClass, describeRouteError, pageTitle } from "@dangjian/ui";
import stylesHref from "@dangjian/ui/styles.css?url";
import type { Route } from "./+types/root";
import { APP } from "./lib/app.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: `${import.meta.env.BASE_URL}icon.svg`, type: "image/svg+xml" },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#c8102e" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const described = describeRouteError(error);
  return (
    <AppShell app={APP}>
      <title>{pageTitle(described.title, APP)}</title>
      <ErrorPanel
        title={described.title}
        message={described.message}
        detail={t("errorPage.status", { status: described.status })}
        level={1}
      >
        <a className={buttonClass("secondary")} href={appHome(APP)}>
          {t("errorPage.backHome")}
        </a>
      </ErrorPanel>
    </AppShell>
  );
}
