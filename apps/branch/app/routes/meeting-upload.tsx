// Resource route for the uploader: start (presigned PUT) and confirm (HEAD, then record). JSON only.
import { t } from "@dangjian/core/messages";
import { apiErrorInfo } from "@dangjian/ui";
import type { Route } from "./+types/meeting-upload";

export async function action({ context, request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").trim();
  try {
    if (str("intent") === "start") {
      const started = await context.api.orglife.startUpload({
        meetingId: params.meetingId,
        fileName: str("fileName"),
        contentType: str("contentType"),
        sizeBytes: Number(str("sizeBytes")),
      });
      return Response.json(started);
    }
    if (str("intent") === "confirm") {
      const confirmed = await context.api.orglife.confirmUpload({
        meetingId: params.meetingId,
        key: str("key"),
        fileName: str("fileName"),
        reason: str("reason") || undefined,
      });
      return Response.json(confirmed);
    }
    return Response.json({ error: t("error.badInput", { detail: "intent" }) }, { status: 400 });
  } catch (error) {
    const info = apiErrorInfo(error);
    if (!info) throw error;
    return Response.json({ error: info.message }, { status: info.status });
  }
}
