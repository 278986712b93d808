// Check-in by e-party card on the meeting page (the host's or a confirmed partner's secretary):
// every scan goes into a queue on this phone (IndexedDB) first and is sent from there, so a scan
// made with no network is kept and sent when the network is back. Sending is idempotent: the
// server answers a repeated scan with the first check-in.
import { useCallback, useEffect, useState } from "react";
import { useRevalidator } from "react-router";
import { createStore, get, set } from "idb-keyval";
import { TRPCClientError } from "@trpc/client";
import { t } from "@dangjian/core/messages";
import { QrScanner } from "@dangjian/ui/qr-scanner";
import { Card } from "@dangjian/ui";
import { browserApi } from "../lib/trpc.ts";

interface QueuedScan {
  id: string;
  meetingId: string;
  token: string;
  scannedAt: string;
}

interface Outcome {
  id: string;
  ok: boolean;
  text: string;
}

const store = () => createStore("dangjian-card-scan", "queue");
const MAX_QUEUE = 500;

async function readQueue(): Promise<QueuedScan[]> {
  return (await get<QueuedScan[]>("scans", store())) ?? [];
}

async function writeQueue(queue: QueuedScan[]): Promise<void> {
  await set("scans", queue, store());
}

/** A network failure (nothing answered) keeps the scan queued; an answer of any kind settles it. */
function answered(error: unknown): boolean {
  return error instanceof TRPCClientError && typeof error.data?.httpStatus === "number";
}

export function CardScan({ meetingId }: { meetingId: string }) {
  const revalidator = useRevalidator();
  const [queued, setQueued] = useState(0);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [sending, setSending] = useState(false);

  const flush = useCallback(async () => {
    if (sending) return;
    setSending(true);
    let changed = false;
    try {
      for (const scan of await readQueue()) {
        if (typeof navigator !== "undefined" && !navigator.onLine) break;
        try {
          const result = await browserApi().orglife.checkIn.mutate({
            meetingId: scan.meetingId,
            proof: { kind: "cardToken", token: scan.token, scannedAt: new Date(scan.scannedAt) },
          });
          const name = result.memberName ?? "";
          setOutcomes((o) =>
            [
              {
                id: scan.id,
                ok: true,
                text: result.repeated ? t("orglife.cardScanRepeated", { name }) : t("orglife.cardScanDone", { name }),
              },
              ...o,
            ].slice(0, 20),
          );
          changed = true;
        } catch (error) {
          if (!answered(error)) break;
          setOutcomes((o) => [{ id: scan.id, ok: false, text: (error as Error).message }, ...o].slice(0, 20));
        }
        await writeQueue((await readQueue()).filter((s) => s.id !== scan.id));
      }
    } finally {
      setQueued((await readQueue()).filter((s) => s.meetingId === meetingId).length);
      setSending(false);
      // refresh the attendance list only with a network: a reload that fails offline would
      // replace the page (and this scanner) with an error page
      if (changed && navigator.onLine) void revalidator.revalidate();
    }
  }, [meetingId, revalidator, sending]);

  useEffect(() => {
    void readQueue().then((q) => setQueued(q.filter((s) => s.meetingId === meetingId).length));
    void flush();
    const onOnline = () => void flush();
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
    // flush once on mount and whenever the network returns; `flush` changes identity with
    // `sending`, and re-running this effect then would flush again and re-add the listener
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [meetingId]);

  const onText = async (token: string) => {
    const queue = await readQueue();
    if (queue.length >= MAX_QUEUE) {
      setOutcomes((o) => [{ id: String(Date.now()), ok: false, text: t("orglife.cardScanQueueFull") }, ...o]);
      return;
    }
    await writeQueue([...queue, { id: crypto.randomUUID(), meetingId, token, scannedAt: new Date().toISOString() }]);
    setQueued(queue.filter((s) => s.meetingId === meetingId).length + 1);
    await flush();
  };

  return (
    <Card title={t("orglife.cardScanTitle")}>
      <p>{t("orglife.cardScanIntro")}</p>
      <QrScanner onText={(text) => void onText(text)} submitLabel={t("orglife.cardScanSubmit")} idPrefix="card-scan" />
      <p data-testid="scan-queue" role="status" data-queued={queued}>
        {queued > 0 ? t("orglife.cardScanQueued", { count: queued }) : t("orglife.cardScanQueueEmpty")}
      </p>
      {outcomes.length ? (
        <ul className="ol-scan-outcomes" data-testid="scan-outcomes">
          {outcomes.map((o) => (
            <li key={o.id} className={o.ok ? "ol-scan-ok" : "ol-scan-bad"}>
              {o.text}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
