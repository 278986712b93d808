import { describe, expect, it } from "vitest";
import { isMessageKey, messages, t } from "./index.ts";

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
  it("knows its keys", () => {
    expect(isMessageKey("error.forbidden")).toBe(true);
    expect(isMessageKey("nope")).toBe(false);
  });
});
