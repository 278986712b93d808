// JSON endpoint for the browser's upload widget (the upload itself goes straight to S3).
import { data } from "react-router";
import { t } from "@dangjian/core/messages";
import { apiErrorInfo } from "@dangjian/ui";
import type { Route } from "./+types/admin-upload";

export async function action({ context, request }: Route.ActionArgs) {
  let body: Record<string, unknown>;
  try {
    body = (await request.json()) as Record<string, unknown>;
  } catch {
    return data({ error: t("error.badRequest") }, { status: 400 });
  }
  const api = context.api.school.admin;
  try {
    switch (body.intent) {
      case "start":
        return await api.startUpload({
          lessonId: body.lessonId as string,
          fileName: body.fileName as string,
          contentType: body.contentType as string,
          sizeBytes: body.sizeBytes as number,
        });
      case "sign":
        return await api.signParts({ assetId: body.assetId as string, partNumbers: body.partNumbers as number[] });
      case "complete":
        return await api.completeUpload({
          assetId: body.assetId as string,
          parts: body.parts as Array<{ partNumber: number; etag: string }>,
        });
      case "abort":
        return await api.abortUpload({ assetId: body.assetId as string });
      case "status":
        return await api.assetStatus({ assetId: body.assetId as string });
      default:
        return data({ error: t("error.badRequest") }, { status: 400 });
    }
  } catch (error) {
    const info = apiErrorInfo(error);
    if (!info) throw error;
    return data({ error: info.message }, { status: info.status });
  }
}
