// Date formatting for zh-CN pages. Written by hand instead of Intl so that the server render
// and the browser hydration produce byte-identical text whatever their time zone or ICU build.
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";
import { CHINA_OFFSET_MS } from "@dangjian/core/time";

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** A calendar date stored without time (Prisma @db.Date arrives as UTC midnight). */
export function formatDay(value: Date | string): string {
  const d = toDate(value);
  return t("common.dateDay", { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** A point in time, shown in China Standard Time with the weekday. */
export function formatDateTime(value: Date | string): string {
  const d = new Date(toDate(value).getTime() + CHINA_OFFSET_MS);
  return t("common.dateTime", {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: t(`common.weekday${d.getUTCDay()}` as MessageKey),
    hour: String(d.getUTCHours()).padStart(2, "0"),
    minute: String(d.getUTCMinutes()).padStart(2, "0"),
  });
}

/** A month written "YYYY-MM" (dues months) as "2026年3月". Unparseable input is shown as is. */
export function formatMonth(value: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match) return value;
  return t("common.dateMonth", { year: Number(match[1]), month: Number(match[2]) });
}

/** Whole minutes, at least 1 for any non-empty duration. */
export function minutesFromSeconds(seconds: number): number {
  if (seconds <= 0) return 0;
  return Math.max(1, Math.round(seconds / 60));
}
