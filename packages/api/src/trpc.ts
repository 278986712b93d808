import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { AppError, roleHasPermission, t as translate, type AppErrorCode, type Permission } from "@dangjian/core";
import type { Actor, Services } from "@dangjian/services";

// Validation messages reach users: zod's own zh-CN locale (e.g. "无效输入：…").
z.config(z.locales.zhCN());

export interface Context {
  services: Services;
  /** null when not logged in; `sessionState` says whether a cookie was present but expired */
  actor: Actor | null;
  sessionState: "ok" | "expired" | "none";
  ip: string | null;
  userAgent: string | null;
  /** the raw token, so that login/logout can replace it */
  sessionToken: string | null;
  /** set when this request extended the session: the cookie must be renewed to match */
  renewedSessionExpiresAt: Date | null;
}

const STATUS: Record<AppErrorCode, TRPCError["code"]> = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  BAD_INPUT: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
};

/** Maps what services throw to tRPC errors whose message is the user's zh-CN text. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof AppError) {
    return new TRPCError({ code: STATUS[error.code], message: translate(error.messageKey, error.params), cause: error });
  }
  if (error instanceof ZodError) {
    const detail = error.issues.map((i) => i.message).join("；");
    return new TRPCError({ code: "BAD_REQUEST", message: translate("error.badInput", { detail }), cause: error });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: translate("error.internal"), cause: error instanceof Error ? error : undefined });
}

export interface Meta {
  /** the permission a procedure requires; unset = any logged-in user or public */
  permission?: Permission;
}

const t = initTRPC.context<Context>().meta<Meta>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const mapped = error.cause instanceof ZodError ? toTRPCError(error.cause) : error;
    // Never send stack traces or internal messages to the browser.
    const message = mapped.code === "INTERNAL_SERVER_ERROR" ? translate("error.internal") : mapped.message;
    return { ...shape, message, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns AppError and friends into tRPC errors once, for every procedure. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error.cause ?? result.error);
  return result;
});

export const publicProcedure = t.procedure.use(errorMapping);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: translate(ctx.sessionState === "expired" ? "error.sessionExpired" : "error.unauthenticated") });
  }
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/**
 * Declares the permission a procedure needs. The organisation-scoped check itself runs in
 * the service (it knows which organisation is touched); this documents and pre-checks that
 * the actor holds the permission somewhere at all, and feeds the permission matrix test.
 */
export function withPermission(permission: Permission) {
  return authedProcedure.meta({ permission }).use(({ ctx, next }) => {
    if (!ctx.actor.grants.some((g) => roleHasPermission(g.role, permission))) {
      throw new TRPCError({ code: "FORBIDDEN", message: translate("error.forbidden") });
    }
    return next();
  });
}

