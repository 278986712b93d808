import { describe, expect, it } from "vitest";
import { isMessageKey, messages, t } from "./index.ts";
import { regional } from "./regional.ts";
import { school, schoolMore } from "./school.ts";

describe("message catalogue", () => {
  it("fills parameters", () => {
    expect(t("auth.throttled", { minutes: 7 })).toBe("登录失败次数过多，请 7 分钟后再试。");
  });
  it("leaves unknown placeholders visible rather than inventing text", () => {
    expect(t("auth.throttled")).toContain("{minutes}");
  });
  it("has Chinese text for every key", () => {
    for (const [key, text] of Object.entries(messages)) {
      expect(text.trim(), key).not.toBe("");
      expect(/[\u4e00-\u9fff]/.test(text), `${key} should be Chinese`).toBe(true);
    }
  });
  it("has Chinese text for every key of the lazily loaded catalogues, once loaded", () => {
    for (const [key, text] of Object.entries({ ...regional, ...school, ...schoolMore })) {
      expect(/[\u4e00-\u9fff]/.test(text), `${key} should be Chinese`).toBe(true);
      expect(key in messages, `${key} must not be in the eager catalogue`).toBe(false);
      expect(t(key as keyof typeof regional), key).toBe(text);
    }
    for (const key of Object.keys(school)) {
      expect(key.startsWith("school."), key).toBe(true);
    }
    expect(isMessageKey("regional.claim")).toBe(true);
  });
  it("knows its keys", () => {
    expect(isMessageKey("error.forbidden")).toBe(true);
    expect(isMessageKey("nope")).toBe(false);
  });
});
