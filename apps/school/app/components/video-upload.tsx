// Upload a video straight to S3 in presigned parts (the ui upload helpers); resumable after a
// reload (the upload id and finished parts are kept in localStorage) and cancellable. After
// the upload, the asset's processing status is followed until READY or FAILED.
import { useEffect, useRef, useState } from "react";
import { t } from "@dangjian/core/messages";
import { ProgressBar, putWithProgress, uploadFailureText } from "@dangjian/ui";

type Status = "UPLOADING" | "UPLOADED" | "PROBING" | "TRANSCODING" | "READY" | "FAILED";
interface Saved {
  assetId: string;
  fileName: string;
  size: number;
  parts: Record<number, string>;
}

const ENDPOINT = "/school/admin/upload";

async function call<T>(body: Record<string, unknown>): Promise<T> {
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const json = (await response.json().catch(() => ({ error: t("error.internal") }))) as T & { error?: string };
  if (!response.ok) throw new Error(json.error ?? t("error.internal"));
  return json;
}

export function VideoUpload({
  lessonId,
  initial,
}: {
  lessonId: string;
  initial: { id: string; status: Status; progress: number; failureReason: string | null } | null;
}) {
  const storageKey = `dj-upload:${lessonId}`;
  const fileRef = useRef<HTMLInputElement>(null);
  const transfers = useRef(new AbortController());
  const cancelled = useRef(false);
  const [assetId, setAssetId] = useState<string | null>(initial?.id ?? null);
  const [status, setStatus] = useState<Status | null>(initial?.status ?? null);
  const [percent, setPercent] = useState(initial?.progress ?? 0);
  const [reason, setReason] = useState<string | null>(initial?.failureReason ?? null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [hasSaved, setHasSaved] = useState(false);
  const [hydrated, setHydrated] = useState(false);

  useEffect(() => {
    setHasSaved(localStorage.getItem(storageKey) !== null);
    setHydrated(true);
  }, [storageKey]);

  // follow processing
  useEffect(() => {
    if (!assetId || !status || status === "READY" || status === "FAILED" || status === "UPLOADING") return;
    const timer = setInterval(() => {
      call<{ status: Status; progress: number; failureReason: string | null }>({ intent: "status", assetId })
        .then((s) => {
          setStatus(s.status);
          setPercent(s.progress);
          setReason(s.failureReason);
        })
        .catch(() => {});
    }, 1500);
    return () => clearInterval(timer);
  }, [assetId, status]);

  async function upload() {
    const file = fileRef.current?.files?.[0];
    if (!file) return;
    setBusy(true);
    setMessage(null);
    setReason(null);
    cancelled.current = false;
    transfers.current = new AbortController();
    let startedUpload = false;
    try {
      const started = await call<{ assetId: string; partSize: number; partCount: number; resumed: boolean }>({
        intent: "start",
        lessonId,
        fileName: file.name,
        contentType: file.type,
        sizeBytes: file.size,
      });
      startedUpload = true;
      setAssetId(started.assetId);
      setStatus("UPLOADING");
      const raw = localStorage.getItem(storageKey);
      const prior = raw ? (JSON.parse(raw) as Saved) : null;
      const saved: Saved =
        prior && prior.assetId === started.assetId && started.resumed
          ? prior
          : { assetId: started.assetId, fileName: file.name, size: file.size, parts: {} };
      localStorage.setItem(storageKey, JSON.stringify(saved));
      const partBytes = (n: number) => Math.min(started.partSize, file.size - (n - 1) * started.partSize);
      let doneBytes = Object.keys(saved.parts).reduce((sum, n) => sum + partBytes(Number(n)), 0);
      setPercent(Math.floor((doneBytes / file.size) * 100));
      const todo = Array.from({ length: started.partCount }, (_, i) => i + 1).filter((n) => !saved.parts[n]);
      for (let i = 0; i < todo.length; i += 10) {
        const batch = todo.slice(i, i + 10);
        const urls = await call<Array<{ partNumber: number; url: string }>>({
          intent: "sign",
          assetId: started.assetId,
          partNumbers: batch,
        });
        for (const { partNumber, url } of urls) {
          if (cancelled.current) return;
          const start = (partNumber - 1) * started.partSize;
          const blob = file.slice(start, start + partBytes(partNumber));
          const etag = await putWithProgress(url, blob, {
            onProgress: (loaded) => setPercent(Math.floor(((doneBytes + loaded) / file.size) * 100)),
            signal: transfers.current.signal,
          });
          if (!etag) throw new Error(t("upload.networkLost"));
          saved.parts[partNumber] = etag;
          doneBytes += blob.size;
          localStorage.setItem(storageKey, JSON.stringify(saved));
        }
      }
      const parts = Object.entries(saved.parts).map(([n, etag]) => ({ partNumber: Number(n), etag }));
      const done = await call<{ status: Status }>({ intent: "complete", assetId: started.assetId, parts });
      localStorage.removeItem(storageKey);
      setHasSaved(false);
      setStatus(done.status);
      setPercent(0);
      setMessage(t("school.admin.uploaded"));
    } catch (error) {
      if (cancelled.current) return;
      // refused before anything was stored (type, size): the reason alone; otherwise it can resume
      const reason = uploadFailureText(error, t("error.internal"));
      setMessage(startedUpload ? t("school.admin.uploadFailed", { reason }) : reason);
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    cancelled.current = true;
    transfers.current.abort();
    const raw = localStorage.getItem(storageKey);
    const id = assetId ?? (raw ? (JSON.parse(raw) as Saved).assetId : null);
    localStorage.removeItem(storageKey);
    setHasSaved(false);
    if (id) await call({ intent: "abort", assetId: id }).catch(() => {});
    setStatus(null);
    setAssetId(null);
    setBusy(false);
    setMessage(t("school.admin.cancelled"));
  }

  const statusText =
    status === null
      ? t("school.admin.noVideo")
      : status === "UPLOADING"
        ? t("school.admin.uploading", { percent })
        : status === "TRANSCODING"
          ? t("school.admin.status.TRANSCODING", { percent })
          : status === "FAILED"
            ? t("school.admin.status.FAILED", { reason: reason ?? "" })
            : t(`school.admin.status.${status}`);
  const showBar = status === "UPLOADING" || status === "TRANSCODING";
  return (
    <div className="sc-upload" data-testid={`upload-${lessonId}`} data-hydrated={hydrated ? "true" : "false"}>
      <p
        className={`sc-status sc-status--${status ?? "none"}`}
        data-testid="asset-status"
        data-status={status ?? "NONE"}
        aria-live="polite"
      >
        {statusText}
      </p>
      {showBar ? <ProgressBar percent={percent} label={statusText} showLabel={false} /> : null}
      {hasSaved && !busy ? <p className="sc-notice">{t("school.admin.resume")}</p> : null}
      {message ? <p role="status">{message}</p> : null}
      <label className="dj-field">
        <span>{t("school.admin.chooseFile")}</span>
        <input ref={fileRef} type="file" accept="video/*" disabled={busy} />
      </label>
      <div className="sc-player-bar">
        <button
          type="button"
          className="dj-btn dj-btn--primary"
          disabled={busy || !hydrated}
          onClick={() => void upload()}
        >
          {t("school.admin.upload")}
        </button>
        {busy || hasSaved ? (
          <button type="button" className="dj-btn dj-btn--secondary" onClick={() => void cancel()}>
            {t("school.admin.cancel")}
          </button>
        ) : null}
      </div>
    </div>
  );
}
