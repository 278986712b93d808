// A file picked in the browser goes straight to S3 (presigned PUT) with a progress bar; the form
// then carries only the object key, name and type in hidden inputs.
import { useId, useState } from "react";
import { t } from "@dangjian/core/messages";
import { Progress } from "./ledger-nav.tsx";
import { putWithProgress } from "../lib/upload.ts";
import { errorMessage } from "../lib/trpc.ts";

export interface PreparedUpload {
  key: string;
  url: string;
  contentType: string;
}

export function FileUpload({
  label,
  hint,
  prepare,
  onBusy,
}: {
  label: string;
  hint?: string;
  prepare: (file: File) => Promise<PreparedUpload>;
  onBusy?: (busy: boolean) => void;
}) {
  const id = useId();
  const [state, setState] = useState<
    | { kind: "idle" }
    | { kind: "uploading"; percent: number }
    | { kind: "done"; key: string; name: string; contentType: string }
    | { kind: "failed"; message: string }
  >({ kind: "idle" });
  async function choose(file: File | undefined) {
    if (!file) return;
    onBusy?.(true);
    setState({ kind: "uploading", percent: 0 });
    try {
      const contentType = file.type || "application/octet-stream";
      const prepared = await prepare(new File([file], file.name, { type: contentType }));
      await putWithProgress(prepared.url, file, prepared.contentType, (percent) =>
        setState({ kind: "uploading", percent }),
      );
      setState({ kind: "done", key: prepared.key, name: file.name, contentType: prepared.contentType });
    } catch (error) {
      setState({ kind: "failed", message: errorMessage(error, t("tasks.uploadFailed")) });
    } finally {
      onBusy?.(false);
    }
  }
  return (
    <div className="dj-field">
      <label htmlFor={id}>{label}</label>
      {hint ? <p className="dj-field__hint">{hint}</p> : null}
      <input id={id} type="file" className="dj-input" onChange={(e) => void choose(e.target.files?.[0])} />
      {state.kind === "uploading" ? (
        <Progress percent={state.percent} label={t("tasks.uploading", { percent: state.percent })} />
      ) : null}
      {state.kind === "done" ? (
        <>
          <p role="status">{t("tasks.uploaded", { name: state.name })}</p>
          <input type="hidden" name="fileKey" value={state.key} />
          <input type="hidden" name="fileName" value={state.name} />
          <input type="hidden" name="fileType" value={state.contentType} />
        </>
      ) : null}
      {state.kind === "failed" ? (
        <p className="dj-field__error" role="alert">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}

/** The file a form carries from FileUpload, if any. */
export function fileFromForm(form: FormData): { key: string; fileName: string; contentType: string } | null {
  const key = form.get("fileKey");
  if (typeof key !== "string" || key === "") return null;
  return {
    key,
    fileName: String(form.get("fileName") ?? "file"),
    contentType: String(form.get("fileType") ?? "application/octet-stream"),
  };
}
