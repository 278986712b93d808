// Resource route: receives the uploaded workbook and answers JSON for the import page.
import { data } from "react-router";
import { IMPORT_BOUNDS } from "@dangjian/core";
import { t } from "@dangjian/core/messages";
import { apiErrorInfo } from "@dangjian/ui";
import type { Route } from "./+types/import-upload";

export type ImportAnswer =
  | { kind: "imported"; imported: number }
  | { kind: "invalid"; errorRows: Array<{ row: number; problems: string[] }>; totalRows: number; reportBase64: string }
  | { kind: "error"; message: string };

export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const file = form.get("file");
  if (!(file instanceof File))
    return data<ImportAnswer>({ kind: "error", message: t("members.errorNotXlsx") }, { status: 400 });
  // The gateway bounded the whole post already; the file itself is checked before it is copied.
  if (file.size > IMPORT_BOUNDS.maxFileBytes) {
    return data<ImportAnswer>(
      { kind: "error", message: t("members.errorFileTooLarge", { max: IMPORT_BOUNDS.maxFileBytes / 1024 / 1024 }) },
      { status: 413 },
    );
  }
  try {
    const result = await context.api.members.import({ file: new Uint8Array(await file.arrayBuffer()) });
    if (result.ok) return data<ImportAnswer>({ kind: "imported", imported: result.imported });
    return data<ImportAnswer>(
      {
        kind: "invalid",
        errorRows: result.errorRows,
        totalRows: result.totalRows,
        reportBase64: Buffer.from(result.report).toString("base64"),
      },
      { status: 422 },
    );
  } catch (error) {
    const info = apiErrorInfo(error);
    if (!info) throw error;
    return data<ImportAnswer>({ kind: "error", message: info.message }, { status: info.status });
  }
}
