// The door to the live card: the signing, CBOR and QR code (~55 KB gzip) load when the member
// asks for the QR, or at once on a phone already bound (remembered locally), not with every visit.
import { Suspense, lazy, useEffect, useState } from "react";
import { t } from "@dangjian/core/messages";
import { Button, Card } from "@dangjian/ui";
import { BOUND_FLAG } from "../lib/app.ts";

const LiveCard = lazy(() => import("./live-card.tsx").then((m) => ({ default: m.LiveCard })));

export function ShowCard() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    try {
      if (localStorage.getItem(BOUND_FLAG) === "1") setOpen(true);
    } catch {
      // storage blocked: the member taps the button
    }
  }, []);
  if (open) {
    return (
      <Suspense fallback={<Card title={t("card.live.title")}>{t("card.live.loading")}</Card>}>
        <LiveCard />
      </Suspense>
    );
  }
  return (
    <Card title={t("card.live.title")}>
      <Button onClick={() => setOpen(true)} block>
        {t("card.live.open")}
      </Button>
    </Card>
  );
}
