// Login throttling. Two limits, both counted over failed attempts within a window:
// - per account (or, when no account matches, per normalised identifier): MAX_FAILURES;
// - per client IP address across all accounts: a higher limit, because one office or village
//   network may sit behind one address, but one address must not try thousands of accounts.
// Further attempts are refused until the oldest counting failure leaves the window.
export const LOGIN_THROTTLE = { maxFailures: 5, windowMs: 15 * 60_000 } as const;
export const LOGIN_IP_THROTTLE = { maxFailures: 30, windowMs: 15 * 60_000 } as const;

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
}

/** Returns the minutes to wait (≥ 1), or 0 when a new attempt is allowed. */
export function loginWaitMinutes(
  recentFailures: readonly Date[],
  now: Date,
  policy: ThrottlePolicy = LOGIN_THROTTLE,
): number {
  const inWindow = recentFailures
    .filter((at) => now.getTime() - at.getTime() < policy.windowMs)
    .sort((a, b) => a.getTime() - b.getTime());
  if (inWindow.length < policy.maxFailures) return 0;
  const oldestThatCounts = inWindow[inWindow.length - policy.maxFailures]!;
  const waitMs = oldestThatCounts.getTime() + policy.windowMs - now.getTime();
  return Math.max(1, Math.ceil(waitMs / 60_000));
}

/**
 * The login identifier as the account lookup sees it: phone numbers are digits, member numbers
 * are stored upper-case, so "dy00000001 " and "DY00000001" are one identifier.
 */
export function normaliseLoginIdentifier(identifier: string): string {
  return identifier.normalize("NFKC").trim().toUpperCase();
}

export const PASSWORD_RULES = { minLength: 8, maxLength: 128 } as const;

/**
 * Why a new password is not acceptable, as a message key, or null. Long enough, not only one
 * kind of character (digits only, letters only), not the old one, not the demo password.
 */
export function newPasswordProblem(
  next: string,
  current: string,
): "auth.passwordTooShort" | "auth.passwordTooLong" | "auth.passwordTooSimple" | "auth.passwordUnchanged" | null {
  if (next.length < PASSWORD_RULES.minLength) return "auth.passwordTooShort";
  if (next.length > PASSWORD_RULES.maxLength) return "auth.passwordTooLong";
  if (next === current) return "auth.passwordUnchanged";
  const kinds = [/[0-9]/, /[a-z]/, /[A-Z]/, /[^0-9a-zA-Z]/].filter((re) => re.test(next)).length;
  if (kinds < 2 || /^(.)\1+$/.test(next)) return "auth.passwordTooSimple";
  return null;
}
