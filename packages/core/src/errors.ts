import type { MessageKey, MessageParams } from "./messages/index.ts";

export type AppErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_INPUT"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  /** a dependency (database, object store) cannot be reached right now: 503, try again (ADR 1040) */
  | "UNAVAILABLE";

/**
 * An expected failure with a zh-CN message key. Services throw it; the API maps `code` to an
 * HTTP/tRPC status and the key to the user's text. Anything else is a bug (500, logged).
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly messageKey: MessageKey;
  readonly params: MessageParams;

  constructor(code: AppErrorCode, messageKey: MessageKey, params: MessageParams = {}) {
    super(`${code}: ${messageKey}`);
    this.name = "AppError";
    this.code = code;
    this.messageKey = messageKey;
    this.params = params;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
