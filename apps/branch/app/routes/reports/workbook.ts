// Resource route: the branch's year as an Excel workbook.
import type { Route } from "./+types/workbook";
import { callApi } from "../../lib/session.server.ts";

export async function loader({ context, request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const year = Number(url.searchParams.get("year")) || new Date().getUTCFullYear();
  const orgId = url.searchParams.get("org") ?? undefined;
  const { fileName, bytes } = await callApi(request, () => context.api.reports.workbook({ year, orgId }));
  return new Response(new Uint8Array(bytes).buffer as ArrayBuffer, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}
