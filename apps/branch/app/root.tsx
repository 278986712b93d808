import { Outlet } from "react-router";
import type { ReactNode } from "react";
import { AppDocument, AppErrorPage } from "@dangjian/ui";
import stylesHref from "@dangjian/ui/styles.css?url";
import appStylesHref from "./styles/app.css?url";
import type { Route } from "./+types/root";
import { APP } from "./lib/app.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "stylesheet", href: appStylesHref },
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
