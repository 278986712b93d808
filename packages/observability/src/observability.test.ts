import { describe, expect, it } from "vitest";
import {
  acceptRequestId,
  configureLogging,
  getLogger,
  metricsAuthorized,
  newRequestId,
  runWithRequestId,
  scrubPersonalData,
  loggablePath,
} from "./index.ts";

describe("personal data scrubbing", () => {
  it("masks phones and ID numbers but keeps other numbers", () => {
    expect(scrubPersonalData("手机 13800000001 失败")).toBe("手机 [redacted] 失败");
    expect(scrubPersonalData('{"id":"11010519491231002X"}')).toBe('{"id":"[redacted]"}');
    expect(scrubPersonalData("time 1733370000000 ms 12 id 123456")).toBe("time 1733370000000 ms 12 id 123456");
  });
  it("drops query strings from logged paths", () => {
    expect(loggablePath("/branch/search?q=13800000001")).toBe("/branch/search");
    expect(loggablePath("/branch/members/13800000001")).toBe("/branch/members/[redacted]");
  });
});

describe("request ids", () => {
  it("accepts well-formed ids and refuses the rest", () => {
    expect(acceptRequestId("5f0c2a9e-1b7d-4c57-9d1e-0a3b4c5d6e7f")).toBe("5f0c2a9e-1b7d-4c57-9d1e-0a3b4c5d6e7f");
    expect(acceptRequestId("lb-abcdef12")).toBe("lb-abcdef12");
    for (const bad of [
      undefined,
      "",
      "short",
      "a".repeat(129),
      "has space here",
      "x\ny-12345678",
      "13800000001",
      "req-13800000001",
    ])
      expect(acceptRequestId(bad)).toBeUndefined();
    expect(acceptRequestId(["abcdefgh1", "abcdefgh2"])).toBeUndefined();
  });
  it("generates distinct acceptable ids", () => {
    const a = newRequestId();
    expect(acceptRequestId(a)).toBe(a);
    expect(newRequestId()).not.toBe(a);
  });
});

describe("logger", () => {
  it("writes JSON lines with the current request id, scrubbed", async () => {
    const lines: string[] = [];
    configureLogging({ service: "test", destination: { write: (line) => lines.push(line) } });
    await runWithRequestId("req-abcdefgh", async () => {
      await new Promise((r) => setTimeout(r, 1));
      getLogger("unit").info({ phone: "13800000002" }, "login failed for 13800000001");
    });
    getLogger().error(new Error("duplicate 11010519491231002X"), "outside");
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ service: "test", component: "unit", reqId: "req-abcdefgh", phone: "[redacted]" });
    expect(first!.msg).toBe("login failed for [redacted]");
    expect(second!.reqId).toBeUndefined();
    expect(lines.join("")).not.toMatch(/13800000001|13800000002|11010519491231002X/);
  });
});

describe("metrics token", () => {
  it("accepts only the exact bearer token", () => {
    const token = "0123456789abcdef0123";
    expect(metricsAuthorized(token, `Bearer ${token}`)).toBe(true);
    expect(metricsAuthorized(token, undefined)).toBe(false);
    expect(metricsAuthorized(token, token)).toBe(false);
    expect(metricsAuthorized(token, `Bearer ${token}x`)).toBe(false);
    expect(metricsAuthorized(token, `Bearer ${token.slice(0, -1)}`)).toBe(false);
  });
});
