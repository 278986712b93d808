import { canAnywhere, type Permission } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import type { Me } from "../lib/session.server.ts";

export type NavKey = "catalogue" | "hours" | "admin" | "compliance" | "offline" | "assign";

export function navFor(me: Pick<Me, "grants" | "memberId">) {
  const may = (permission: Permission) => canAnywhere(me.grants, permission);
  return {
    member: me.memberId !== null,
    staff: may("school.manage"),
    /** may see the compliance of a subtree's members */
    officer: may("member.list"),
    /** may record offline training (branch officers hold meeting.manage; the school holds school.manage) */
    offline: may("meeting.manage") || may("school.manage"),
    /** may assign required courses (committees hold task.send; the school holds school.manage) */
    assign: may("task.send") || may("school.manage"),
  };
}

export function SchoolNav({ current, nav }: { current: NavKey | null; nav: ReturnType<typeof navFor> }) {
  const items: Array<{ key: NavKey; href: string; show: boolean }> = [
    { key: "catalogue", href: "/school/", show: true },
    { key: "hours", href: "/school/hours", show: nav.member },
    { key: "compliance", href: "/school/compliance", show: nav.officer },
    { key: "admin", href: "/school/admin", show: nav.staff },
    { key: "offline", href: "/school/admin/offline", show: nav.offline },
    { key: "assign", href: "/school/admin/assign", show: nav.assign },
  ];
  return (
    <nav className="sc-nav" aria-label={t("app.school")}>
      <ul>
        {items
          .filter((i) => i.show)
          .map((i) => (
            <li key={i.key}>
              <a href={i.href} aria-current={current === i.key ? "page" : undefined}>
                {t(`school.nav.${i.key}`)}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}

export function Meter({ percent, ok, label }: { percent: number; ok?: boolean; label: string }) {
  const p = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div
      className={ok ? "sc-meter sc-meter--ok" : "sc-meter"}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={p}
      aria-label={label}
    >
      <div style={{ width: `${p}%` }} />
    </div>
  );
}

export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}
