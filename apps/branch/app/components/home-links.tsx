// The ledger's entry points on the branch home (and the committee's network home).
import { Link } from "react-router";
import { Card, buttonClass } from "@dangjian/ui";
import { t } from "@dangjian/core/messages";

export function LedgerLinks({ items }: { items: Array<{ to: string; label: string }> }) {
  return (
    <Card title={t("dues.homeLinksTitle")}>
      <nav aria-label={t("dues.homeLinksTitle")} style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem" }}>
        {items.map((item) => (
          <Link key={item.to} className={buttonClass("secondary")} to={item.to}>
            {item.label}
          </Link>
        ))}
      </nav>
    </Card>
  );
}
