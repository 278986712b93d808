// The round-robin balancer of `DANGJIAN_GATEWAYS=N npm start` (ADR 1001), against plain HTTP
// servers standing in for gateway processes.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { startBalancer } from "../src/balancer.ts";

const servers: http.Server[] = [];
async function upstream(name: string): Promise<string> {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "x-upstream": name });
      res.end(JSON.stringify({ name, host: req.headers.host, xff: req.headers["x-forwarded-for"], body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
});

describe("round-robin balancer", () => {
  it("sends each request to the next process in turn, keeps Host and adds X-Forwarded-For", async () => {
    const a = await upstream("a");
    const b = await upstream("b");
    const balancer = await startBalancer([a, b]);
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${balancer.url}/x`, { method: "POST", body: `n=${i}` });
      const json = (await res.json()) as { name: string; host: string; xff: string; body: string };
      seen.push(json.name);
      expect(json.host).toBe(new URL(balancer.url).host);
      expect(json.xff).toBe("127.0.0.1");
      expect(json.body).toBe(`n=${i}`);
    }
    expect(seen).toEqual(["a", "b", "a", "b", "a", "b"]);
    await balancer.close();
  });

  it("a process that refuses connections is skipped; with none left the client gets 502", async () => {
    const a = await upstream("a2");
    const closed = await upstream("gone");
    await new Promise((r) => servers.pop()!.close(r));
    const balancer = await startBalancer([closed, a]);
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${balancer.url}/hb`, { method: "POST", body: "{}" });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-upstream")).toBe("a2");
    }
    balancer.upstreams = [closed];
    expect((await fetch(`${balancer.url}/hb`, { method: "POST", body: "{}" })).status).toBe(502);
    await balancer.close();
  });
});
