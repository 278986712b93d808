// The zh-CN message catalogue: everything a user reads comes from here. Split by area so
// that each app and domain owns its file; keys are "area.name".
import { common } from "./zh-CN/common.ts";
import { errors } from "./zh-CN/errors.ts";
import { branch } from "./zh-CN/branch.ts";
import type { school, schoolMore } from "./zh-CN/school.ts";
import { card } from "./zh-CN/card.ts";
import { labels } from "./zh-CN/labels.ts";
import { orglife } from "./zh-CN/orglife.ts";
import { dues } from "./zh-CN/dues.ts";
import { tasks } from "./zh-CN/tasks.ts";
import { members } from "./zh-CN/members.ts";
import { partnerships } from "./zh-CN/partnerships.ts";
import { reports } from "./zh-CN/reports.ts";
import { warnings } from "./zh-CN/warnings.ts";
import { exams } from "./zh-CN/exams.ts";
import { search } from "./zh-CN/search.ts";
import type { regional } from "./zh-CN/regional.ts";

export const messages = {
  ...common,
  ...errors,
  ...branch,
  ...card,
  ...labels,
  ...orglife,
  ...dues,
  ...tasks,
  ...members,
  ...partnerships,
  ...reports,
  ...warnings,
  ...exams,
  ...search,
} as const;

/**
 * Catalogues of domains whose text only their own pages show (ADR 0903): typed here, loaded on
 * demand. Their strings are not in `messages` (every page's first load carries that), but in a
 * module the domain's pages and the server import (`@dangjian/core/messages/<domain>`), which
 * registers them.
 */
export type LazyCatalogues = typeof regional & typeof school & typeof schoolMore;
export type MessageKey = keyof typeof messages | keyof LazyCatalogues;
export type MessageParams = Record<string, string | number>;

const loaded: Record<string, string> = {};

/** Adds a lazily loaded domain catalogue (called by the catalogue's own module when imported). */
export function registerCatalogue(catalogue: Readonly<Record<string, string>>): void {
  Object.assign(loaded, catalogue);
}

/** Translate a key, filling {name} placeholders. Unknown keys are a programming error (shown as the key). */
export function t(key: MessageKey, params: MessageParams = {}): string {
  const template: string | undefined = (messages as Record<string, string>)[key] ?? loaded[key];
  if (template === undefined) return key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(messages, key) || Object.prototype.hasOwnProperty.call(loaded, key);
}
