// One normaliser for documents and queries, shared by both engines: NFKC, Traditional →
// Simplified, lower case, jieba with the party vocabulary, pinyin and initials.
import { readFileSync } from "node:fs";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import * as OpenCC from "opencc-js";
import { pinyin } from "pinyin-pro";

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  if (!jieba) {
    const words = readFileSync(new URL("./party-words.txt", import.meta.url), "utf8")
      .split("\n")
      .filter((line) => line.trim() && !line.startsWith("#"))
      .join("\n");
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(words, "utf8"));
  }
  return jieba;
}

/**
 * Loads the dictionaries (jieba with the party words, OpenCC, pinyin) now. Services call it once
 * at start so that the first indexing never pays the load inside a database transaction, where
 * it counts against the transaction timeout.
 */
export function warmUpNormalizer(): void {
  segment(normalizeText("網上黨校三会一课"));
  pinyinOf("单曾", { personName: true });
}

/** The party vocabulary (for Meilisearch's dictionary and for tests). */
export function partyWords(): string[] {
  return readFileSync(new URL("./party-words.txt", import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("#"))
    .map((line) => line.trim().split(/\s+/)[0]!);
}

// Taiwan standard with phrases: 網路 → 网络, 軟體 → 软件 (not only character by character)
const toSimplified = OpenCC.Converter({ from: "twp", to: "cn" });

const CJK = /\p{Script=Han}/u;
const CJK_RUN = /\p{Script=Han}+/gu;

/**
 * Text as both engines store and compare it: NFKC (full-width → half-width), lone surrogates and
 * control characters dropped, Traditional → Simplified, lower case. Keeps the length of ordinary
 * text, so positions in the result point at the same characters of the original.
 */
export function normalizeText(text: string): string {
  const wellFormed = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
  const clean = wellFormed.normalize("NFKC").replace(/[\p{Cc}\p{Cf}]/gu, " ");
  return toSimplified(clean).toLowerCase();
}

/** Words of a normalised text: jieba for Han runs, letters/digit runs as they are; no punctuation. */
export function segment(normalized: string): string[] {
  const words: string[] = [];
  for (const word of segmenter().cut(normalized, false)) {
    for (const piece of word.match(/\p{Script=Han}+|[\p{L}\p{N}]+/gu) ?? []) words.push(piece);
  }
  return words;
}

/** Search-mode segmentation: the words plus their dictionary sub-words (村支部 → 支部). */
export function segmentForSearch(normalized: string): string[] {
  const words = new Set<string>();
  for (const word of segmenter().cutForSearch(normalized, false)) {
    for (const piece of word.match(/\p{Script=Han}+|[\p{L}\p{N}]+/gu) ?? []) words.add(piece);
  }
  return [...words];
}

/** Every pair of adjacent Han characters: any two characters of a name find it. */
export function bigrams(normalized: string): string[] {
  const out = new Set<string>();
  for (const run of normalized.match(CJK_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return [...out];
}

export interface PinyinOptions {
  /** a person's name: the first character is read as a surname (单 shan, 曾 zeng) */
  personName?: boolean;
}

/** Full pinyin and initials of a Han word, without tones: 网上党校 → [wangshangdangxiao, wsdx]. */
export function pinyinOf(word: string, options: PinyinOptions = {}): { full: string; initials: string } {
  const syllables = pinyin(word, {
    toneType: "none",
    type: "array",
    v: true,
    surname: options.personName ? "head" : "off",
  });
  const letters = syllables.map((s) => s.toLowerCase().replace(/[^a-z]/g, ""));
  return { full: letters.join(""), initials: letters.map((s) => s[0] ?? "").join("") };
}

/**
 * Pinyin tokens for a title or name: each word's full pinyin and initials, and the whole
 * text's, so that both "wsdx" and "wangshang…" find 网上党校….
 */
export function pinyinTokens(normalized: string, options: PinyinOptions = {}): string[] {
  const tokens = new Set<string>();
  const runs = normalized.match(CJK_RUN) ?? [];
  for (const run of runs) {
    const whole = pinyinOf(run, options);
    if (whole.full) tokens.add(whole.full);
    if (whole.initials.length > 1) tokens.add(whole.initials);
    if (!options.personName) {
      for (const word of segmentForSearch(run)) {
        if (word.length < 2 || !CJK.test(word)) continue;
        const p = pinyinOf(word);
        tokens.add(p.full);
        tokens.add(p.initials);
      }
    }
  }
  return [...tokens].filter((t) => t.length > 0);
}

export function isHan(text: string): boolean {
  return CJK.test(text);
}

export function truncateChars(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join("");
}
