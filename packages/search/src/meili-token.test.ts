// Tenant tokens (ADR 0604): claims and signature checked here with node:crypto; the adapter is
// checked to search with the token (never the admin key) against a local HTTP endpoint that
// records what a Meilisearch server would receive.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { MeiliEngine } from "./meili.ts";
import { warmUpNormalizer } from "./normalize.ts";
import { scopeFilter, tenantToken, TENANT_TOKEN_TTL_SEC } from "./meili-token.ts";

const KEY = {
  apiKey: "search-key-0123456789abcdef0123456789abcdef",
  apiKeyUid: "6062abda-a5aa-4414-ac91-ecd7944c0f8d",
};
const b64 = (s: string) => JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as Record<string, unknown>;

function verify(token: string, secret: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [h, p, sig] = token.split(".");
  const expected = createHmac("sha256", secret).update(`${h}.${p}`).digest("base64url");
  if (expected !== sig) throw new Error("bad signature");
  return { header: b64(h!), claims: b64(p!) };
}

describe("tenant tokens", () => {
  // The adapter's first search segments the query, which loads jieba's dictionary (several MB,
  // about a second of CPU on a quiet machine and far more under load): that load is not what these
  // tests check, so it happens here, under the hook timeout, as services do at start.
  beforeAll(() => warmUpNormalizer());

  it("carry the actor's scope as the index's filter, expire, and are signed with the search key", async () => {
    const now = new Date("2026-12-05T01:00:00Z");
    const token = await tenantToken(KEY, "dangjian", ["pub", "org.view@b-1", 'x"] OR acl IN ["*'], now);
    const { header, claims } = verify(token, KEY.apiKey);
    expect(header).toEqual({ alg: "HS256", typ: "JWT" });
    expect(claims.apiKeyUid).toBe(KEY.apiKeyUid);
    expect(claims.exp).toBe(Math.floor(now.getTime() / 1000) + TENANT_TOKEN_TTL_SEC);
    // a value that tries to close the list stays one quoted value
    expect(claims.searchRules).toEqual({
      dangjian: { filter: 'acl IN ["pub", "org.view@b-1", "x\\"] OR acl IN [\\"*"]' },
    });
    expect(() => verify(token, "another-key")).toThrow("bad signature");
    // tampering with the claims breaks the signature
    const [h, , sig] = token.split(".");
    const widened = Buffer.from(JSON.stringify({ ...claims, searchRules: ["*"] })).toString("base64url");
    expect(() => verify(`${h}.${widened}.${sig}`, KEY.apiKey)).toThrow("bad signature");
  });

  it("refuse an empty scope", async () => {
    await expect(tenantToken(KEY, "dangjian", [])).rejects.toThrow();
    expect(scopeFilter(["a"])).toBe('acl IN ["a"]');
  });

  // A real HTTP server and client: Node loads its fetch implementation on the first request. About
  // 0.3 s on a quiet machine; on two cores at load 30–40 that is 15 times longer, past vitest's 5 s.
  it("the adapter searches with a tenant token for the actor, never with the admin key", async () => {
    const seen: Array<{ url: string; auth: string; body: Record<string, unknown> }> = [];
    let hitsToSend = 0;
    const read = (req: IncomingMessage) =>
      new Promise<string>((r) => {
        let s = "";
        req.on("data", (c: Buffer) => (s += c.toString()));
        req.on("end", () => r(s));
      });
    const answer = async (req: IncomingMessage, res: ServerResponse) => {
      const body = await read(req);
      seen.push({
        url: req.url ?? "",
        auth: req.headers.authorization ?? "",
        body: body ? (JSON.parse(body) as Record<string, unknown>) : {},
      });
      res.setHeader("content-type", "application/json");
      const hits = Array.from({ length: hitsToSend }, (_, i) => ({
        key: `course_${i}`,
        type: "course",
        refId: `${i}`,
        orgId: null,
        orgName: null,
        title: "主题党日",
        body: "",
        titleNorm: "主题党日",
        bodyNorm: "",
        year: null,
        at: null,
        url: "/",
      }));
      res.end(
        JSON.stringify({
          hits,
          query: "",
          processingTimeMs: 0,
          hitsPerPage: 10,
          page: 1,
          totalPages: 0,
          totalHits: hitsToSend ? 1001 : 0,
          facetDistribution: {},
        }),
      );
    };
    const server = createServer((req, res) => void answer(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const engine = new MeiliEngine({
        host: `http://127.0.0.1:${port}`,
        apiKey: "admin-master-key",
        index: "dangjian",
        searchKey: KEY,
      });
      await engine.search({ query: "主题党日", tokens: ["branch.overview@b-1", "pub"], page: 1, pageSize: 10 });
      // past the bound (maxTotalHits is 1,001 to tell "1,000+"): the 1,001st result is not shown
      hitsToSend = 1;
      const past = await engine.search({
        query: "主题党日",
        tokens: ["branch.overview@b-1", "pub"],
        page: 21,
        pageSize: 50,
      });
      expect(past.hits).toEqual([]);
      expect(past.totalCapped).toBe(true);
      expect(past.total).toBe(1000);
      const searches = seen.filter((s) => s.url === "/indexes/dangjian/search");
      expect(searches.length).toBeGreaterThan(0);
      for (const s of searches) {
        expect(s.auth).not.toContain("admin-master-key");
        const { claims } = verify(s.auth.replace(/^Bearer /, ""), KEY.apiKey);
        expect(claims.searchRules).toEqual({ dangjian: { filter: 'acl IN ["branch.overview@b-1", "pub"]' } });
        // the request's own filter says the same (two independent checks)
        expect(JSON.stringify(s.body.filter)).toContain('acl IN [\\"branch.overview@b-1\\", \\"pub\\"]');
      }
    } finally {
      server.close();
    }
  }, 30_000);
});
