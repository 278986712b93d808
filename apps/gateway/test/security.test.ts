// Headers, the Origin check and the proxy setting through a real HTTP server (issue 13, defect 11).
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cspNonce, originGuard, parseTrustProxy, requestOrigin, securityHeaders } from "../src/security.ts";

async function serve(app: express.Express): Promise<{ base: string; close: () => Promise<void> }> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function appWith(options: { secure: boolean; trustProxy?: false | number | string[] }) {
  const app = express();
  app.set("trust proxy", options.trustProxy ?? false);
  app.use(
    cspNonce,
    securityHeaders({ secure: options.secure, storageOrigins: ["http://127.0.0.1:9000"] }),
    originGuard(),
  );
  app.get("/page", (_req, res) => res.type("html").send(`<p>${String(res.locals.cspNonce)}</p>`));
  app.post("/branch/login", (req, res) => res.json({ ok: true, ip: req.ip, origin: requestOrigin(req) }));
  app.get("/whoami", (req, res) => res.json({ ip: req.ip, origin: requestOrigin(req) }));
  return app;
}

let plain: Awaited<ReturnType<typeof serve>>;
let secure: Awaited<ReturnType<typeof serve>>;
let proxied: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  plain = await serve(appWith({ secure: false }));
  secure = await serve(appWith({ secure: true }));
  proxied = await serve(appWith({ secure: true, trustProxy: parseTrustProxy("loopback") }));
});
afterAll(async () => {
  await plain.close();
  await secure.close();
  await proxied.close();
});

describe("security headers", () => {
  it("sends a CSP with a fresh nonce per response, no framing, nosniff and a referrer policy", async () => {
    const first = await fetch(`${plain.base}/page`);
    const second = await fetch(`${plain.base}/page`);
    const csp = first.headers.get("content-security-policy")!;
    const nonce = await first.text();
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce.replace(/<\/?p>/g, "")}'`);
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("media-src 'self' blob: http://127.0.0.1:9000");
    expect(csp).toContain("img-src 'self' data: blob: http://127.0.0.1:9000");
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
    expect(first.headers.get("permissions-policy")).toContain("camera=(self)");
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("adds HSTS only when the site is served over HTTPS", async () => {
    const answer = await fetch(`${secure.base}/page`);
    expect(answer.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
    expect(answer.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });
});

const post = (base: string, headers: Record<string, string>) =>
  fetch(`${base}/branch/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: "identifier=1&password=2",
  });

describe("Origin check on state-changing requests", () => {
  it("refuses a login posted from another site (login CSRF)", async () => {
    const answer = await post(plain.base, { origin: "https://evil.example" });
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain("请求来源不正确");
    expect((await post(plain.base, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post(plain.base, { origin: "null" })).status).toBe(403);
  });

  it("accepts the site's own pages and clients that send no Origin", async () => {
    expect((await post(plain.base, { origin: plain.base })).status).toBe(200);
    expect((await post(plain.base, { "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await post(plain.base, {})).status).toBe(200);
  });
});

describe("TRUST_PROXY", () => {
  it("takes explicit values only", () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy("false")).toBe(false);
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy("loopback, 10.0.0.0/8")).toEqual(["loopback", "10.0.0.0/8"]);
    expect(() => parseTrustProxy("true")).toThrow(/X-Forwarded-For/);
    expect(() => parseTrustProxy("everyone")).toThrow(/无法识别/);
  });

  it("behind a trusted proxy, the client address and https come from the proxy's headers; otherwise they are ignored", async () => {
    const headers = { "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https" };
    const host = (base: string) => new URL(base).host;
    const viaProxy = (await (await fetch(`${proxied.base}/whoami`, { headers })).json()) as {
      ip: string;
      origin: string;
    };
    expect(viaProxy).toEqual({ ip: "203.0.113.9", origin: `https://${host(proxied.base)}` });
    const direct = (await (await fetch(`${plain.base}/whoami`, { headers })).json()) as { ip: string; origin: string };
    expect(direct.ip).not.toBe("203.0.113.9");
    expect(direct.origin).toBe(`http://${host(plain.base)}`);
    // a form posted from the https page behind the proxy is same-origin; from plain http it is not
    expect((await post(proxied.base, { ...headers, origin: `https://${host(proxied.base)}` })).status).toBe(200);
    expect((await post(proxied.base, { ...headers, origin: `http://${host(proxied.base)}` })).status).toBe(403);
  });
});
