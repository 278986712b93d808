// The upload rules of ADR 0704 for every use case that takes a file: before signing a PUT, and
// at confirmation against what the object store really holds (a browser can send any type to a
// signed URL). A refused or oversized object is deleted at once.
import {
  AppError,
  downloadDisposition,
  isAllowedUpload,
  uploadTypeOf,
  type MessageKey,
  type MessageParams,
} from "@dangjian/core";
import type { Storage } from "@dangjian/storage";

/** Before a PUT URL is signed: listed type, matching extension, within the size limit. */
export function checkUploadRequest(
  input: { fileName: string; contentType: string; sizeBytes: number },
  maxBytes: number,
  tooLarge: { key: MessageKey; params?: MessageParams },
): void {
  if (!isAllowedUpload(input.fileName, input.contentType)) throw new AppError("BAD_INPUT", "upload.typeNotAllowed");
  if (input.sizeBytes > maxBytes) throw new AppError("BAD_INPUT", tooLarge.key, tooLarge.params);
}

/**
 * After the browser's PUT: the object must exist, be within the limit and carry a listed type
 * matching the file name; otherwise it is deleted and the request refused. Returns the stored
 * size and the type to record (the store's, never the client's word).
 */
export async function confirmStoredUpload(
  storage: Storage,
  input: { key: string; fileName: string },
  maxBytes: number,
  errors: { missing: MessageKey; tooLarge: MessageKey; tooLargeParams?: MessageParams },
): Promise<{ size: number; contentType: string }> {
  const head = await storage.head(input.key);
  if (!head) throw new AppError("BAD_INPUT", errors.missing);
  if (head.size > maxBytes) {
    await storage.remove(input.key);
    throw new AppError("BAD_INPUT", errors.tooLarge, errors.tooLargeParams);
  }
  const type = uploadTypeOf(head.contentType);
  if (!type || !isAllowedUpload(input.fileName, type.contentType)) {
    await storage.remove(input.key);
    throw new AppError("BAD_INPUT", "upload.typeNotAllowed");
  }
  return { size: head.size, contentType: type.contentType };
}

/** A signed GET that opens only images, video and PDF in place; anything else downloads. */
export function signedDownloadUrl(
  storage: Storage,
  file: { storageKey: string; fileName: string; contentType: string | null },
  expiresInSeconds = 900,
): Promise<string> {
  const type = uploadTypeOf(file.contentType);
  return storage.signedGetUrl(file.storageKey, expiresInSeconds, {
    contentDisposition: downloadDisposition(file.fileName, file.contentType),
    contentType: type
      ? type.contentType === "text/plain"
        ? "text/plain; charset=utf-8"
        : type.contentType
      : "application/octet-stream",
  });
}
