// Turning errors into what a person should read. Apps call the API with a server-side tRPC
// caller, which throws TRPCError; the UI package does not depend on @trpc/server, so the
// error is recognised by shape.
import { t } from "@dangjian/core/messages";

export type ApiErrorCode =
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_REQUEST"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

export interface ApiErrorInfo {
  code: ApiErrorCode;
  status: number;
  /** zh-CN text that is safe to show. */
  message: string;
}

const STATUS: Record<ApiErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

const FALLBACK: Record<ApiErrorCode, () => string> = {
  BAD_REQUEST: () => t("error.badInput", { detail: t("common.none") }),
  UNAUTHORIZED: () => t("error.unauthenticated"),
  FORBIDDEN: () => t("error.forbidden"),
  NOT_FOUND: () => t("error.notFound"),
  CONFLICT: () => t("error.conflict"),
  TOO_MANY_REQUESTS: () => t("error.tooManyRequests"),
  SERVICE_UNAVAILABLE: () => t("error.databaseUnavailable"),
  INTERNAL_SERVER_ERROR: () => t("error.internal"),
};

const HAN = /\p{Script=Han}/u;

/**
 * Only catalogue text is shown: a message without Chinese characters is a raw technical
 * message (a zod issue list, a driver error) and is replaced by the generic text for its code.
 * Internal errors always get the generic text.
 */
function safeMessage(code: ApiErrorCode, message: unknown): string {
  if (code === "INTERNAL_SERVER_ERROR") return FALLBACK[code]();
  if (typeof message === "string" && HAN.test(message) && !message.includes("\n    at ")) return message;
  return FALLBACK[code]();
}

function isKnownCode(code: unknown): code is ApiErrorCode {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(STATUS, code);
}

/** Recognise a TRPCError (by name and code) and describe it; null for anything else. */
export function apiErrorInfo(error: unknown): ApiErrorInfo | null {
  if (!(error instanceof Error) || error.name !== "TRPCError") return null;
  const rawCode = (error as Error & { code?: unknown }).code;
  const code: ApiErrorCode = isKnownCode(rawCode) ? rawCode : "INTERNAL_SERVER_ERROR";
  return { code, status: STATUS[code], message: safeMessage(code, error.message) };
}

export interface ErrorDescription {
  status: number;
  title: string;
  message: string;
}

function titleFor(status: number): string {
  if (status === 404) return t("errorPage.notFoundTitle");
  if (status === 403) return t("errorPage.forbiddenTitle");
  if (status === 400) return t("errorPage.badRequestTitle");
  if (status === 429) return t("errorPage.tooManyRequestsTitle");
  if (status === 409) return t("errorPage.conflictTitle");
  return t("errorPage.internalTitle");
}

function defaultMessageFor(status: number): string {
  if (status === 404) return t("errorPage.notFoundMessage");
  if (status === 403) return t("error.forbidden");
  if (status === 401) return t("error.unauthenticated");
  if (status === 429) return t("error.tooManyRequests");
  if (status === 400) return t("error.badInput", { detail: t("common.none") });
  if (status === 409) return t("error.conflict");
  return t("error.internal");
}

function isRouteErrorResponseLike(error: unknown): error is { status: number; data: unknown } {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { status?: unknown }).status === "number" &&
    "statusText" in error &&
    "data" in error
  );
}

/**
 * What a route ErrorBoundary shows: route error responses (thrown `data(message, { status })`
 * or router 404s) keep their status and, when it is catalogue text, their message; everything
 * else is an internal error with the generic text, never the error's own message or stack.
 */
export function describeRouteError(error: unknown): ErrorDescription {
  if (isRouteErrorResponseLike(error)) {
    const status = error.status;
    const data = error.data;
    const message = status < 500 && typeof data === "string" && HAN.test(data) ? data : defaultMessageFor(status);
    return { status, title: titleFor(status), message };
  }
  const api = apiErrorInfo(error);
  if (api) return { status: api.status, title: titleFor(api.status), message: api.message };
  return { status: 500, title: titleFor(500), message: t("error.internal") };
}

/**
 * A `next` redirect target from a query string or form, as a path inside the app
 * (without the basename, as React Router redirects expect). Anything that could leave the app
 * or the origin falls back to "/".
 */
export function safeNextPath(raw: unknown, basename: string): string {
  if (typeof raw !== "string" || raw === "") return "/";
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return "/";
  let path = raw;
  if (path === basename) return "/";
  if (path.startsWith(`${basename}/`)) path = path.slice(basename.length);
  if (path.startsWith("//")) return "/";
  if (path === "/login" || path.startsWith("/login?") || path.startsWith("/logout")) return "/";
  return path;
}

/** The login path (inside the app) that brings the person back to the current page. */
export function loginPathFor(request: Request, basename: string): string {
  const url = new URL(request.url);
  const inside = url.pathname.startsWith(basename) ? url.pathname.slice(basename.length) || "/" : "/";
  const next = `${inside}${url.search}`;
  return next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}
