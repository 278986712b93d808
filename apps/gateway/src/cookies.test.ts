import { describe, expect, it } from "vitest";
import { createSessionCookie, readCookie, readSessionToken } from "./cookies.ts";

describe("session cookie", () => {
  it("is shared by the whole origin and hidden from scripts", () => {
    const cookie = createSessionCookie({ secure: false }).serialize("abc+/=", new Date("2026-12-01T00:00:00Z"));
    expect(cookie).toBe(
      "dj_session=abc%2B%2F%3D; Path=/; HttpOnly; SameSite=Lax; Expires=Tue, 01 Dec 2026 00:00:00 GMT",
    );
    expect(readSessionToken(cookie.split(";")[0])).toBe("abc+/=");
  });

  it("is Secure when asked and cleared with a past expiry", () => {
    const jar = createSessionCookie({ secure: true });
    expect(jar.serialize("t", new Date(0))).toContain("; Secure");
    expect(jar.clear()).toMatch(
      /^dj_session=; Path=\/; HttpOnly; SameSite=Lax; Secure; Expires=Thu, 01 Jan 1970 .*Max-Age=0$/,
    );
  });

  it("reads one cookie among others and ignores malformed ones", () => {
    expect(readCookie("a=1; dj_session=tok; b=2", "dj_session")).toBe("tok");
    expect(readCookie('dj_session="quoted"', "dj_session")).toBe("quoted");
    expect(readCookie("dj_session=%E0%A4%A", "dj_session")).toBeNull();
    expect(readCookie("dj_session=", "dj_session")).toBeNull();
    expect(readCookie("xdj_session=1", "dj_session")).toBeNull();
    expect(readCookie(undefined, "dj_session")).toBeNull();
  });
});
