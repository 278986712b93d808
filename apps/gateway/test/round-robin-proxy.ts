// A round-robin HTTP proxy for the multi-process tests: each request goes to the next upstream
// in turn, whatever it is (no stickiness of any kind), as a plain load balancer would do. An
// upstream that does not answer yields 502 and the next request goes to the next one.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RoundRobinProxy {
  url: string;
  /** the upstream base URLs, replaceable (a restarted process comes back on a new port) */
  upstreams: string[];
  close(): Promise<void>;
}

export async function startRoundRobinProxy(upstreams: string[]): Promise<RoundRobinProxy> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const state = { upstreams: [...upstreams] };
  let next = 0;
  const server = http.createServer((req, res) => {
    const target = new URL(state.upstreams[next++ % state.upstreams.length]!);
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers, // Host kept, as a load balancer does (the Origin check compares with it)
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("upstream unreachable");
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get upstreams() {
      return state.upstreams;
    },
    set upstreams(list: string[]) {
      state.upstreams = [...list];
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
