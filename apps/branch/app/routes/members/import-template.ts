// Resource route: the import template as an .xlsx download.
import type { Route } from "./+types/import-template";
import { t } from "@dangjian/core/messages";
import { callApi } from "../../lib/session.server.ts";

export async function loader({ context, request }: Route.LoaderArgs) {
  const bytes = await callApi(request, () => context.api.members.importTemplate());
  return new Response(new Uint8Array(bytes).buffer as ArrayBuffer, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(t("members.importTemplateFile"))}`,
      "Cache-Control": "no-store",
    },
  });
}
