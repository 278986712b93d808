import { describe, expect, it } from "vitest";
import { bigrams, normalizeText, pinyinOf, pinyinTokens, segment } from "./normalize.ts";
import { planQuery, highlight } from "./engine.ts";
import { tsqueryOf } from "./embedded.ts";

describe("the normaliser", { timeout: 30_000 }, () => {
  it("folds Traditional, full-width and case, and keeps the length", () => {
    expect(normalizeText("網上黨校 ＡＢＣ２０２４")).toBe("网上党校 abc2024");
    expect(normalizeText("區域化黨建").length).toBe("區域化黨建".length);
  });
  it("drops unpaired surrogates and control characters", () => {
    expect(normalizeText("网\uD800上\uDC00党\u0000校")).toBe("网上党 校");
  });
  it("keeps party vocabulary whole", () => {
    for (const word of ["三会一课", "主题党日", "网上党校", "两学一做"]) expect(segment(word)).toEqual([word]);
    expect(segment("区域化党建工作")).toContain("区域化党建");
  });
  it("pinyin with polyphonic surnames", () => {
    expect(pinyinOf("单丽", { personName: true }).full).toBe("shanli");
    expect(pinyinOf("曾志", { personName: true }).full).toBe("zengzhi");
    expect(pinyinTokens("网上党校")).toEqual(expect.arrayContaining(["wsdx", "wangshangdangxiao"]));
  });
  it("two-character pieces", () => {
    expect(bigrams("河口村")).toEqual(["河口", "口村"]);
  });
});

describe("query plans", { timeout: 30_000 }, () => {
  it("never lets query syntax through", () => {
    for (const raw of ["a' | b", "党建 & ! ( ) :* <->", "\\' OR 1=1 --"]) {
      const q = tsqueryOf(planQuery(raw));
      expect(q === null || /^[\p{L}\p{N}'|&():* ]+$/u.test(q)).toBe(true);
      expect((q ?? "").match(/'/g)?.length ?? 0).toBeLessThanOrEqual((q ?? "").length);
    }
    expect(tsqueryOf(planQuery("😀 !!"))).toBeNull();
  });
  it("caps long queries", () => {
    expect([...planQuery("党".repeat(10_000)).normalized].length).toBe(64);
  });
  it("marks hits on the original text", () => {
    expect(highlight("網上黨校入门", "网上党校入门", ["网上党校"])).toEqual([{ text: "網上黨校", hit: true }, { text: "入门", hit: false }]);
  });
});
