// Limits at the edge, before any body is read or any procedure runs (ADR 0702).
import type { RequestHandler, Response } from "express";
import { t, type MessageKey, type MessageParams } from "@dangjian/core";

export const LIMITS = {
  /** tRPC request bodies (JSON); file uploads go to S3 directly or through their own routes */
  trpcBodyBytes: 1024 * 1024,
  /** calls in one batched tRPC request (the browser client sends at most 10) */
  trpcMaxBatch: 20,
  /** React Router form posts (urlencoded and multipart) other than the member import */
  formBodyBytes: 256 * 1024,
  /** the member import's multipart post: the 5 MB workbook and the form around it */
  importBodyBytes: 5 * 1024 * 1024 + 64 * 1024,
} as const;

/** Procedures that must be called one per request: each call is a password check. */
export const UNBATCHABLE = new Set(["auth.login", "auth.changePassword"]);

/** A tRPC-shaped error answer (superjson envelope), so the browser client shows the message. */
export function sendTrpcError(res: Response, httpStatus: number, code: string, key: MessageKey, params?: MessageParams): void {
  res
    .status(httpStatus)
    .set("Cache-Control", "no-store")
    .json({ error: { json: { message: t(key, params), code: httpStatus === 413 ? -32413 : -32600, data: { code, httpStatus } } } });
}

function declaredLength(header: string | undefined): number | null {
  if (header === undefined) return null;
  const n = Number(header);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Refuses oversized bodies by Content-Length, oversized batches, and auth calls in a batch. */
export function trpcGuard(limits: { bodyBytes: number; maxBatch: number } = { bodyBytes: LIMITS.trpcBodyBytes, maxBatch: LIMITS.trpcMaxBatch }): RequestHandler {
  return (req, res, next) => {
    const paths = decodeURIComponent(req.path.replace(/^\//, "")).split(",");
    const batched = req.query.batch === "1" || paths.length > 1;
    if (batched && paths.length > limits.maxBatch) {
      sendTrpcError(res, 400, "BAD_REQUEST", "error.batchTooLarge", { max: limits.maxBatch });
      return;
    }
    if (paths.length > 1 && paths.some((p) => UNBATCHABLE.has(p))) {
      sendTrpcError(res, 400, "BAD_REQUEST", "auth.batchRefused");
      return;
    }
    const length = declaredLength(req.get("content-length"));
    if (length !== null && length > limits.bodyBytes) {
      sendTrpcError(res, 413, "PAYLOAD_TOO_LARGE", "error.payloadTooLarge");
      return;
    }
    next();
  };
}
