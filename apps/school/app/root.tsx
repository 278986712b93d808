// the school catalogue (ADR 0903): every school page shows it, no other app does
import "@dangjian/core/messages/school";
import { Outlet } from "react-router";
import type { ReactNode } from "react";
import { AppDocument, AppErrorPage } from "@dangjian/ui";
import stylesHref from "@dangjian/ui/styles.css?url";
import schoolStylesHref from "./school.css?url";
import type { Route } from "./+types/root";
import { APP } from "./lib/app.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "stylesheet", href: schoolStylesHref },
  { rel: "icon", href: `${import.meta.env.BASE_URL}icon.svg`, type: "image/svg+xml" },
];

export function Layout({ children }: { children: ReactNode }) {
  return <AppDocument>{children}</AppDocument>;
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return <AppErrorPage app={APP} error={error} />;
}
