// A round-robin HTTP balancer in front of several gateway processes (`DANGJIAN_GATEWAYS=N npm
// start`, and the multi-process tests): each request goes to the next upstream in turn, with no
// stickiness of any kind, as any load balancer may do; the gateways are correct that way (ADR
// 1001). It keeps the Host header (the gateway's Origin check compares with it) and adds
// X-Forwarded-For / X-Forwarded-Proto (the gateways trust one hop). An upstream that refuses
// the connection is skipped for this request when the body has not been sent yet; otherwise
// the client gets 502. Production runs a real load balancer (nginx, HAProxy, a cloud one).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Balancer {
  url: string;
  /** the upstream base URLs (http://host:port), replaceable at any time (a restarted process) */
  upstreams: string[];
  /** requests sent to each upstream so far, by base URL */
  readonly counts: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

export async function startBalancer(
  upstreams: string[],
  options: { port?: number; host?: string } = {},
): Promise<Balancer> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let list = [...upstreams];
  let next = 0;
  const counts = new Map<string, number>();

  const forward = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer[] | null,
    tries: number,
    index = next++,
  ) => {
    const base = list[index % list.length]!;
    const target = new URL(base);
    counts.set(base, (counts.get(base) ?? 0) + 1);
    const forwardedFor = [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", ");
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, "x-forwarded-for": forwardedFor, "x-forwarded-proto": "http" },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      // nothing reached a process that refused the connection: the next one may take it
      if (error.code === "ECONNREFUSED" && body && tries + 1 < list.length) {
        forward(req, res, body, tries + 1, index + 1); // the one after it, not whatever is next
        return;
      }
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      res.end("网关暂时不可用，请稍后重试");
    });
    if (body) upstream.end(Buffer.concat(body));
    else req.pipe(upstream);
  };

  const server = http.createServer((req, res) => {
    // small bodies (heartbeats, forms) are buffered so that a refused connection can be retried
    const length = Number(req.headers["content-length"] ?? (req.method === "GET" || req.method === "HEAD" ? 0 : NaN));
    if (!(length <= 64 * 1024)) {
      forward(req, res, null, 0);
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => forward(req, res, chunks, 0));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    get upstreams() {
      return list;
    },
    set upstreams(value: string[]) {
      list = [...value];
    },
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port free on 127.0.0.1 right now (for a child process told where to listen). */
export async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
