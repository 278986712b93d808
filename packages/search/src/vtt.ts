// WebVTT captions → the words said, for search (ADR 0603). Timings, cue ids and settings, NOTE,
// STYLE and REGION blocks, voice/class/timestamp tags and entities are dropped; a line repeated
// by rolling captions is kept once.
const TIMING = /^\s*(?:\d{1,}:)?\d{1,2}:\d{2}[.,]\d{3}\s+-->\s+(?:\d{1,}:)?\d{1,2}:\d{2}[.,]\d{3}/;
const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  nbsp: " ",
  lrm: "",
  rlm: "",
  quot: '"',
  apos: "'",
};

function decode(text: string): string {
  return text
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code =
          name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, " ")
    .trim();
}

/** The caption text of a WebVTT file, one cue per line; at most `maxChars` characters. */
export function captionText(vtt: string, maxChars = 100_000): string {
  const blocks = vtt
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/);
  const lines: string[] = [];
  let size = 0;
  for (const [i, block] of blocks.entries()) {
    const rows = block.split("\n");
    if (i === 0 && /^WEBVTT\b/.test(rows[0] ?? "")) continue; // header block
    if (/^(NOTE|STYLE|REGION)\b/.test(rows[0] ?? "")) continue;
    const timing = rows.findIndex((r) => TIMING.test(r));
    if (timing < 0) continue; // not a cue
    const text = decode(rows.slice(timing + 1).join(" "));
    if (!text || text === lines[lines.length - 1]) continue;
    lines.push(text);
    size += text.length + 1;
    if (size >= maxChars) break;
  }
  return lines.join("\n").slice(0, maxChars);
}
