// The worker's small HTTP listener (ADR 1040): /healthz (alive) and /readyz (PostgreSQL, S3 and
// the search engine reachable), for the orchestrator's probes; other routes (/metrics) are added
// to the same table. It listens only when WORKER_HTTP_PORT is set (0 picks a free port).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listeningUrl } from "@dangjian/observability";
import { sharedReadiness, type Readiness } from "@dangjian/services";

export type WorkerRoute = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface WorkerHttp {
  url: string;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** /healthz and /readyz (the gateway's answer, see apps/gateway/src/health.ts). */
export function healthRoutes(
  source: { readiness(options?: { timeoutMs?: number }): Promise<Readiness> },
  options: { cacheMs?: number; timeoutMs?: number } = {},
): Record<string, WorkerRoute> {
  const check = sharedReadiness(source, options);
  return {
    "/healthz": (_req, res) => json(res, 200, { ok: true }),
    "/readyz": async (_req, res) => {
      const result = await check();
      json(res, result.ready ? 200 : 503, result);
    },
  };
}

export async function startWorkerHttp(options: {
  port: number;
  host?: string;
  routes: Record<string, WorkerRoute>;
}): Promise<WorkerHttp> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = req.method === "GET" || req.method === "HEAD" ? options.routes[path] : undefined;
    if (!route) return json(res, 404, { error: "not found" });
    Promise.resolve(route(req, res)).catch(() => {
      if (!res.headersSent) json(res, 500, { error: "internal" });
      else res.end();
    });
  });
  server.listen(options.port, options.host ?? "127.0.0.1");
  return {
    url: await listeningUrl(server),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
