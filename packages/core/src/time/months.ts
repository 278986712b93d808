// Months are the unit of cadence, dues and facts. A month key is "YYYY-MM" (local calendar,
// Asia/Shanghai in production; dates are handled in UTC here so that keys never shift).

export type MonthKey = string;

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonthKey(value: string): value is MonthKey {
  return MONTH_KEY.test(value);
}

export function monthKey(date: Date): MonthKey {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

export function monthStart(key: MonthKey): Date {
  const match = MONTH_KEY.exec(key);
  if (!match) throw new RangeError(`not a month key: ${key}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

export function addMonths(key: MonthKey, count: number): MonthKey {
  const start = monthStart(key);
  return monthKey(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + count, 1)));
}

/** Whole months from a to b (b - a); negative when b is earlier. */
export function monthsBetween(a: MonthKey, b: MonthKey): number {
  const x = monthStart(a);
  const y = monthStart(b);
  return (y.getUTCFullYear() - x.getUTCFullYear()) * 12 + (y.getUTCMonth() - x.getUTCMonth());
}

/** Completed whole years between two dates (birthdays, 党龄). */
export function completedYears(from: Date, to: Date): number {
  let years = to.getUTCFullYear() - from.getUTCFullYear();
  const beforeAnniversary =
    to.getUTCMonth() < from.getUTCMonth() ||
    (to.getUTCMonth() === from.getUTCMonth() && to.getUTCDate() < from.getUTCDate());
  if (beforeAnniversary) years -= 1;
  return Math.max(0, years);
}

/**
 * 党龄: counted from the day a member became a full member (预备期不计入党龄).
 * A probationary member has a party age of 0.
 */
export function partyAgeYears(fullMemberOn: Date | null, today: Date): number {
  return fullMemberOn ? completedYears(fullMemberOn, today) : 0;
}
