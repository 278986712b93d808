// One session lookup per request, shared by tRPC and the apps. A sliding session that was
// extended gets its cookie renewed, so a member who uses the card daily stays signed in.
import type { Request, RequestHandler, Response } from "express";
import { createContextFactory } from "@dangjian/api";
import type { Context, RequestInfo } from "@dangjian/api";
import type { Services } from "@dangjian/services";
import { readSessionToken, type createSessionCookie } from "./cookies.ts";

export function requestInfo(req: Request): RequestInfo {
  return {
    sessionToken: readSessionToken(req.headers.cookie),
    ip: req.ip ?? null,
    userAgent: req.get("user-agent") ?? null,
  };
}

/** The request's context (session → actor); renews the session cookie when the session was extended. */
export function contextResolver(
  services: Services,
  sessionCookie: ReturnType<typeof createSessionCookie>,
): (req: Request, res: Response) => Promise<Context> {
  const createContext = createContextFactory(services);
  return async (req, res) => {
    const context = await createContext(requestInfo(req));
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
): RequestHandler {
  const resolve = contextResolver(services, sessionCookie);
  return (req, res, next) => {
    resolve(req, res).then(() => next(), next);
  };
}
