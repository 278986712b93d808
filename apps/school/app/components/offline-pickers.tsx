// The offline-training form's two browser widgets: pick members by name (search within the
// admin's subtree) and upload an evidence file straight to S3 with a progress bar.
import { useState } from "react";
import { t } from "@dangjian/core/messages";
import { Meter } from "./school-nav.tsx";

const ENDPOINT = "/school/admin/organise-api";

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

interface Found {
  id: string;
  name: string;
  memberNo: string;
  branchName: string;
}

export function MemberPicker() {
  const [q, setQ] = useState("");
  const [found, setFound] = useState<Found[] | null>(null);
  const [chosen, setChosen] = useState<Found[]>([]);
  const [error, setError] = useState<string | null>(null);
  async function search() {
    setError(null);
    if (!q.trim()) return;
    try {
      const r = await call<{ members: Found[] }>({ intent: "search", q: q.trim() });
      setFound(r.members);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <fieldset className="sc-picker">
      <legend>{t("school.offline.members")}</legend>
      {chosen.map((m) => (
        <input key={m.id} type="hidden" name="memberIds" value={m.id} />
      ))}
      <div className="sc-picker-search">
        <label className="dj-field">
          <span>{t("school.offline.search")}</span>
          <input
            type="search"
            name="q"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void search();
              }
            }}
          />
        </label>
        <button type="button" className="dj-btn dj-btn--secondary" onClick={() => void search()}>
          {t("school.offline.searchButton")}
        </button>
      </div>
      {error ? (
        <p role="alert" className="sc-notice">
          {error}
        </p>
      ) : null}
      {found && found.length === 0 ? <p className="dj-muted">{t("school.offline.noMatch")}</p> : null}
      {found && found.length > 0 ? (
        <ul className="sc-picker-found" aria-label={t("school.offline.search")}>
          {found.map((m) => (
            <li key={m.id}>
              <label>
                <input
                  type="checkbox"
                  checked={chosen.some((c) => c.id === m.id)}
                  onChange={(e) =>
                    setChosen((prev) =>
                      e.target.checked ? [...prev.filter((c) => c.id !== m.id), m] : prev.filter((c) => c.id !== m.id),
                    )
                  }
                />
                {m.name}
                <small>
                  {" "}
                  {m.memberNo} · {m.branchName}
                </small>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="sc-picker-chosen" aria-live="polite">
        {t("school.offline.chosen", { count: chosen.length })}
        {chosen.length > 0 ? "：" : ""}
        {chosen.map((m) => m.name).join("、")}
      </p>
    </fieldset>
  );
}

export function EvidenceUpload() {
  const [percent, setPercent] = useState<number | null>(null);
  const [key, setKey] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function upload(file: File) {
    setError(null);
    setMessage(null);
    setKey("");
    setPercent(0);
    try {
      const signed = await call<{ key: string; url: string }>({
        intent: "sign",
        fileName: file.name,
        contentType: file.type,
        sizeBytes: file.size,
      });
      await new Promise<void>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open("PUT", signed.url);
        xhr.setRequestHeader("Content-Type", file.type);
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable) setPercent(Math.round((e.loaded / e.total) * 100));
        };
        xhr.onload = () =>
          xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(t("school.offline.uploadFailed")));
        xhr.onerror = () => reject(new Error(t("school.offline.uploadFailed")));
        xhr.send(file);
      });
      setPercent(100);
      setKey(signed.key);
      setMessage(t("school.offline.uploaded", { name: file.name }));
    } catch (e) {
      setPercent(null);
      setError((e as Error).message);
    }
  }
  return (
    <div className="sc-evidence">
      <input type="hidden" name="evidenceKey" value={key} />
      <label className="dj-field">
        <span>{t("school.offline.evidenceFile")}</span>
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp,application/pdf"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
        />
      </label>
      {percent !== null && percent < 100 ? (
        <Meter percent={percent} label={t("school.offline.uploading", { percent })} />
      ) : null}
      {percent !== null && percent < 100 ? (
        <p className="dj-muted">{t("school.offline.uploading", { percent })}</p>
      ) : null}
      {message ? (
        <p className="sc-ok" role="status" data-testid="evidence-uploaded">
          {message}
        </p>
      ) : null}
      {error ? (
        <p className="sc-notice" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
