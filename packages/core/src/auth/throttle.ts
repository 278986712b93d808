// Login throttling: after MAX_FAILURES failed attempts for one identifier within WINDOW,
// further attempts are refused until the oldest of them leaves the window.
export const LOGIN_THROTTLE = { maxFailures: 5, windowMs: 15 * 60_000 } as const;

/** Returns the minutes to wait (≥ 1), or 0 when a new attempt is allowed. */
export function loginWaitMinutes(recentFailures: readonly Date[], now: Date, policy = LOGIN_THROTTLE): number {
  const inWindow = recentFailures
    .filter((at) => now.getTime() - at.getTime() < policy.windowMs)
    .sort((a, b) => a.getTime() - b.getTime());
  if (inWindow.length < policy.maxFailures) return 0;
  const oldestThatCounts = inWindow[inWindow.length - policy.maxFailures]!;
  const waitMs = oldestThatCounts.getTime() + policy.windowMs - now.getTime();
  return Math.max(1, Math.ceil(waitMs / 60_000));
}
