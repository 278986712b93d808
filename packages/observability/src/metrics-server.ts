// /metrics for a process that has no web server of its own (the worker, whose small listener
// serves the probes too): a node:http handler that answers only the bearer token.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { listeningUrl } from "./listen.ts";
import { metricsAuthorized, renderMetrics } from "./metrics.ts";

export function metricsRequestHandler(token: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (!metricsAuthorized(token, req.headers.authorization)) {
      res.writeHead(401, { "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" }).end();
      return;
    }
    const { contentType, body } = await renderMetrics();
    res.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-store" }).end(body);
  };
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** A listener serving only GET /metrics (for a process without any other listener). */
export async function startMetricsServer(options: {
  port: number;
  host: string;
  token: string;
}): Promise<MetricsServer> {
  const handle = metricsRequestHandler(options.token);
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  server.listen(options.port, options.host);
  const url = await listeningUrl(server);
  return {
    url: `${url}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
