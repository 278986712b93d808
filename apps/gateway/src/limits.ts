// Limits at the edge, before any body is read or any procedure runs (ADR 0702).
import type { Request, RequestHandler, Response } from "express";
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
export function sendTrpcError(
  res: Response,
  httpStatus: number,
  code: string,
  key: MessageKey,
  params?: MessageParams,
): void {
  res
    .status(httpStatus)
    .set("Cache-Control", "no-store")
    .json({
      error: {
        json: { message: t(key, params), code: httpStatus === 413 ? -32413 : -32600, data: { code, httpStatus } },
      },
    });
}

/** Where a form post may be larger than LIMITS.formBodyBytes. */
function formLimitFor(path: string): number {
  return /\/members\/import\/upload(\.data)?$/.test(path) ? LIMITS.importBodyBytes : LIMITS.formBodyBytes;
}

function declaredLength(header: string | undefined): number | null {
  if (header === undefined) return null;
  const n = Number(header);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Refuses oversized bodies by Content-Length, oversized batches, and auth calls in a batch. */
export function trpcGuard(
  limits: { bodyBytes: number; maxBatch: number } = { bodyBytes: LIMITS.trpcBodyBytes, maxBatch: LIMITS.trpcMaxBatch },
): RequestHandler {
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

/**
 * React Router actions read the whole form before they know who is calling: bound it first.
 * Browsers send Content-Length with every form post, so a post without one (chunked) is refused
 * (411) and one that declares too much is refused (413) before a byte of the body is read.
 * Node ends the body at the declared length, so the declaration is the bound.
 */
export function formBodyGuard(render: (status: 411 | 413, req: Request) => string): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const length = declaredLength(req.get("content-length"));
    const hasBody = req.get("transfer-encoding") !== undefined || (length !== null && length > 0);
    if (!hasBody) return next();
    const status = length === null ? 411 : length > formLimitFor(req.path) ? 413 : null;
    if (status === null) return next();
    res.set("Connection", "close").set("Cache-Control", "no-store");
    if (req.accepts(["html", "json"]) === "json") {
      res
        .status(status)
        .json({ kind: "error", error: t("error.payloadTooLarge"), message: t("error.payloadTooLarge") });
    } else {
      res.status(status).type("html").send(render(status, req));
    }
  };
}
