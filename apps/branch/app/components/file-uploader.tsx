// Photos and files go from the browser straight to S3 by a presigned PUT, with a progress bar
// (XMLHttpRequest upload progress); the server then checks the object with HEAD and records it.
import { useState } from "react";
import { useRevalidator } from "react-router";
import { t } from "@dangjian/core/messages";
import { BASENAME } from "../lib/app.ts";

type State =
  | { kind: "idle" }
  | { kind: "uploading"; percent: number; name: string }
  | { kind: "done"; name: string }
  | { kind: "error"; message: string };

async function post(
  meetingId: string,
  body: Record<string, string>,
): Promise<{ error?: string; url?: string; key?: string }> {
  const response = await fetch(`${BASENAME}/meetings/${meetingId}/upload`, {
    method: "POST",
    body: new URLSearchParams(body),
    credentials: "same-origin",
  });
  return (await response.json()) as { error?: string; url?: string; key?: string };
}

function putWithProgress(url: string, file: File, onProgress: (percent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.setRequestHeader("Content-Type", file.type);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(String(xhr.status))));
    xhr.onerror = () => reject(new Error("network"));
    xhr.send(file);
  });
}

export function FileUploader({ meetingId, locked }: { meetingId: string; locked: boolean }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [reason, setReason] = useState("");
  const revalidator = useRevalidator();

  async function upload(file: File) {
    setState({ kind: "uploading", percent: 0, name: file.name });
    try {
      const start = await post(meetingId, {
        intent: "start",
        fileName: file.name,
        contentType: file.type || "application/octet-stream",
        sizeBytes: String(file.size),
      });
      if (start.error || !start.url || !start.key)
        return setState({ kind: "error", message: start.error ?? t("orglife.uploadFailed") });
      await putWithProgress(start.url, file, (percent) => setState({ kind: "uploading", percent, name: file.name }));
      const done = await post(meetingId, { intent: "confirm", key: start.key, fileName: file.name, reason });
      if (done.error) return setState({ kind: "error", message: done.error });
      setState({ kind: "done", name: file.name });
      await revalidator.revalidate();
    } catch {
      setState({ kind: "error", message: t("orglife.uploadFailed") });
    }
  }

  return (
    <div className="ol-uploader">
      {locked ? (
        <div className="dj-field">
          <label htmlFor="ol-upload-reason">{t("orglife.amendReason")}</label>
          <input
            id="ol-upload-reason"
            className="dj-input"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      ) : null}
      <label className="dj-btn dj-btn--secondary ol-file-label">
        {t("orglife.chooseFile")}
        <input
          type="file"
          accept="image/*,.pdf,.doc,.docx,.xls,.xlsx"
          className="dj-visually-hidden"
          disabled={state.kind === "uploading"}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
            e.target.value = "";
          }}
        />
      </label>
      {state.kind === "uploading" ? (
        <div
          className="ol-progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={state.percent}
          aria-label={t("orglife.uploading", { percent: state.percent })}
        >
          <div className="ol-progress__fill" style={{ width: `${state.percent}%` }} />
          <span>{t("orglife.uploading", { percent: state.percent })}</span>
        </div>
      ) : null}
      {state.kind === "done" ? <p role="status">{t("orglife.uploaded", { name: state.name })}</p> : null}
      {state.kind === "error" ? (
        <p role="alert" className="dj-field__error">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
