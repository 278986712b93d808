// A file picked in a form goes straight to S3 (the ui upload widget); the form then carries only
// the object key, name and type in hidden inputs, and the action reads them with fileFromForm.
import { UploadField, type UploadFieldProps, type UploadedFile } from "@dangjian/ui";

const formFields = (file: UploadedFile) => ({ fileKey: file.key, fileName: file.name, fileType: file.contentType });

export function FileUpload(props: Omit<UploadFieldProps, "fields">) {
  return <UploadField {...props} fields={formFields} />;
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
