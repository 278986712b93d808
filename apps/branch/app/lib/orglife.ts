// Small helpers of the organisational-life pages: China-time form fields and outcomes text.
import { chinaDay, fromChinaDateTime } from "@dangjian/core/time";

/** A date and a time typed in China Standard Time. */
export const chinaDateTime = fromChinaDateTime;
export { chinaDay };

/** "名称 数字" per line → { 名称: 数字 }; null when a line does not parse. */
export function parseOutcomes(text: string): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^(.+?)[\s:：]+(\d+)$/.exec(line);
    if (!match) return null;
    out[match[1]!.trim()] = Number(match[2]);
  }
  return out;
}

export function outcomesText(outcomes: Record<string, number>): string {
  return Object.entries(outcomes)
    .map(([k, v]) => `${k} ${v}`)
    .join("\n");
}
