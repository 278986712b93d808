import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { AppError, roleHasPermission, t as translate, type AppErrorCode, type Permission } from "@dangjian/core";
import { metrics, secondsSince } from "@dangjian/observability";
import { unavailableError, type Actor, type Services } from "@dangjian/services";
import { useChineseValidationMessages } from "./validation-messages.ts";

// Validation messages reach users: plain Chinese from the catalogue (zod's zh-CN locale underneath).
useChineseValidationMessages();

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
  /**
   * Called after every mutation with the primary's WAL position when a read replica is in use
   * (ADR 1002): the gateway keeps it in a cookie, so that this session's next reads, on any
   * gateway process, wait for the replica to have replayed its writes.
   */
  onWrite?: ((lsn: string) => void) | undefined;
}

/** The context of a procedure that requires a logged-in actor. */
export interface AuthedContext extends Context {
  actor: Actor;
}

const STATUS: Record<AppErrorCode, TRPCError["code"]> = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  BAD_INPUT: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/** Maps what services throw to tRPC errors whose message is the user's zh-CN text. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  // the database or the object store is down: 503 with a clear message, not "a bug" (ADR 1040)
  error = unavailableError(error) ?? error;
  if (error instanceof AppError) {
    return new TRPCError({
      code: STATUS[error.code],
      message: translate(error.messageKey, error.params),
      cause: error,
    });
  }
  if (error instanceof ZodError) {
    const detail = error.issues.map((i) => i.message).join("；");
    return new TRPCError({ code: "BAD_REQUEST", message: translate("error.badInput", { detail }), cause: error });
  }
  return new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: translate("error.internal"),
    cause: error instanceof Error ? error : undefined,
  });
}

export interface Meta {
  /** the permission a procedure requires; unset = any logged-in user or public */
  permission?: Permission;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const mapped = error.cause instanceof ZodError ? toTRPCError(error.cause) : error;
      // Never send stack traces or internal messages to the browser.
      const message = mapped.code === "INTERNAL_SERVER_ERROR" ? translate("error.internal") : mapped.message;
      return {
        ...shape,
        message,
        data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path },
      };
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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when a string (value or key) anywhere in the input holds a NUL character, or (`writes`)
 * a lone UTF-16 surrogate. The walk is bounded; the body limit at the edge bounds real requests
 * far below it.
 */
export function holdsUnstorableText(value: unknown, writes: boolean, budget = { nodes: 200_000 }): boolean {
  if (--budget.nodes < 0) return false;
  const bad = (text: string) => text.includes("\u0000") || (writes && LONE_SURROGATE.test(text));
  if (typeof value === "string") return bad(value);
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value) || value instanceof Date) return false;
  if (Array.isArray(value)) return value.some((item) => holdsUnstorableText(item, writes, budget));
  return Object.entries(value).some(([key, item]) => bad(key) || holdsUnstorableText(item, writes, budget));
}

/**
 * PostgreSQL text cannot hold NUL (U+0000), and its JSON cannot hold a lone surrogate: such input
 * failed deep in a query or an audit entry as an internal error (both found by the fuzz,
 * test/fuzz.test.ts). NUL is refused everywhere; broken text is never stored (mutations), while
 * queries answer it like any text that matches nothing. A clear message, before validation.
 */
const refuseUnstorableText = t.middleware(async ({ type, getRawInput, next }) => {
  if (holdsUnstorableText(await getRawInput(), type === "mutation"))
    throw new TRPCError({ code: "BAD_REQUEST", message: translate("error.controlCharacter") });
  return next();
});

/**
 * Latency per procedure, over HTTP and from the apps' loaders alike. Only procedures that exist
 * reach a middleware, so the label set is bounded by the router.
 */
const measured = t.middleware(async ({ path, type, next }) => {
  const started = process.hrtime.bigint();
  const result = await next();
  const outcome = result.ok ? "ok" : result.error.code;
  metrics.procedureDuration.observe({ procedure: path, type, outcome }, secondsSince(started));
  return result;
});

/**
 * Read-your-own-write with a read replica (ADR 1002): every mutation may have written, so after
 * it (whatever its outcome) the primary's WAL position becomes the actor's read fence, for the
 * rest of this request (an action's loaders) and, through `onWrite`, for the session's next ones.
 * No replica: nothing happens. The primary not answering: the mutation's own outcome stands.
 */
const readYourWrites = t.middleware(async ({ type, ctx, next }) => {
  if (type !== "mutation") return next();
  try {
    return await next();
  } finally {
    const lsn = await ctx.services.reads.afterWrite(ctx.actor).catch(() => null);
    if (lsn) ctx.onWrite?.(lsn);
  }
});

export const publicProcedure = t.procedure
  .use(measured)
  .use(errorMapping)
  .use(refuseUnstorableText)
  .use(readYourWrites);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: translate(ctx.sessionState === "expired" ? "error.sessionExpired" : "error.unauthenticated"),
    });
  }
  const authed: AuthedContext = { ...ctx, actor: ctx.actor };
  return next({ ctx: authed });
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
