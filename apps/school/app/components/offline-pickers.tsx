// The offline-training form's two browser widgets: pick members by name (search within the
// admin's subtree) and upload an evidence file straight to S3 (the ui upload widget).
import { useState } from "react";
import { t } from "@dangjian/core/messages";
import { UploadField } from "@dangjian/ui";

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
  return (
    <UploadField
      className="sc-evidence"
      label={t("school.offline.evidenceFile")}
      accept="image/jpeg,image/png,image/webp,application/pdf"
      prepare={(file) =>
        call<{ key: string; url: string }>({
          intent: "sign",
          fileName: file.name,
          contentType: file.type,
          sizeBytes: file.size,
        })
      }
      fields={(file) => ({ evidenceKey: file.key })}
      messages={{
        uploading: (percent) => t("school.offline.uploading", { percent }),
        uploaded: (name) => t("school.offline.uploaded", { name }),
        failed: () => t("school.offline.uploadFailed"),
      }}
      statusTestId="evidence-uploaded"
    />
  );
}
