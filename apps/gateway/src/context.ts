// One session lookup per request, shared by tRPC and the apps. A sliding session that was
// extended gets its cookie renewed, so a member who uses the card daily stays signed in.
import type { Request, RequestHandler } from "express";
import { createContextFactory } from "@dangjian/api";
import type { RequestInfo } from "@dangjian/api";
import type { Services } from "@dangjian/services";
import { readSessionToken, type createSessionCookie } from "./cookies.ts";

export function requestInfo(req: Request): RequestInfo {
  return {
    sessionToken: readSessionToken(req.headers.cookie),
    ip: req.ip ?? null,
    userAgent: req.get("user-agent") ?? null,
  };
}

export function contextMiddleware(
  services: Services,
  sessionCookie: ReturnType<typeof createSessionCookie>,
): RequestHandler {
  const createContext = createContextFactory(services);
  return (req, res, next) => {
    createContext(requestInfo(req)).then((context) => {
      res.locals.context = context;
      if (context.renewedSessionExpiresAt && context.sessionToken) {
        res.append("Set-Cookie", sessionCookie.serialize(context.sessionToken, context.renewedSessionExpiresAt));
      }
      next();
    }, next);
  };
}
