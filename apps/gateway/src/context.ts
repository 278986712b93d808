// One session lookup per request, shared by tRPC and the apps. A sliding session that was
// extended gets its cookie renewed, so a member who uses the card daily stays signed in.
import type { Request, RequestHandler, Response } from "express";
import { createContextFactory } from "@dangjian/api";
import type { Context, RequestInfo } from "@dangjian/api";
import type { Services } from "@dangjian/services";
import { parseLsn } from "@dangjian/services";
import {
  READ_AFTER_COOKIE,
  readReadAfter,
  readSessionToken,
  serializeReadAfter,
  type createSessionCookie,
} from "./cookies.ts";

export function requestInfo(req: Request): RequestInfo {
  return {
    sessionToken: readSessionToken(req.headers.cookie),
    ip: req.ip ?? null,
    userAgent: req.get("user-agent") ?? null,
    readAfterLsn: readReadAfter(req.headers.cookie),
  };
}

/**
 * After a mutation (ADR 1002): the newest fence of this response replaces any earlier one (a
 * batch of mutations may finish in any order), unless the response has already gone out.
 */
function fenceWriter(res: Response, services: Services, secure: boolean): (lsn: string) => void {
  let newest: bigint | null = null;
  return (lsn) => {
    const position = parseLsn(lsn);
    if (position === null || res.headersSent || (newest !== null && position <= newest)) return;
    newest = position;
    const maxLagMs = services.reads.replica()?.maxLagMs ?? 0;
    const previous = res.getHeader("Set-Cookie");
    const kept = (Array.isArray(previous) ? previous : previous === undefined ? [] : [String(previous)]).filter(
      (cookie) => !cookie.startsWith(`${READ_AFTER_COOKIE}=`),
    );
    res.setHeader("Set-Cookie", [...kept, serializeReadAfter(lsn, maxLagMs / 1000 + 5, secure)]);
  };
}

/** The request's context (session → actor); renews the session cookie when the session was extended. */
export function contextResolver(
  services: Services,
  sessionCookie: ReturnType<typeof createSessionCookie>,
  options: { secure?: boolean } = {},
): (req: Request, res: Response) => Promise<Context> {
  const createContext = createContextFactory(services);
  return async (req, res) => {
    const context = await createContext({
      ...requestInfo(req),
      onWrite: fenceWriter(res, services, options.secure ?? false),
    });
    res.locals.context = context;
    if (context.renewedSessionExpiresAt && context.sessionToken) {
      res.append("Set-Cookie", sessionCookie.serialize(context.sessionToken, context.renewedSessionExpiresAt));
    }
    return context;
  };
}

export function contextMiddleware(
  services: Services,
  sessionCookie: ReturnType<typeof createSessionCookie>,
  options: { secure?: boolean } = {},
): RequestHandler {
  const resolve = contextResolver(services, sessionCookie, options);
  return (req, res, next) => {
    resolve(req, res).then(() => next(), next);
  };
}
