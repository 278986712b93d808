// /card/verify — public, no login: scan (camera, image) or paste a card QR; the answer comes from
// the device alone (cached trust list and status lists), so it works offline once the lists
// were downloaded, and refuses when they are older than the allowed age.
import { useEffect, useRef, useState } from "react";
import { t } from "@dangjian/core/messages";
import { QrScanner } from "@dangjian/ui/qr-scanner";
import type { MessageKey } from "@dangjian/core/messages";
import { AppShell, Button, Card, DetailList, PageTitle, formatDateTime, pageTitle } from "@dangjian/ui";
import type { Route } from "./+types/verify";
import { APP } from "../lib/app.ts";
import { loadCache, refreshCache, verifyWithCache, type VerifierAnswer, type VerifierCache } from "../lib/verifier.ts";

export const meta: Route.MetaFunction = () => [{ title: pageTitle(t("card.verify.title"), APP) }];

function reasonText(answer: VerifierAnswer): string {
  if (answer.reason === "cacheStale") return t("card.verify.listsStale");
  return t(`card.reason.${answer.reason}` as MessageKey);
}

export default function VerifyPage() {
  const [cache, setCache] = useState<VerifierCache | undefined>(undefined);
  const [loaded, setLoaded] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState(false);
  const [answer, setAnswer] = useState<{ result: VerifierAnswer; at: number } | null>(null);
  const scans = useRef(0);

  const refresh = async () => {
    setRefreshing(true);
    setRefreshError(false);
    try {
      setCache(await refreshCache());
    } catch {
      setRefreshError(true);
    } finally {
      setRefreshing(false);
    }
  };

  useEffect(() => {
    void (async () => {
      const cached = await loadCache().catch(() => undefined);
      setCache(cached);
      setLoaded(true);
      if (navigator.onLine) await refresh();
    })();
  }, []);

  const onText = (text: string) => {
    const at = Date.now();
    // signatures are checked by WebCrypto (asynchronous): only the latest scan's answer is shown
    const seq = ++scans.current;
    void verifyWithCache(text, cache, at).then((result) => {
      if (seq === scans.current) setAnswer({ result, at });
    });
  };

  const result = answer?.result;
  const claims = result && "claims" in result ? result.claims : undefined;
  return (
    <AppShell app={APP}>
      <PageTitle title={t("card.verify.title")} />
      <p>{t("card.verify.intro")}</p>
      {result ? (
        <section
          className={result.ok ? "dj-verdict dj-verdict--ok" : "dj-verdict dj-verdict--bad"}
          role="alert"
          data-testid="verdict"
          data-reason={result.reason}
        >
          <p className="dj-verdict__head">{result.ok ? t("card.verify.valid") : t("card.verify.invalid")}</p>
          <p className="dj-verdict__reason">{reasonText(result)}</p>
          {claims ? (
            <DetailList
              items={[
                { label: t("card.verify.name"), value: claims.name },
                { label: t("card.verify.memberNo"), value: <span className="dj-mono">{claims.memberNo}</span> },
                { label: t("card.verify.branch"), value: claims.branch },
                { label: t("card.verify.status"), value: t(`card.memberStatus.${claims.status}` as MessageKey) },
                ...("regionName" in result && result.regionName
                  ? [{ label: t("card.verify.issuer"), value: result.regionName }]
                  : []),
                { label: t("card.verify.expires"), value: formatDateTime(new Date(claims.exp * 1000)) },
                { label: t("card.verify.checkedAt"), value: formatDateTime(new Date(answer.at)) },
              ]}
            />
          ) : null}
        </section>
      ) : null}
      <Card title={t("card.verify.title")}>
        <QrScanner onText={onText} submitLabel={t("card.verify.submit")} idPrefix="verify" />
      </Card>
      <Card title={t("card.verify.listsTitle")}>
        <p data-testid="lists-state">
          {cache
            ? t("card.verify.listsFetched", {
                date: formatDateTime(new Date(cache.fetchedAt)),
                keys: cache.trust.keys.length,
                regions: Object.keys(cache.lists).length,
              })
            : loaded
              ? t("card.verify.listsNone")
              : "…"}
        </p>
        {refreshError ? <p role="status">{t("card.verify.refreshFailed")}</p> : null}
        <Button variant="secondary" onClick={() => void refresh()} disabled={refreshing}>
          {refreshing ? t("card.verify.refreshing") : t("card.verify.refresh")}
        </Button>
      </Card>
    </AppShell>
  );
}
