// The permission matrix of the routes outside tRPC, through the real gateway (its whole middleware
// stack: headers, the Origin check, limits, the school's media and heartbeat routes, the card's
// public lists, health, the tRPC mount) on a started server, a real database and the test S3
// server. The three React Router apps are left out here (they are built after the Vitest run);
// their pages and resource routes call the same tRPC procedures (packages/api's matrix) and are
// walked per role by e2e/specs/route-matrix.spec.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createMember, PASSWORD, regionDatabase, type Region, type TestDatabase } from "@dangjian/services/testing";
import { createGateway, type Gateway } from "../src/index.ts";

let t: TestDatabase;
let region: Region;
let gateway: Gateway;

const PERSONAS = ["anonymous", "memberA", "secretaryB", "township", "schoolAdmin"] as const;
type Persona = (typeof PERSONAS)[number];
const cookies = new Map<Persona, string>();
const ids = { openLesson: "", restrictedLesson: "", unknown: crypto.randomUUID() };

async function readyVideoLesson(audienceOrgId: string | null): Promise<string> {
  const db = t.services.deps.db;
  const course = await db.course.create({
    data: { title: audienceOrgId ? "西村专题课" : "公开课", category: "理论学习", published: true, audienceOrgId },
  });
  const assetId = crypto.randomUUID();
  const prefix = `hls/${assetId}/`;
  const storage = t.services.deps.storage!;
  await storage.put(
    `${prefix}master.m3u8`,
    new TextEncoder().encode("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=400000\n360p/index.m3u8\n"),
    "application/vnd.apple.mpegurl",
  );
  await storage.put(
    `${prefix}360p/index.m3u8`,
    new TextEncoder().encode('#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:4,\nseg0.m4s\n#EXT-X-ENDLIST\n'),
    "application/vnd.apple.mpegurl",
  );
  await db.videoAsset.create({
    data: {
      id: assetId,
      sourceKey: `videos/${assetId}/source`,
      fileName: "a.mp4",
      contentType: "video/mp4",
      sizeBytes: BigInt(10),
      status: "READY",
      outputPrefix: prefix,
      durationSec: 60,
    },
  });
  const lesson = await db.lesson.create({
    data: { courseId: course.id, title: "视频课", kind: "VIDEO", durationSec: 60, videoAssetId: assetId },
  });
  return lesson.id;
}

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
  const db = t.services.deps.db;
  await createMember(db, {
    name: "西村书记",
    branchId: region.branchB,
    phone: "13600000021",
    roles: [{ role: "BRANCH_SECRETARY", orgId: region.branchB }],
  });
  await createMember(db, {
    name: "党校管理员",
    branchId: region.branchA,
    phone: "13600000022",
    roles: [{ role: "SCHOOL_ADMIN", orgId: region.city }],
  });
  const phones: Record<Exclude<Persona, "anonymous">, string> = {
    memberA: region.phones.member,
    secretaryB: "13600000021",
    township: region.phones.town1,
    schoolAdmin: "13600000022",
  };
  for (const [persona, phone] of Object.entries(phones)) {
    const { token } = await t.services.auth.login({ identifier: phone, password: PASSWORD, ip: null, userAgent: null });
    cookies.set(persona as Persona, `dj_session=${encodeURIComponent(token)}`);
  }
  ids.openLesson = await readyVideoLesson(null);
  ids.restrictedLesson = await readyVideoLesson(region.branchB);
  gateway = await createGateway({ services: t.services, port: 0, withoutApps: true });
}, 120_000);
afterAll(async () => {
  await gateway?.close();
  await t.drop();
});

type Expect = Record<Persona, number>;
const all = (status: number): Expect => Object.fromEntries(PERSONAS.map((p) => [p, status])) as Expect;
const loggedIn = (status: number, others: Partial<Expect> = {}): Expect => ({
  ...all(status),
  anonymous: 401,
  ...others,
});

interface Route {
  name: string;
  method?: "GET" | "POST";
  path: () => string;
  body?: (sessionId: string) => string;
  headers?: Record<string, string>;
  /** the player's playlist fetch (?ws=<session>) of this lesson first, as the persona (ADR 0753) */
  openedOn?: () => string;
  expect: Expect;
  /** what a refused answer must not contain */
  check?: (status: number, text: string, headers: Headers) => void;
}

const heartbeat = (lessonId: () => string) => (sessionId: string) =>
  JSON.stringify({ lessonId: lessonId(), sessionId, seq: 0, positionSec: 0, playing: true, rate: 1, visible: true });
const trpcGet = (path: string, input?: unknown) => () =>
  `/api/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`;

const ROUTES: Route[] = [
  { name: "root redirect", path: () => "/", expect: all(302) },
  { name: "health", path: () => "/healthz", expect: all(200) },
  { name: "card trust list (public)", path: () => "/card/lists/trust.json", expect: all(200) },
  {
    name: "card status list: not a region id",
    path: () => "/card/lists/status/..%2F..%2Fetc%2Fpasswd",
    expect: all(404),
  },
  { name: "card status list: unknown region", path: () => `/card/lists/status/${ids.unknown}.json`, expect: all(404) },
  // the school's HLS playlists: members who may see the course; never another organisation's course
  {
    name: "playlist of an open course",
    path: () => `/api/school/media/${ids.openLesson}/master.m3u8`,
    expect: loggedIn(200),
  },
  {
    name: "variant playlist of an open course (signed segment URLs)",
    path: () => `/api/school/media/${ids.openLesson}/360p/index.m3u8`,
    expect: loggedIn(200),
    check: (s, text) => s === 200 && expect(text).toMatch(/X-Amz-Signature=/),
  },
  {
    name: "playlist of a course for branch B only",
    path: () => `/api/school/media/${ids.restrictedLesson}/master.m3u8`,
    expect: loggedIn(403, { secretaryB: 200, schoolAdmin: 200 }),
    check: (s, text) => s === 403 && expect(text).not.toContain("m3u8"),
  },
  {
    name: "playlist of an unknown lesson",
    path: () => `/api/school/media/${ids.unknown}/master.m3u8`,
    expect: loggedIn(404),
  },
  {
    name: "playlist path outside the ladder",
    path: () => `/api/school/media/${ids.openLesson}/..%2F..%2Fsource`,
    expect: loggedIn(404),
  },
  // player heartbeats
  {
    name: "playlist with a malformed watch session id",
    path: () => `/api/school/media/${ids.openLesson}/master.m3u8?ws=x`,
    expect: loggedIn(400),
  },
  {
    name: "heartbeat on an open course after the player's playlist fetch",
    method: "POST",
    path: () => "/api/school/heartbeat",
    openedOn: () => ids.openLesson,
    body: heartbeat(() => ids.openLesson),
    expect: loggedIn(200),
  },
  // a session whose playlist was never fetched is not believed (issue 13 defect 9)
  {
    name: "heartbeat on an open course without a playlist fetch",
    method: "POST",
    path: () => "/api/school/heartbeat",
    body: heartbeat(() => ids.openLesson),
    expect: loggedIn(409),
  },
  {
    name: "heartbeat on branch B's course",
    method: "POST",
    path: () => "/api/school/heartbeat",
    openedOn: () => ids.restrictedLesson,
    body: heartbeat(() => ids.restrictedLesson),
    expect: loggedIn(403, { secretaryB: 200, schoolAdmin: 200 }),
  },
  {
    name: "heartbeat on an unknown lesson",
    method: "POST",
    path: () => "/api/school/heartbeat",
    body: heartbeat(() => ids.unknown),
    expect: loggedIn(404),
  },
  {
    name: "malformed heartbeat",
    method: "POST",
    path: () => "/api/school/heartbeat",
    body: () => '{"lessonId":1',
    expect: all(400),
  },
  {
    name: "oversized heartbeat",
    method: "POST",
    path: () => "/api/school/heartbeat",
    body: () => JSON.stringify({ pad: "x".repeat(4096) }),
    expect: all(413),
  },
  {
    name: "heartbeat from another site",
    method: "POST",
    path: () => "/api/school/heartbeat",
    body: heartbeat(() => ids.openLesson),
    headers: { origin: "https://evil.example" },
    expect: all(403),
  },
  // the tRPC mount, over HTTP
  { name: "tRPC auth.me (public)", path: trpcGet("auth.me"), expect: all(200) },
  {
    name: "tRPC members.list of the caller's own branch",
    path: trpcGet("members.list"),
    expect: loggedIn(403, { secretaryB: 200, township: 200 }),
  },
  {
    name: "tRPC members.list of branch A",
    path: () => trpcGet("members.list", { orgId: region.branchA })(),
    expect: loggedIn(403, { township: 200 }),
    check: (s, text) => s === 403 && expect(text).not.toContain("李红"),
  },
  {
    name: "tRPC mutation from another site",
    method: "POST",
    path: () => "/api/trpc/members.setLostContact",
    body: () => JSON.stringify({ json: { memberId: region.members.alice, lost: true } }),
    headers: { origin: "https://evil.example" },
    expect: all(403),
  },
  { name: "unknown path", path: () => "/no-such-page", expect: all(404) },
];

describe("routes outside tRPC: every persona, through the real gateway", () => {
  for (const route of ROUTES) {
    it(route.name, async () => {
      const got: Partial<Expect> = {};
      for (const persona of PERSONAS) {
        const headers: Record<string, string> = {
          ...(route.body ? { "content-type": "application/json" } : {}),
          ...(route.headers ?? {}),
        };
        const cookie = cookies.get(persona);
        if (cookie) headers.cookie = cookie;
        const sessionId = crypto.randomUUID();
        if (route.openedOn && cookie)
          await (
            await fetch(`${gateway.url}/api/school/media/${route.openedOn()}/master.m3u8?ws=${sessionId}`, {
              headers: { cookie },
            })
          ).text();
        const response = await fetch(`${gateway.url}${route.path()}`, {
          method: route.method ?? "GET",
          headers,
          body: route.body?.(sessionId),
          redirect: "manual",
        });
        const text = await response.text();
        got[persona] = response.status;
        route.check?.(response.status, text, response.headers);
        // every answer carries the security headers; errors never show a stack
        expect(response.headers.get("x-content-type-options"), `${route.name} as ${persona}`).toBe("nosniff");
        if (response.status >= 400) expect(text).not.toMatch(/\bat \S+:\d+:\d+|TypeError|prisma/i);
      }
      expect(got).toEqual(route.expect);
    });
  }

  it("a playlist fetched by one member is never served from a cache to another", async () => {
    const response = await fetch(`${gateway.url}/api/school/media/${ids.openLesson}/master.m3u8`, {
      headers: { cookie: cookies.get("memberA")! },
    });
    expect(response.headers.get("cache-control")).toContain("no-store");
  });
});

describe("fuzz of the routes outside tRPC (seeded, bounded)", () => {
  const SEED = Number(process.env.FUZZ_SEED ?? 20_261_205);
  const RUNS = Number(process.env.FUZZ_RUNS ?? 12) * 4;
  const uuid = fc.oneof(
    fc
      .constantFrom(
        () => ids.openLesson,
        () => ids.restrictedLesson,
        () => ids.unknown,
      )
      .map((f) => f()),
    fc.uuid(),
    fc.string({ maxLength: 40 }),
  );
  const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 1e308, Number.MAX_SAFE_INTEGER));

  it("heartbeats: any body from any persona is answered without a server error", { timeout: 120_000 }, async () => {
    const body = fc.oneof(
      fc
        .record(
          {
            lessonId: uuid,
            sessionId: uuid,
            seq: number,
            positionSec: number,
            playing: fc.boolean(),
            rate: number,
            visible: fc.boolean(),
          },
          { requiredKeys: [] },
        )
        .map((b) => JSON.stringify(b)),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 3000 }),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...PERSONAS), async (text, persona) => {
        const cookie = cookies.get(persona);
        const response = await fetch(`${gateway.url}/api/school/heartbeat`, {
          method: "POST",
          headers: { "content-type": "text/plain", ...(cookie ? { cookie } : {}) },
          body: text,
        });
        const answer = await response.text();
        expect(response.status, answer).toBeLessThan(500);
        expect(JSON.parse(answer).error ?? "", answer).not.toMatch(/[A-Za-z]{6,}/);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(
    "playlists: any path from any persona is answered without a server error and never outside the ladder",
    { timeout: 120_000 },
    async () => {
      const file = fc.oneof(
        fc.constantFrom(
          "master.m3u8",
          "360p/index.m3u8",
          "../source",
          "..%2F..%2Fsource",
          "%00",
          "360p/../../x",
          "a".repeat(300),
        ),
        fc.webPath().map((p) => p.replace(/^\//, "")),
      );
      await fc.assert(
        fc.asyncProperty(uuid, file, fc.constantFrom(...PERSONAS), async (lesson, path, persona) => {
          const cookie = cookies.get(persona);
          const response = await fetch(`${gateway.url}/api/school/media/${encodeURIComponent(lesson)}/${path}`, {
            headers: cookie ? { cookie } : {},
          });
          const text = await response.text();
          expect(response.status, text.slice(0, 200)).toBeLessThan(500);
          if (response.status === 200) expect(text.startsWith("#EXTM3U"), text.slice(0, 200)).toBe(true);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    },
  );
});
