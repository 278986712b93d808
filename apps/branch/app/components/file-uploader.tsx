// Photos and files of a meeting go from the browser straight to S3 (the ui upload widget); the
// server then checks the object with HEAD and records it. A locked record asks for a reason.
import { useState } from "react";
import { useRevalidator } from "react-router";
import { t } from "@dangjian/core/messages";
import { UploadField } from "@dangjian/ui";
import { BASENAME } from "../lib/app.ts";

async function post(meetingId: string, body: Record<string, string>): Promise<{ url: string; key: string }> {
  const response = await fetch(`${BASENAME}/meetings/${meetingId}/upload`, {
    method: "POST",
    body: new URLSearchParams(body),
    credentials: "same-origin",
  });
  const answer = (await response.json()) as { error?: string; url?: string; key?: string };
  if (answer.error) throw new Error(answer.error);
  return { url: answer.url ?? "", key: answer.key ?? "" };
}

export function FileUploader({ meetingId, locked }: { meetingId: string; locked: boolean }) {
  const [reason, setReason] = useState("");
  const revalidator = useRevalidator();
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
      <UploadField
        look="button"
        label={t("orglife.chooseFile")}
        accept="image/*,.pdf,.doc,.docx,.xls,.xlsx"
        prepare={async (file) => {
          const start = await post(meetingId, {
            intent: "start",
            fileName: file.name,
            contentType: file.type,
            sizeBytes: String(file.size),
          });
          if (!start.url || !start.key) throw new Error(t("upload.failed"));
          return { ...start, contentType: file.type };
        }}
        confirm={async (target, file) => {
          await post(meetingId, { intent: "confirm", key: target.key, fileName: file.name, reason });
          await revalidator.revalidate();
        }}
      />
    </div>
  );
}
