// The member's rotating QR (browser only): the card signed by the region, plus this phone's
// signature over the current 30-second step, redrawn every step. Works offline from the last sync.
import { useCallback, useEffect, useState } from "react";
import QRCode from "qrcode";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import { CARD_QR_ECC, STEP_SECONDS, base64url, compressP256, fromBase64url, timeStep } from "@dangjian/core/card";
import { Button, Card, DetailList, formatDateTime, formatDay, formatMonth } from "@dangjian/ui";
import {
  deviceKeys,
  devicePublicKey,
  loadSync,
  proofQr,
  saveSync,
  webCryptoAvailable,
  type StoredSync,
} from "../lib/device.ts";
import { browserApi } from "../lib/trpc.ts";
import { BOUND_FLAG } from "../lib/app.ts";

function rememberBound(bound: boolean) {
  try {
    if (bound) localStorage.setItem(BOUND_FLAG, "1");
    else localStorage.removeItem(BOUND_FLAG);
  } catch {
    // storage blocked: the member taps the button next time
  }
}

type Phase = "loading" | "unsupported" | "needsBind" | "otherDevice" | "noCard" | "ready";

async function qrSvg(text: string): Promise<string> {
  // alphanumeric mode (Base45 uses exactly the QR alphanumeric alphabet), error correction L (ADR 0502)
  return QRCode.toString([{ data: text, mode: "alphanumeric" }], {
    type: "svg",
    errorCorrectionLevel: CARD_QR_ECC,
    margin: 4,
  });
}

function toStored(sync: Awaited<ReturnType<ReturnType<typeof browserApi>["card"]["sync"]["mutate"]>>): StoredSync {
  return {
    ...sync,
    expiresAt: sync.expiresAt ? new Date(sync.expiresAt).toISOString() : null,
    syncedAt: new Date(sync.syncedAt).toISOString(),
  };
}

export function LiveCard() {
  const [phase, setPhase] = useState<Phase>("loading");
  const [sync, setSync] = useState<StoredSync | null>(null);
  const [keys, setKeys] = useState<CryptoKeyPair | null>(null);
  const [localKey, setLocalKey] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [svg, setSvg] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const judge = useCallback((s: StoredSync | null, local: string | null) => {
    if (!s) return "loading" as const;
    if (!s.credential || !s.devicePublicKey)
      return s.cardStatus === "SUSPENDED" || s.cardStatus === "REVOKED" ? ("noCard" as const) : ("needsBind" as const);
    return s.devicePublicKey === local ? ("ready" as const) : ("otherDevice" as const);
  }, []);

  useEffect(() => {
    if (!webCryptoAvailable()) {
      setPhase("unsupported");
      return;
    }
    let cancelled = false;
    void (async () => {
      const pair = await deviceKeys();
      const local = base64url(compressP256(fromBase64url(await devicePublicKey(pair))));
      if (cancelled) return;
      setKeys(pair);
      setLocalKey(local);
      const stored = (await loadSync()) ?? null;
      if (stored) {
        setSync(stored);
        setPhase(judge(stored, local));
      }
      try {
        const fresh = toStored(await browserApi().card.sync.mutate());
        await saveSync(fresh);
        if (cancelled) return;
        setSync(fresh);
        setOffline(false);
        setPhase(judge(fresh, local));
        rememberBound(judge(fresh, local) === "ready");
      } catch {
        if (cancelled) return;
        setOffline(true);
        if (!stored) setError(t("card.live.syncFailed"));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [judge]);

  // one tick a second for the countdown; a new proof and QR whenever the step changes
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const step = timeStep(now);
  useEffect(() => {
    if (phase !== "ready" || !sync?.credential || !keys) return;
    let cancelled = false;
    void proofQr(sync.credential, keys, Date.now())
      .then(qrSvg)
      .then((s) => {
        if (!cancelled) setSvg(s);
      });
    return () => {
      cancelled = true;
    };
  }, [phase, sync, keys, step]);

  const bind = async () => {
    if (!keys) return;
    setBusy(true);
    setError(null);
    try {
      const fresh = toStored(await browserApi().card.bindDevice.mutate({ publicKey: await devicePublicKey(keys) }));
      await saveSync(fresh);
      setSync(fresh);
      setPhase(judge(fresh, localKey));
      rememberBound(judge(fresh, localKey) === "ready");
    } catch (e) {
      setError(e instanceof Error && e.message ? e.message : t("card.live.syncFailed"));
    } finally {
      setBusy(false);
    }
  };

  if (phase === "unsupported") return <Card title={t("card.live.title")}>{t("card.live.unsupported")}</Card>;
  const secondsLeft = STEP_SECONDS - (Math.floor(now / 1000) % STEP_SECONDS);
  return (
    <Card title={t("card.live.title")} className="dj-live-card">
      {phase === "loading" ? <p role="status">{t("card.live.loading")}</p> : null}
      {phase === "noCard" ? <p role="alert">{t("card.live.noCard")}</p> : null}
      {phase === "needsBind" || phase === "otherDevice" ? (
        <div>
          <p>{phase === "otherDevice" ? t("card.live.otherDevice") : t("card.live.bindIntro")}</p>
          <Button onClick={() => void bind()} disabled={busy || offline} block>
            {busy ? t("card.live.binding") : t("card.live.bind")}
          </Button>
        </div>
      ) : null}
      {phase === "ready" && svg ? (
        <div>
          <p>{t("card.live.intro")}</p>
          <div
            className="dj-live-card__qr"
            data-testid="card-qr"
            role="img"
            aria-label={t("card.live.qrLabel")}
            dangerouslySetInnerHTML={{ __html: svg }}
          />
          <p className="dj-live-card__countdown" aria-live="off">
            {t("card.live.refreshIn", { seconds: secondsLeft })}
          </p>
        </div>
      ) : null}
      {sync && phase !== "loading" ? (
        <DetailList
          items={[
            { label: t("card.branch"), value: sync.branchName },
            { label: t("card.memberStatus"), value: t(`card.memberStatus.${sync.memberStatus}` as MessageKey) },
            { label: t("card.partyAge"), value: t("card.partyAgeValue", { years: sync.partyAgeYears }) },
            {
              label: t("card.live.duesPaidThrough"),
              value: sync.duesPaidThrough ? formatMonth(sync.duesPaidThrough) : t("card.live.duesNone"),
            },
            {
              label: t("card.live.studyHours"),
              value: t("card.live.studyHoursValue", { hours: sync.studyHoursThisYear }),
            },
            ...(sync.expiresAt ? [{ label: t("card.live.expires"), value: formatDay(new Date(sync.expiresAt)) }] : []),
          ]}
        />
      ) : null}
      {sync ? (
        <p className="dj-muted" data-testid="card-synced">
          {offline
            ? t("card.live.offline", { date: formatDateTime(new Date(sync.syncedAt)) })
            : t("card.live.syncedAt", { date: formatDateTime(new Date(sync.syncedAt)) })}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="dj-error">
          {error}
        </p>
      ) : null}
      <details>
        <summary>{t("card.live.lost")}</summary>
        <p>{t("card.live.lostIntro")}</p>
      </details>
    </Card>
  );
}
