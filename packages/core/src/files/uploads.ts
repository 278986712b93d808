// One allowlist for every file a person uploads (ADR 0704): meeting records, task attachments
// and replies, training evidence. A file is accepted only when its content type is listed AND
// its name ends with one of that type's extensions. Nothing that a browser renders as a page or
// runs as script (HTML, SVG, XML, JS) is ever listed. On download, only images, video and PDF
// open in place; everything else is served as an attachment.
export interface UploadType {
  contentType: string;
  extensions: readonly string[];
  /** shown in the browser (image, video, PDF); else downloaded */
  inline: boolean;
}

export const UPLOAD_TYPES: readonly UploadType[] = [
  { contentType: "image/jpeg", extensions: [".jpg", ".jpeg"], inline: true },
  { contentType: "image/png", extensions: [".png"], inline: true },
  { contentType: "image/webp", extensions: [".webp"], inline: true },
  { contentType: "image/gif", extensions: [".gif"], inline: true },
  { contentType: "image/heic", extensions: [".heic"], inline: true },
  { contentType: "image/heif", extensions: [".heif", ".heic"], inline: true },
  { contentType: "video/mp4", extensions: [".mp4", ".m4v"], inline: true },
  { contentType: "video/quicktime", extensions: [".mov"], inline: true },
  { contentType: "video/webm", extensions: [".webm"], inline: true },
  { contentType: "application/pdf", extensions: [".pdf"], inline: true },
  { contentType: "text/plain", extensions: [".txt"], inline: false },
  { contentType: "application/msword", extensions: [".doc"], inline: false },
  {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: [".docx"],
    inline: false,
  },
  { contentType: "application/vnd.ms-excel", extensions: [".xls"], inline: false },
  {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extensions: [".xlsx"],
    inline: false,
  },
  { contentType: "application/vnd.ms-powerpoint", extensions: [".ppt"], inline: false },
  {
    contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    extensions: [".pptx"],
    inline: false,
  },
  { contentType: "application/wps-office.docx", extensions: [".docx", ".wps"], inline: false },
];

function baseType(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}

export function uploadTypeOf(contentType: string | null | undefined): UploadType | null {
  if (!contentType) return null;
  const base = baseType(contentType);
  return UPLOAD_TYPES.find((u) => u.contentType === base) ?? null;
}

/** True when the type is listed and the name carries one of its extensions. */
export function isAllowedUpload(fileName: string, contentType: string | null | undefined): boolean {
  const type = uploadTypeOf(contentType);
  if (!type) return false;
  const name = fileName.trim().toLowerCase();
  return type.extensions.some((ext) => name.endsWith(ext));
}

/**
 * The Content-Disposition a signed download URL asks the object store to send: `inline` for
 * images, video and PDF, `attachment` with the file name (RFC 5987) for everything else,
 * including any type that is not (or no longer) on the list.
 */
export function downloadDisposition(fileName: string, contentType: string | null | undefined): string {
  const type = uploadTypeOf(contentType);
  const safe = fileName.replace(/[\r\n"\\]/g, "_").slice(0, 150) || "file";
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (type?.inline) return `inline; filename*=UTF-8''${encoded}`;
  return `attachment; filename="file"; filename*=UTF-8''${encoded}`;
}
