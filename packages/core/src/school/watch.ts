// Watch sessions (issue 13 defect 9, ADR 0753): a heartbeat is believed only for a watch
// session the player opened by fetching the lesson's playlist, recently, as this member. Opening
// sessions is limited per member and old sessions are purged.
export const WATCH_SESSION = {
  /** heartbeats are accepted for a session whose playlist was fetched at most this long ago */
  openedWithinMs: 12 * 3600_000,
  /** new watch sessions one member may open per hour (every opening of a lesson's video is one) */
  newPerHour: 60,
  /** unknown session ids one member may make a gateway look up per minute (each costs a read) */
  lookupsPerMinute: 120,
  /** sessions are deleted this long after their last heartbeat (or their opening) */
  retentionMs: 30 * 24 * 3600_000,
} as const;
