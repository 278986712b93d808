// The page frame shared by the three apps. Links between apps are plain anchors: each app is
// its own React Router build under its own base path, so crossing apps is a document load.
import type { ReactNode } from "react";
import { t } from "@dangjian/core/messages";
import type { AppId } from "./app-id.ts";
import { SearchBox } from "./search.tsx";

export type { AppId };

export const APP_IDS: readonly AppId[] = ["branch", "school", "card"];

export interface ShellUser {
  displayName: string;
}

export interface AppShellProps {
  app: AppId;
  /** The signed-in person; without it the header shows no name and no logout button. */
  user?: ShellUser | null;
  children: ReactNode;
}

export function appHome(app: AppId): string {
  return `/${app}/`;
}

/** The document title: the page first (what a tab or history entry should show), then the app. */
export function pageTitle(page: string, app: AppId): string {
  return `${page} - ${t(`app.${app}`)}`;
}

export function AppShell({ app, user, children }: AppShellProps) {
  return (
    <>
      <a className="dj-skip" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="dj-header">
        <div className="dj-header__bar dj-container">
          <a className="dj-brand" href={appHome(app)}>
            <span className="dj-brand__mark" aria-hidden="true" />
            {t(`app.${app}`)}
          </a>
          {user ? (
            <div className="dj-user">
              <span className="dj-user__name" title={t("app.signedInAs", { name: user.displayName })}>
                {user.displayName}
              </span>
              {/* A plain form posts even before the page has hydrated on a slow phone. */}
              <form method="post" action={`/${app}/logout`} className="dj-user__logout">
                <button type="submit" className="dj-btn dj-btn--secondary dj-btn--small">
                  {t("login.logout")}
                </button>
              </form>
            </div>
          ) : null}
        </div>
        {user ? (
          <div className="dj-container dj-header__search">
            <SearchBox app={app} />
          </div>
        ) : null}
        <nav className="dj-switcher" aria-label={t("app.switcherLabel")}>
          <ul className="dj-container">
            {APP_IDS.map((id) => (
              <li key={id}>
                <a href={appHome(id)} aria-current={id === app ? "true" : undefined}>
                  {t(`app.${id}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="dj-main dj-container" tabIndex={-1}>
        {children}
      </main>
      <footer className="dj-footer">
        <div className="dj-container">{t("app.name")}</div>
      </footer>
    </>
  );
}

export interface PageTitleProps {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}

export function PageTitle({ title, subtitle, actions }: PageTitleProps) {
  return (
    <div className="dj-page-title">
      <h1>{title}</h1>
      {subtitle ? <p className="dj-page-title__subtitle">{subtitle}</p> : null}
      {actions ? <div className="dj-page-title__actions">{actions}</div> : null}
    </div>
  );
}
