// Small helpers of the organisational-life pages: China-time form fields, outcomes text,
// and the shared "form error" shape of actions.
import { data, redirect } from "react-router";
import { apiErrorInfo } from "@dangjian/ui";
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

export interface FormResult {
  error?: string;
  ok?: string;
  intent?: string;
}

/** Runs an action's API call: success → redirect (or a message), an API error → its zh-CN text. */
export async function attempt(
  call: () => Promise<unknown>,
  onSuccess: { redirectTo?: string; ok?: string; intent?: string },
) {
  try {
    await call();
  } catch (error) {
    const info = apiErrorInfo(error);
    if (!info) throw error;
    if (info.code === "UNAUTHORIZED") throw redirect("/login");
    return data<FormResult>({ error: info.message, intent: onSuccess.intent }, { status: info.status });
  }
  if (onSuccess.redirectTo) throw redirect(onSuccess.redirectTo);
  return data<FormResult>({ ok: onSuccess.ok, intent: onSuccess.intent });
}
