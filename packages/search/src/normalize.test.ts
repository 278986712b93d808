import { describe, expect, it } from "vitest";
import { bigrams, normalizeText, pinyinOf, pinyinTokens, segment } from "./normalize.ts";
import { planQuery, highlight, prepareDocument } from "./engine.ts";
import { titleOnly, tsqueryOf } from "./embedded.ts";

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
  it("a run of Han characters matches by its two-character pieces, not by a prefix of its last character", () => {
    const q = tsqueryOf(planQuery("柏树村"))!;
    expect(q).toContain("'树村'");
    expect(q).not.toContain("'村':*");
    // typed together, two words still match apart: 河口 … 主题党日
    expect(tsqueryOf(planQuery("河口主题党日"))).toContain("('河口' & ('主题党日'");
  });
  it("one character is one exact key, looked up in titles only", () => {
    expect(tsqueryOf(planQuery("党"))).toBe("'党'");
    expect(titleOnly(planQuery("党"))).toBe(true);
    expect(titleOnly(planQuery(" w "))).toBe(true);
    expect(titleOnly(planQuery("党建"))).toBe(false);
    expect(
      prepareDocument({
        type: "course",
        id: "x",
        title: "党建",
        orgId: null,
        orgName: null,
        at: null,
        url: "/",
        acl: [],
      }).titleTokens.split(" "),
    ).toEqual(expect.arrayContaining(["党建", "党", "建"]));
  });
  it("caps long queries", () => {
    expect([...planQuery("党".repeat(10_000)).normalized].length).toBe(64);
  });
  it("marks hits on the original text", () => {
    expect(highlight("網上黨校入门", "网上党校入门", ["网上党校"])).toEqual([
      { text: "網上黨校", hit: true },
      { text: "入门", hit: false },
    ]);
  });
});
