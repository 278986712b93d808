// What operators see (issue 14 §4): the request id (accepted from X-Request-Id only when well
// formed, echoed, carried into the outbox events a request causes), /metrics behind its token,
// and the log of real flows (logins, a member created twice, a card list fetched, errors) free of
// phone and ID numbers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureLogging, newRequestId } from "@dangjian/observability";
import {
  createMember,
  DEMO_ACCOUNTS,
  PASSWORD,
  regionDatabase,
  uniqueIdNumber,
  type Region,
  type TestDatabase,
} from "@dangjian/services/testing";
import { TRUST_LIST_PATH } from "@dangjian/services";
import superjson from "superjson";
import { createGateway, type Gateway } from "../src/index.ts";

const PHONE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/;
const ID_NUMBER = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/;
const TOKEN = "test-metrics-token-0123456789";

let t: TestDatabase;
let region: Region;
let gateway: Gateway;
const lines: string[] = [];
/** every phone and ID number the flows below use: none may appear in the log */
const secrets = new Set<string>();

const secretary = DEMO_ACCOUNTS.secretary.phone;

beforeAll(async () => {
  configureLogging({ service: "gateway", level: "debug", destination: { write: (line) => lines.push(line) } });
  ({ t, region } = await regionDatabase());
  await createMember(t.services.deps.db, {
    name: "王书记",
    branchId: region.branchA,
    phone: secretary,
    roles: [{ role: "BRANCH_SECRETARY", orgId: region.branchA }],
  });
  for (const phone of [...Object.values(region.phones), secretary]) secrets.add(phone);
  gateway = await createGateway({ services: t.services, port: 0, withoutApps: true, metricsToken: TOKEN });
}, 120_000);
afterAll(async () => {
  await gateway?.close();
  await t?.drop();
});

async function trpc(procedure: string, input: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gateway.url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: gateway.url, ...headers },
    body: JSON.stringify(superjson.serialize(input)),
  });
}

async function login(identifier: string, password = PASSWORD): Promise<string | null> {
  const res = await trpc("auth.login", { identifier, password });
  if (!res.ok) return null;
  const body = (await res.json()) as { result: { data: { json: { token: string } } } };
  return `dj_session=${encodeURIComponent(body.result.data.json.token)}`;
}

describe("request id", () => {
  it("accepts a well-formed X-Request-Id, echoes it, and replaces a malformed one", async () => {
    const given = "lb-7f3a9c2e5b1d4f60";
    const echoed = await fetch(`${gateway.url}/healthz`, { headers: { "x-request-id": given } });
    expect(echoed.headers.get("x-request-id")).toBe(given);
    for (const bad of ["bad id with spaces", "x", `req-${secretary}`, "a".repeat(200)]) {
      const res = await fetch(`${gateway.url}/healthz`, { headers: { "x-request-id": bad } });
      const id = res.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(id).not.toBe(bad);
    }
    const a = (await fetch(`${gateway.url}/healthz`)).headers.get("x-request-id");
    const b = (await fetch(`${gateway.url}/healthz`)).headers.get("x-request-id");
    expect(a).toBeTruthy();
    expect(a).not.toBe(b);
  });

  it("travels with the outbox events a request causes, into the worker's drain", async () => {
    await t.services.outbox.drain();
    const cookie = await login(secretary);
    expect(cookie).toBeTruthy();
    const requestId = newRequestId();
    const idNumber = uniqueIdNumber();
    secrets.add(idNumber);
    const res = await trpc(
      "members.add",
      {
        name: "新党员",
        idNumber,
        phone: "13912345670",
        status: "PROBATIONARY",
        category: "FARMER",
        joinedOn: new Date("2026-07-01T00:00:00.000Z"),
      },
      { cookie: cookie!, "x-request-id": requestId },
    );
    secrets.add("13912345670");
    expect(res.headers.get("x-request-id")).toBe(requestId);
    expect(res.status, await res.clone().text()).toBe(200);
    const drained = await t.services.outbox.drain();
    expect(drained.events).toBeGreaterThan(0);
    expect(drained.requestIds).toContain(requestId);
  });
});

describe("/metrics", () => {
  it("refuses without the token and with a wrong one", async () => {
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`${gateway.url}/metrics`, { headers: { authorization: TOKEN } });
    expect(basic.status).toBe(401);
  });

  it("is off (404) when no token is configured", async () => {
    const bare = await createGateway({ services: t.services, port: 0, withoutApps: true });
    try {
      expect((await fetch(`${bare.url}/metrics`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it("counts a real request in the route and procedure histograms", async () => {
    const scrape = async () => {
      const res = await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain");
      return res.text();
    };
    const count = (text: string, series: string) => {
      const line = text.split("\n").find((l) => l.startsWith(series));
      return line ? Number(line.split(" ").pop()) : 0;
    };
    const route = 'dangjian_http_request_duration_seconds_count{route="/api/trpc",method="GET",status="200"}';
    const procedure = 'dangjian_trpc_procedure_duration_seconds_count{procedure="auth.me",type="query",outcome="ok"}';
    const before = await scrape();
    const me = await fetch(`${gateway.url}/api/trpc/auth.me`);
    expect(me.status).toBe(200);
    // the server records a request when its response has been handed to the socket ("finish"),
    // which on a busy machine can come after the client already holds the answer: scrape until it
    // shows up (at most 5 s), then demand exactly one more
    let after = await scrape();
    for (const deadline = Date.now() + 5_000; count(after, route) <= count(before, route) && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await scrape();
    }
    expect(count(after, route)).toBe(count(before, route) + 1);
    expect(count(after, procedure)).toBe(count(before, procedure) + 1);
    expect(after).toContain("process_cpu_user_seconds_total");
  });
});

describe("logs", () => {
  it("hold no phone or ID number after real flows, and name each request by its id", async () => {
    // logins: a wrong password (by phone), an unknown phone, a right one
    expect(await login(region.phones.member, "wrong-password")).toBeNull();
    expect(await login("13700000009")).toBeNull();
    secrets.add("13700000009");
    const cookie = await login(secretary);
    // a member created, then the same ID number again (a conflict), then a malformed phone
    const idNumber = uniqueIdNumber();
    secrets.add(idNumber);
    const member = {
      name: "测试党员",
      idNumber,
      phone: "13912345671",
      status: "PROBATIONARY",
      category: "ON_DUTY",
      joinedOn: new Date("2020-07-01T00:00:00.000Z"),
    };
    secrets.add("13912345671");
    const created = await trpc("members.add", member, { cookie: cookie! });
    expect(created.status, await created.clone().text()).toBe(200);
    expect((await trpc("members.add", member, { cookie: cookie! })).status).toBeGreaterThanOrEqual(400);
    expect((await trpc("members.add", { ...member, phone: "1391234567x" }, { cookie: cookie! })).status).toBe(400);
    // the card's public trust list, as any verifier fetches it
    expect([200, 404]).toContain((await fetch(`${gateway.url}${TRUST_LIST_PATH}`)).status);
    // errors: personal data in a path and a query string, an unknown procedure, a bad heartbeat
    const tracked = newRequestId();
    const notFound = await fetch(`${gateway.url}/nowhere/${secretary}?id=${idNumber}&phone=${secretary}`, {
      headers: { "x-request-id": tracked },
    });
    expect(notFound.status).toBe(404);
    expect((await trpc("members.nothing", { phone: secretary }, { cookie: cookie! })).status).toBe(404);
    const heartbeat = await fetch(`${gateway.url}/api/school/heartbeat`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: gateway.url },
      body: JSON.stringify({ phone: secretary, idNumber }),
    });
    expect(heartbeat.status).toBe(400);

    const log = lines.join("");
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // the flows were logged (so the check below looks at something), each line with its request id
    const requests = parsed.filter((l) => l.msg === "request");
    expect(requests.length).toBeGreaterThan(8);
    expect(requests.every((l) => typeof l.reqId === "string" && l.service === "gateway")).toBe(true);
    expect(requests.find((l) => l.reqId === tracked)).toMatchObject({ status: 404, route: "other" });
    // no phone or ID number anywhere: neither the ones used above nor anything shaped like one
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toMatch(PHONE);
    expect(log).not.toMatch(ID_NUMBER);
    // and the code itself does not log them: the scrubber only had to mask the crafted path
    const masked = parsed.filter((l) => JSON.stringify(l).includes("[redacted]"));
    expect(masked.map((l) => l.reqId)).toEqual([tracked]);
  });
});
