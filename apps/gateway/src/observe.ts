// Per request: the request id (a well-formed X-Request-Id from the proxy, else a new one; echoed
// in the response), one log line when the response is done, and the latency histogram by route.
// /metrics: the process's Prometheus metrics, for the bearer token only (ADR 1021).
import type { Request, RequestHandler } from "express";
import {
  acceptRequestId,
  loggablePath,
  metrics,
  metricsAuthorized,
  newRequestId,
  renderMetrics,
  runWithRequestId,
  secondsSince,
} from "@dangjian/observability";
import { log } from "./log.ts";

const APP_PREFIX = /^\/(branch|school|card)(\/|$)/;

/**
 * The route label: one of a fixed set of patterns, never the raw path (whose ids would make a
 * metric per member and fill Prometheus).
 */
export function routeLabel(path: string): string {
  if (path === "/" || path === "/healthz" || path === "/readyz" || path === "/metrics") return path;
  if (path.startsWith("/api/trpc")) return "/api/trpc";
  if (path === "/api/school/heartbeat") return path;
  if (path.startsWith("/api/school/media/")) return "/api/school/media/:lesson/:file";
  if (path.startsWith("/card/lists/")) return "/card/lists/*";
  const app = APP_PREFIX.exec(path);
  if (app) return path.startsWith(`/${app[1]}/assets/`) ? `/${app[1]}/assets/*` : `/${app[1]}/*`;
  return "other";
}

/** Routes too frequent or too dull for an info line per request (still counted in the metrics). */
const QUIET = new Set(["/api/school/heartbeat", "/healthz", "/readyz", "/metrics"]);

export function requestObserver(): RequestHandler {
  return (req, res, next) => {
    const requestId = acceptRequestId(req.get("x-request-id")) ?? newRequestId();
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    const route = routeLabel(req.path);
    let done = false;
    const finish = (aborted: boolean) => {
      if (done) return;
      done = true;
      const seconds = secondsSince(started);
      const status = aborted && !res.headersSent ? 499 : res.statusCode;
      metrics.httpDuration.observe({ route, method: req.method, status: String(status) }, seconds);
      const line = {
        reqId: requestId,
        method: req.method,
        path: loggablePath(req.originalUrl),
        route,
        status,
        ms: Math.round(seconds * 10_000) / 10,
        ...(aborted ? { aborted: true } : {}),
      };
      const logger = log("http");
      if (status >= 500) logger.error(line, "request failed");
      else if (QUIET.has(route) || route.includes("/assets/")) logger.debug(line, "request");
      else logger.info(line, "request");
    };
    res.on("finish", () => finish(false));
    res.on("close", () => finish(!res.writableFinished));
    runWithRequestId(requestId, () => next());
  };
}

/** GET /metrics: 404 when no token is configured (disabled), 401 without the right bearer token. */
export function metricsRoute(token: string | undefined): RequestHandler {
  return (req: Request, res, next) => {
    if (!token) {
      next();
      return;
    }
    res.set("Cache-Control", "no-store");
    if (!metricsAuthorized(token, req.get("authorization"))) {
      res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').type("text/plain").send("401");
      return;
    }
    renderMetrics().then(({ contentType, body }) => res.type(contentType).send(body), next);
  };
}
