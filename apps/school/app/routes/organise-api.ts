// JSON endpoint for the offline-training page: member search and the presigned PUT of an
// evidence file (the file itself goes straight from the browser to S3).
import { data } from "react-router";
import { t } from "@dangjian/core/messages";
import { apiErrorInfo } from "@dangjian/ui";
import type { Route } from "./+types/organise-api";

export async function action({ context, request }: Route.ActionArgs) {
  let body: Record<string, unknown>;
  try {
    body = (await request.json()) as Record<string, unknown>;
  } catch {
    return data({ error: t("error.badInput", { detail: "json" }) }, { status: 400 });
  }
  const api = context.api.school.organise;
  try {
    switch (body.intent) {
      case "search":
        return { members: await api.searchMembers({ q: String(body.q ?? "") }) };
      case "sign":
        return await api.signEvidence({
          fileName: String(body.fileName ?? ""),
          contentType: String(body.contentType ?? ""),
          sizeBytes: Number(body.sizeBytes),
        });
      default:
        return data({ error: t("error.badInput", { detail: "intent" }) }, { status: 400 });
    }
  } catch (error) {
    const info = apiErrorInfo(error);
    if (!info) throw error;
    return data({ error: info.message }, { status: info.status });
  }
}
