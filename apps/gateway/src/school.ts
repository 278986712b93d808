// The school's two hot paths, outside tRPC: player heartbeats (thousands a second: a lean JSON
// endpoint, session lookups cached for a few seconds, crediting in memory and written behind
// by the services) and HLS playlists (rewritten per request with short-lived signed segment
// URLs, for members allowed to see the course only).
import express, { type Request, type Response, type Router } from "express";
import { AppError, t as translate } from "@dangjian/core";
import { schoolInputs, unavailableError, type Actor, type Services } from "@dangjian/services";
import { metrics } from "@dangjian/observability";
import { readSessionToken } from "./cookies.ts";
import { log } from "./log.ts";

const SESSION_CACHE_MS = 15_000;
const WATCH_SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SESSION_CACHE_MAX = 50_000;

const STATUS: Record<AppError["code"], number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_INPUT: 400,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
};

/** Session token → actor, for a few seconds: a heartbeat should not cost a session query. */
export function createActorCache(services: Services) {
  const cache = new Map<string, { actor: Actor | null; until: number }>();
  return async function actorFor(token: string | null): Promise<Actor | null> {
    if (!token) return null;
    const now = Date.now();
    const hit = cache.get(token);
    if (hit && hit.until > now) return hit.actor;
    const session = await services.auth.resolveSession(token);
    const actor = session.kind === "ok" ? session.actor : null;
    if (cache.size >= SESSION_CACHE_MAX) cache.clear();
    cache.set(token, { actor, until: now + SESSION_CACHE_MS });
    return actor;
  };
}

function reply(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

function sendError(res: Response, error: unknown) {
  error = unavailableError(error) ?? error;
  if (error instanceof AppError) {
    reply(res, STATUS[error.code], { error: translate(error.messageKey, error.params) });
    return;
  }
  log("school").error({ err: error }, "school route failed");
  reply(res, 500, { error: translate("error.internal") });
}

export function schoolRoutes(services: Services): Router {
  const routes = express.Router();
  const actorFor = createActorCache(services);

  // sendBeacon posts text/plain; fetch posts application/json: the body is read as text either
  // way. The hot path avoids Express's body parser, ETag hashing and res.json (ADR 0402).
  routes.post("/heartbeat", (req: Request, res: Response) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > 2048) {
        metrics.heartbeats.inc({ outcome: "too_large" });
        reply(res, 413, { error: translate("school.error.heartbeatInvalid") });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (res.headersSent) return;
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
      } catch {
        body = null;
      }
      const parsed = schoolInputs.heartbeatInput.safeParse(body);
      if (!parsed.success) {
        metrics.heartbeats.inc({ outcome: "invalid" });
        reply(res, 400, { error: translate("school.error.heartbeatInvalid") });
        return;
      }
      actorFor(readSessionToken(req.headers.cookie))
        .then(async (actor) => {
          if (!actor) {
            metrics.heartbeats.inc({ outcome: "unauthenticated" });
            return reply(res, 401, { error: translate("error.unauthenticated") });
          }
          const result = await services.school.heartbeat(actor, parsed.data);
          metrics.heartbeats.inc({ outcome: "accepted" });
          return reply(res, 200, result);
        })
        .catch((error: unknown) => {
          metrics.heartbeats.inc({ outcome: error instanceof AppError ? "refused" : "error" });
          sendError(res, error);
        });
    });
  });

  routes.get(/^\/media\/([0-9a-f-]{36})\/(.+)$/, async (req: Request, res: Response) => {
    const params = req.params as unknown as Record<string, string>;
    const lessonId = params[0]!;
    const file = params[1]!;
    res.set("Cache-Control", "private, no-store");
    try {
      const actor = await actorFor(readSessionToken(req.headers.cookie));
      if (!actor) {
        res.status(401).type("text/plain").send(translate("error.unauthenticated"));
        return;
      }
      // ?ws=<watch session id>: the player's fetch opens the watch session its heartbeats name (ADR 0753)
      const ws = typeof req.query.ws === "string" && WATCH_SESSION_ID.test(req.query.ws) ? req.query.ws : null;
      if (req.query.ws !== undefined && !ws) {
        res.status(400).type("text/plain").send(translate("school.error.heartbeatInvalid"));
        return;
      }
      const text = await services.school.playlist(actor, lessonId, file, ws);
      res.type("application/vnd.apple.mpegurl").send(text);
    } catch (caught) {
      const error = unavailableError(caught) ?? caught;
      if (error instanceof AppError) {
        res.status(STATUS[error.code]).type("text/plain").send(translate(error.messageKey, error.params));
        return;
      }
      sendError(res, error);
    }
  });
  return routes;
}
