// Browser uploads, one way for all three apps: the bytes go with XMLHttpRequest (fetch has no
// upload progress), straight to S3 by a presigned PUT or to a route by POST; the progress bar
// and the texts are the same everywhere. The server checks and records what arrived.
import { useId, useState } from "react";
import { t } from "@dangjian/core/messages";

export interface SendOptions {
  method: "PUT" | "POST";
  url: string;
  body: Blob | FormData;
  /** Content-Type of a PUT body (a presigned URL may be signed for it). */
  contentType?: string;
  /** Parse the answer as JSON (`response`). */
  json?: boolean;
  onProgress?: (loaded: number, total: number) => void;
  /** Aborting rejects with an AbortError. */
  signal?: AbortSignal;
}

export interface SendAnswer<T> {
  status: number;
  etag: string | null;
  response: T | null;
}

/** The transfer itself failed: the network went, or the store refused the bytes. */
export class UploadTransferError extends Error {
  constructor(readonly status: number | null) {
    super(status === null ? t("upload.networkLost") : t("upload.storageRefused", { status }));
    this.name = "UploadTransferError";
  }
}

/** Sends a body with upload progress; resolves with whatever status the server answers. */
export function sendWithProgress<T = unknown>(options: SendOptions): Promise<SendAnswer<T>> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new DOMException("aborted", "AbortError"));
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    options.signal?.addEventListener("abort", abort, { once: true });
    const done = () => options.signal?.removeEventListener("abort", abort);
    xhr.open(options.method, options.url);
    if (options.contentType) xhr.setRequestHeader("Content-Type", options.contentType);
    if (options.json) xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    xhr.onload = () => {
      done();
      resolve({ status: xhr.status, etag: xhr.getResponseHeader("ETag"), response: (xhr.response as T) ?? null });
    };
    xhr.onerror = () => {
      done();
      reject(new UploadTransferError(null));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException("aborted", "AbortError"));
    };
    xhr.send(options.body);
  });
}

/** A presigned PUT; rejects unless the store accepted the bytes. Resolves with the ETag. */
export async function putWithProgress(
  url: string,
  body: Blob,
  options: Pick<SendOptions, "contentType" | "onProgress" | "signal"> = {},
): Promise<string | null> {
  const answer = await sendWithProgress({ method: "PUT", url, body, ...options });
  if (answer.status < 200 || answer.status >= 300) throw new UploadTransferError(answer.status);
  return answer.etag;
}

export const percentOf = (loaded: number, total: number) =>
  total > 0 ? Math.max(0, Math.min(100, Math.floor((loaded / total) * 100))) : 0;

export interface ProgressBarProps {
  /** null: under way, how far unknown. */
  percent: number | null;
  label: string;
  /** Show the label inside the bar (default) or only to assistive technology. */
  showLabel?: boolean;
}

export function ProgressBar({ percent, label, showLabel = true }: ProgressBarProps) {
  const p = percent === null ? null : Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div
      className={p === null ? "dj-progress dj-progress--busy" : "dj-progress"}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={p ?? undefined}
      aria-label={label}
    >
      <div className="dj-progress__fill" style={{ width: `${p ?? 100}%` }} />
      {showLabel ? <span className="dj-progress__text">{label}</span> : null}
    </div>
  );
}

export interface UploadTarget {
  url: string;
  key: string;
  /** The Content-Type the URL was signed for; the file's own type otherwise. */
  contentType?: string;
}

export interface UploadedFile {
  key: string;
  name: string;
  contentType: string;
}

export interface UploadMessages {
  uploading: (percent: number) => string;
  uploaded: (name: string) => string;
  failed: () => string;
}

const DEFAULT_MESSAGES: UploadMessages = {
  uploading: (percent) => t("upload.uploading", { percent }),
  uploaded: (name) => t("upload.uploaded", { name }),
  failed: () => t("upload.failed"),
};

const HAN = /\p{Script=Han}/u;

/** What the person reads when an upload fails: a reason in Chinese as it is, anything else generic. */
export function uploadFailureText(error: unknown, failed: string): string {
  return error instanceof Error && HAN.test(error.message) ? error.message : failed;
}

export interface UploadFieldProps {
  label: string;
  hint?: string;
  accept?: string;
  /** "field": a labelled file input; "button": the label is a button that opens the picker. */
  look?: "field" | "button";
  className?: string;
  disabled?: boolean;
  /** Ask the server where to put the file (a presigned PUT); throw an Error with zh-CN text to refuse. */
  prepare: (file: File) => Promise<UploadTarget>;
  /** After the bytes are stored: let the server check and record them. */
  confirm?: (target: UploadTarget, file: File) => Promise<void>;
  onBusy?: (busy: boolean) => void;
  /** Hidden inputs the surrounding form carries once the file is stored. */
  fields?: (file: UploadedFile) => Record<string, string>;
  messages?: Partial<UploadMessages>;
  statusTestId?: string;
}

type UploadState =
  | { kind: "idle" }
  | { kind: "uploading"; percent: number }
  | { kind: "done"; file: UploadedFile }
  | { kind: "failed"; message: string };

/** One file: pick it, watch it go to storage, read what happened. */
export function UploadField({
  label,
  hint,
  accept,
  look = "field",
  className,
  disabled,
  prepare,
  confirm,
  onBusy,
  fields,
  messages,
  statusTestId,
}: UploadFieldProps) {
  const id = useId();
  const text = { ...DEFAULT_MESSAGES, ...messages };
  const [state, setState] = useState<UploadState>({ kind: "idle" });

  async function upload(file: File) {
    onBusy?.(true);
    setState({ kind: "uploading", percent: 0 });
    try {
      const contentType = file.type || "application/octet-stream";
      const typed = file.type ? file : new File([file], file.name, { type: contentType });
      const target = await prepare(typed);
      await putWithProgress(target.url, typed, {
        contentType: target.contentType ?? contentType,
        onProgress: (loaded, total) => setState({ kind: "uploading", percent: percentOf(loaded, total) }),
      });
      await confirm?.(target, typed);
      setState({
        kind: "done",
        file: { key: target.key, name: file.name, contentType: target.contentType ?? contentType },
      });
    } catch (error) {
      // a server's refusal says why; a transfer that broke off gets the field's own "try again"
      const message = error instanceof UploadTransferError ? text.failed() : uploadFailureText(error, text.failed());
      setState({ kind: "failed", message });
    } finally {
      onBusy?.(false);
    }
  }

  const input = (
    <input
      id={id}
      type="file"
      accept={accept}
      className={look === "button" ? "dj-visually-hidden" : "dj-input"}
      disabled={disabled || state.kind === "uploading"}
      onChange={(e) => {
        const file = e.target.files?.[0];
        if (file) void upload(file);
        if (look === "button") e.target.value = "";
      }}
    />
  );
  return (
    <div className={["dj-field", "dj-upload", className].filter(Boolean).join(" ")}>
      {look === "button" ? (
        <label className="dj-btn dj-btn--secondary dj-upload__button">
          {label}
          {input}
        </label>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          {hint ? <p className="dj-field__hint">{hint}</p> : null}
          {input}
        </>
      )}
      {state.kind === "uploading" ? (
        <ProgressBar percent={state.percent} label={text.uploading(state.percent)} />
      ) : null}
      {state.kind === "done" ? (
        <>
          <p role="status" data-testid={statusTestId}>
            {text.uploaded(state.file.name)}
          </p>
          {Object.entries(fields?.(state.file) ?? {}).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
        </>
      ) : null}
      {state.kind === "failed" ? (
        <p role="alert" className="dj-field__error">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
