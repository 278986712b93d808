import { canAnywhere } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import type { Me } from "./session.server.ts";

/** A branch officer (secretary or committee member) runs the branch's meetings. */
export function isBranchOfficer(me: Pick<Me, "grants">): boolean {
  return canAnywhere(me.grants, "meeting.manage");
}

/** The ledger sections this person may open (every page checks again on the server). */
export function ledgerNavItems(me: Pick<Me, "grants" | "committeeOrgId">): Array<{ to: string; label: string }> {
  const officer = isBranchOfficer(me);
  const items: Array<{ to: string; label: string }> = [];
  if (officer) items.push({ to: "/dues", label: t("dues.ledgerLink") });
  items.push({ to: "/dues/arrears", label: t("dues.arrearsLink") });
  items.push({ to: "/tasks", label: t("tasks.title") });
  if (officer) items.push({ to: "/members", label: t("members.title") }, { to: "/reports", label: t("reports.title") });
  return items;
}
