// The edge limits through a real HTTP server, real tRPC and a real database (issue 13, defects
// 2 and 3): no batched logins, a capped batch size, a capped body size.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, regionDatabase, type Region, type TestDatabase } from "@dangjian/services/testing";
import { contextResolver } from "../src/context.ts";
import { createSessionCookie } from "../src/cookies.ts";
import { formBodyGuard, LIMITS } from "../src/limits.ts";
import { trpcRoutes } from "../src/trpc.ts";

let t: TestDatabase;
let region: Region;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
  const app = express();
  app.use("/api/trpc", trpcRoutes(contextResolver(t.services, createSessionCookie({ secure: false }))));
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close();
  await t.drop();
});

const loginInput = (identifier: string, password: string) => ({ json: { identifier, password } });

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe("tRPC batching", () => {
  it("refuses a batch that carries auth.login calls, before any password is checked", async () => {
    const calls = 50;
    const path = Array.from({ length: calls }, () => "auth.login").join(",");
    const input = Object.fromEntries(
      Array.from({ length: calls }, (_, i) => [i, loginInput(region.phones.member, `guess-${i}`)]),
    );
    const before = await t.services.deps.db.loginAttempt.count();
    const answer = await post(`${path}?batch=1`, JSON.stringify(input));
    expect(answer.status).toBe(400);
    expect(await t.services.deps.db.loginAttempt.count()).toBe(before);
    // even a batch of two, one of them a login
    const two = await post(
      "auth.me,auth.login?batch=1",
      JSON.stringify({ 1: loginInput(region.phones.member, PASSWORD) }),
    );
    expect(two.status).toBe(400);
    expect(two.text).toContain("登录请求不能合并发送");
  });

  it("still takes a single login (the browser client sends batch=1 with one call)", async () => {
    const answer = await post("auth.login?batch=1", JSON.stringify({ 0: loginInput(region.phones.member, PASSWORD) }));
    expect(answer.status).toBe(200);
  });

  it("caps the number of calls in one batch everywhere", async () => {
    const ok = await fetch(
      `${base}/api/trpc/${Array.from({ length: LIMITS.trpcMaxBatch }, () => "auth.me").join(",")}?batch=1&input={}`,
    );
    expect(ok.status, await ok.clone().text()).toBe(200);
    const tooMany = await fetch(
      `${base}/api/trpc/${Array.from({ length: LIMITS.trpcMaxBatch + 1 }, () => "auth.me").join(",")}?batch=1&input={}`,
    );
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain(`最多合并 ${LIMITS.trpcMaxBatch} 个操作`);
  });
});

describe("tRPC body size", () => {
  it("refuses a body over the limit by its Content-Length without reading it", async () => {
    const big = JSON.stringify({ 0: { json: { identifier: "x", password: "y".repeat(LIMITS.trpcBodyBytes) } } });
    const answer = await post("auth.login?batch=1", big);
    expect(answer.status).toBe(413);
    expect(answer.text).toContain("提交的内容太大");
  });

  it("refuses a chunked body (no Content-Length) once it passes the limit", async () => {
    const chunk = new TextEncoder().encode("y".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"0":{"json":{"identifier":"x","password":"'));
        if (sent > LIMITS.trpcBodyBytes * 2) {
          controller.enqueue(new TextEncoder().encode('"}}}'));
          controller.close();
          return;
        }
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const response = await fetch(`${base}/api/trpc/auth.login?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });
});

describe("form posts to the apps (React Router actions)", () => {
  let formBase: string;
  let closeForm: () => Promise<void>;
  let bodiesRead = 0;

  beforeAll(async () => {
    const app = express();
    app.all(
      "/branch/*splat",
      formBodyGuard((status) => `<p>${status}</p>`),
      (req, res) => {
        let size = 0;
        bodiesRead++;
        req.on("data", (chunk: Buffer) => (size += chunk.length));
        req.on("end", () => res.json({ size }));
      },
    );
    const server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    formBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closeForm = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => closeForm());

  const form = (size: number) => new URLSearchParams({ note: "x".repeat(size) }).toString();

  it("passes an ordinary form and refuses an oversized one before reading it", async () => {
    const small = await fetch(`${formBase}/branch/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form(1000),
    });
    expect(small.status).toBe(200);
    const before = bodiesRead;
    const big = await fetch(`${formBase}/branch/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: form(LIMITS.formBodyBytes + 1),
    });
    expect(big.status).toBe(413);
    expect(bodiesRead).toBe(before);
  });

  it("lets the member import post up to its own limit, not more", async () => {
    const fits = await fetch(`${formBase}/branch/members/import/upload`, {
      method: "POST",
      body: form(4 * 1024 * 1024),
    });
    expect(fits.status).toBe(200);
    const over = await fetch(`${formBase}/branch/members/import/upload`, {
      method: "POST",
      headers: { accept: "application/json" },
      body: form(LIMITS.importBodyBytes + 1),
    });
    expect(over.status).toBe(413);
    expect(((await over.json()) as { message: string }).message).toContain("提交的内容太大");
  });

  it("refuses a chunked post (no Content-Length) with 411", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("note=abc"));
        controller.close();
      },
    });
    const answer = await fetch(`${formBase}/branch/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(answer.status).toBe(411);
  });
});
