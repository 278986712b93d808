// China Standard Time, in one place. China has had no daylight saving since 1991, so a fixed
// +08:00 offset is exact. Dates are shifted and then read with the UTC getters, so that the
// result is the same whatever the time zone of the server or the browser.

export const CHINA_OFFSET_MS = 8 * 3_600_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

/** The moment shifted so that its UTC fields read as the wall clock in China. */
export function chinaWallClock(moment: Date): Date {
  return new Date(moment.getTime() + CHINA_OFFSET_MS);
}

/** "YYYY-MM-DD" of a moment in China. */
export function chinaDay(moment: Date): string {
  return chinaWallClock(moment).toISOString().slice(0, 10);
}

/** The calendar year of a moment in China. */
export function chinaYear(moment: Date): number {
  return chinaWallClock(moment).getUTCFullYear();
}

/** A date ("YYYY-MM-DD") and a time ("HH:MM") typed in China; null when either does not parse. */
export function fromChinaDateTime(date: string, time: string): Date | null {
  if (!DAY.test(date) || !TIME.test(time)) return null;
  const value = new Date(`${date}T${time}:00+08:00`);
  return Number.isNaN(value.getTime()) ? null : value;
}

/** Midnight at the start of a day in China; null when the day does not parse. */
export function startOfChinaDay(date: string): Date | null {
  return fromChinaDateTime(date, "00:00");
}

/** The last second of a day in China (a deadline typed as a day); null when the day does not parse. */
export function endOfChinaDay(date: string): Date | null {
  if (!DAY.test(date)) return null;
  const value = new Date(`${date}T23:59:59+08:00`);
  return Number.isNaN(value.getTime()) ? null : value;
}
