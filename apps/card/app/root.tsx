import { Outlet } from "react-router";
import { useEffect, type ReactNode } from "react";
import { t } from "@dangjian/core/messages";
import { AppDocument, AppErrorPage } from "@dangjian/ui";
import stylesHref from "@dangjian/ui/styles.css?url";
import type { Route } from "./+types/root";
import { APP } from "./lib/app.ts";
import { registerCardServiceWorker } from "./lib/service-worker.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: `${import.meta.env.BASE_URL}icon.svg`, type: "image/svg+xml" },
  // Installable: the card is what a member opens most, often from the home screen.
  { rel: "manifest", href: `${import.meta.env.BASE_URL}manifest.webmanifest` },
  { rel: "apple-touch-icon", href: `${import.meta.env.BASE_URL}icons/icon-192.png` },
];

// Installable: the card is what a member opens most, often from the home screen.
const HEAD = (
  <>
    <meta name="mobile-web-app-capable" content="yes" />
    <meta name="apple-mobile-web-app-title" content={t("app.card")} />
  </>
);

export function Layout({ children }: { children: ReactNode }) {
  return <AppDocument head={HEAD}>{children}</AppDocument>;
}

export default function App() {
  useEffect(registerCardServiceWorker, []);
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <AppErrorPage app={APP} error={error} />;
}
