// Small pieces shared by the ledger pages (dues, tasks, members, reports): their stylesheet, the
// section links, and a notice.
import { NavLink } from "react-router";
import { t } from "@dangjian/core/messages";
import ledgerCss from "../styles/ledger.css?url";

/** The ledger pages' stylesheet (each page's `links`). */
export const ledgerLinks = () => [{ rel: "stylesheet", href: ledgerCss }];

export function LedgerNav({ items }: { items: Array<{ to: string; label: string }> }) {
  return (
    <nav className="lg-nav" aria-label={t("app.branch")}>
      {items.map((item) => (
        <NavLink
          key={item.to}
          to={item.to}
          end
          className={({ isActive }) => (isActive ? "lg-nav__link is-active" : "lg-nav__link")}
        >
          {item.label}
        </NavLink>
      ))}
    </nav>
  );
}

export function Notice({ tone = "ok", children }: { tone?: "ok" | "warn"; children: React.ReactNode }) {
  return (
    <p className={`lg-notice lg-notice--${tone}`} role="status">
      {children}
    </p>
  );
}
