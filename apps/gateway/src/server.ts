// The one HTTP server: /api/trpc for the tRPC API, and the three React Router apps under
// /branch, /school and /card on the same origin, so one session cookie serves them all.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";
import type { ErrorRequestHandler, Request, Response } from "express";
import { createRequestHandler } from "@react-router/express";
import type { ServerBuild } from "react-router";
import { createCaller } from "@dangjian/api";
import type { Context, GatewayLoadContext } from "@dangjian/api";
import { listeningUrl } from "@dangjian/observability";
import { unavailableError, type Services } from "@dangjian/services";
import { t } from "@dangjian/core/messages";
import { contextMiddleware, contextResolver } from "./context.ts";
import { createSessionCookie } from "./cookies.ts";
import { renderErrorPage } from "./error-page.ts";
import { formBodyGuard } from "./limits.ts";
import { healthRoutes } from "./health.ts";
import { schoolRoutes } from "./school.ts";
import { cspNonce, originGuard, securityHeaders } from "./security.ts";
import { trpcRoutes } from "./trpc.ts";
import { cardListRoutes } from "./card-lists.ts";
import { log } from "./log.ts";
import { metricsRoute, requestObserver } from "./observe.ts";

export const APPS = ["branch", "school", "card"] as const;
export type GatewayApp = (typeof APPS)[number];

export interface GatewayOptions {
  services: Services;
  /** 0 picks a free port (tests). Default 3000. */
  port?: number;
  host?: string;
  /** Adds Secure to the session cookie; set when the site is served over HTTPS. */
  cookieSecure?: boolean;
  /** Where the apps' `build/` folders live; defaults to this repository's apps/. */
  appsDir?: string;
  /** Express "trust proxy" (from TRUST_PROXY, see parseTrustProxy); default false. */
  trustProxy?: false | number | string[];
  /** Origins of the object store's signed URLs, allowed by the CSP. */
  storageOrigins?: readonly string[];
  /** Further origins whose pages may post here (besides the request's own). */
  allowedOrigins?: readonly string[];
  /**
   * Serve everything but the three React Router apps (the API, the school's media routes, the
   * card lists, health): for tests of the edge, which run before the apps are built.
   */
  withoutApps?: boolean;
  /** METRICS_TOKEN: /metrics answers only with `Authorization: Bearer <token>`; unset = no /metrics (ADR 1021). */
  metricsToken?: string | undefined;
}

export interface Gateway {
  url: string;
  close(): Promise<void>;
}

const DEFAULT_APPS_DIR = path.resolve(import.meta.dirname, "../..");

interface AppBuild {
  app: GatewayApp;
  clientDir: string;
  build: ServerBuild;
}

async function loadBuilds(appsDir: string): Promise<AppBuild[]> {
  const missing = APPS.filter(
    (app) =>
      !existsSync(path.join(appsDir, app, "build/server/index.js")) ||
      !existsSync(path.join(appsDir, app, "build/client")),
  );
  if (missing.length > 0) {
    const list = missing.map((app) => `apps/${app}/build`).join(", ");
    const filters = missing.map((app) => `--filter=@dangjian/${app}`).join(" ");
    throw new Error(`网关只提供构建好的应用，但缺少 ${list}。请先构建：pnpm exec turbo run build ${filters}`);
  }
  return Promise.all(
    APPS.map(async (app) => {
      const serverEntry = path.join(appsDir, app, "build/server/index.js");
      const build = (await import(pathToFileURL(serverEntry).href)) as ServerBuild;
      return { app, clientDir: path.join(appsDir, app, "build/client"), build };
    }),
  );
}

/** The home page of the app a path belongs to, for the "back" link of error pages. */
function homeFor(pathname: string): string {
  const first = pathname.split("/")[1] ?? "";
  return (APPS as readonly string[]).includes(first) ? `/${first}/` : "/branch/";
}

function statusOf(error: unknown): number {
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { services } = options;
  const builds = options.withoutApps ? [] : await loadBuilds(options.appsDir ?? DEFAULT_APPS_DIR);
  const sessionCookie = createSessionCookie({ secure: options.cookieSecure ?? false });
  const secure = { secure: options.cookieSecure ?? false };
  const resolveContext = contextResolver(services, sessionCookie, secure);
  const withContext = contextMiddleware(services, sessionCookie, secure);
  const contextOf = (res: Response): Context => res.locals.context as Context;
  const getLoadContext = (_req: Request, res: Response) =>
    ({
      api: createCaller(contextOf(res)),
      sessionCookie,
      cspNonce: res.locals.cspNonce as string,
    }) satisfies GatewayLoadContext;

  const formGuard = formBodyGuard((status, req) => renderErrorPage(status, homeFor(req.path)));
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);
  // first: every later line of this request's work carries its id
  app.use(requestObserver());
  app.get("/metrics", metricsRoute(options.metricsToken));
  app.use(
    cspNonce,
    securityHeaders({ secure: options.cookieSecure ?? false, storageOrigins: options.storageOrigins ?? [] }),
  );
  app.use(originGuard(options.allowedOrigins));
  // Liveness and readiness (ADR 1040): before everything else that could fail or throttle.
  app.use(healthRoutes(services));
  // Heartbeats and playlists: tiny or per-request bodies, thousands a second; not compressed.
  app.use("/api/school", schoolRoutes(services));
  app.use(compression());

  app.get("/", (_req, res) => res.redirect(302, "/branch/"));

  // The e-party card's public lists (ADR 0501): any verifier, online or caching for offline use.
  app.use("/card/lists", cardListRoutes(services));

  app.use("/api/trpc", trpcRoutes(resolveContext));

  for (const { app: name, clientDir, build } of builds) {
    // Fingerprinted files never change: cache them for a year. A missing one is a plain 404.
    app.use(
      `/${name}/assets`,
      express.static(path.join(clientDir, "assets"), {
        immutable: true,
        maxAge: "1y",
        index: false,
        redirect: false,
        fallthrough: false,
      }),
    );
    // Other public files (manifest, icons) may change between deploys.
    app.use(`/${name}`, express.static(clientDir, { maxAge: "1h", index: false, redirect: false }));
    const handler = createRequestHandler({ build, getLoadContext, mode: "production" });
    app.all([`/${name}`, `/${name}/*splat`], formGuard, withContext, handler);
  }

  app.use((req, res) => {
    res
      .status(404)
      .type("html")
      .send(renderErrorPage(404, homeFor(req.path)));
  });

  const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
    const status = statusOf(error);
    if (status >= 500 && !unavailableError(error))
      log().error({ err: error, method: req.method, route: req.route?.path }, "unhandled error");
    if (res.headersSent) {
      next(error);
      return;
    }
    // the database or the object store is down: 503 and say so (ADR 1040)
    const outage = unavailableError(error);
    const shown = outage ? 503 : status === 404 ? 404 : 500;
    res
      .status(shown)
      .type("html")
      .set("Cache-Control", "no-store")
      .send(renderErrorPage(shown, homeFor(req.path), outage ? t(outage.messageKey) : undefined));
  };
  app.use(errorHandler);

  const server = app.listen(options.port ?? 3000, options.host ?? "127.0.0.1");
  // Idle keep-alive sockets stay open longer than a load balancer's usual 60 s idle timeout, so
  // the balancer (or a busy client whose timers run late) never reuses a socket this process has
  // just closed, which shows up as a reset connection instead of an answer. Node's default is 5 s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const url = await listeningUrl(server);

  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Let in-flight requests finish, but don't wait on idle keep-alive sockets.
        const force = setTimeout(() => server.closeAllConnections(), 5000);
        force.unref();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
