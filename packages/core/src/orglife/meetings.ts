// Pure rules of a meeting's life: when check-in is open, clashes, the 7-day lock, amendments,
// and who is expected. The services apply them inside one transaction per use case.

export const CHECK_IN_OPENS_BEFORE_MS = 30 * 60_000;
export const CHECK_IN_CLOSES_AFTER_MS = 30 * 60_000;
export const RECORD_LOCK_AFTER_MS = 7 * 86_400_000;

export interface MeetingTimes {
  plannedStart: Date;
  plannedEnd: Date;
}

/** Check-in is open from 30 minutes before the start to 30 minutes after the end. */
export function checkInWindow(m: MeetingTimes): { opens: Date; closes: Date } {
  return {
    opens: new Date(m.plannedStart.getTime() - CHECK_IN_OPENS_BEFORE_MS),
    closes: new Date(m.plannedEnd.getTime() + CHECK_IN_CLOSES_AFTER_MS),
  };
}

export type CheckInWindowState = "early" | "open" | "closed";

export function checkInState(m: MeetingTimes, now: Date): CheckInWindowState {
  const { opens, closes } = checkInWindow(m);
  if (now < opens) return "early";
  if (now > closes) return "closed";
  return "open";
}

/** Two half-open intervals [start, end) overlap: a second meeting of the same organisation then is a clash. */
export function meetingsOverlap(a: MeetingTimes, b: MeetingTimes): boolean {
  return a.plannedStart < b.plannedEnd && b.plannedStart < a.plannedEnd;
}

/** The record locks 7 days after the meeting ended (held end, else planned end). */
export function lockTime(m: MeetingTimes & { heldEnd?: Date | null }): Date {
  return new Date((m.heldEnd ?? m.plannedEnd).getTime() + RECORD_LOCK_AFTER_MS);
}

export function isRecordLocked(m: MeetingTimes & { heldEnd?: Date | null }, now: Date): boolean {
  return now >= lockTime(m);
}

export type RecordValue = string | number | boolean | null | RecordValue[] | { [key: string]: RecordValue };

/** The fields that changed between two versions of a record, for amendments (who, when, what). */
export function recordChanges(
  before: Record<string, RecordValue>,
  after: Record<string, RecordValue | undefined>,
): Array<{ field: string; before: RecordValue; after: RecordValue }> {
  const changes: Array<{ field: string; before: RecordValue; after: RecordValue }> = [];
  for (const [field, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = before[field] ?? null;
    if (stableJson(old) !== stableJson(value)) changes.push({ field, before: old, after: value });
  }
  return changes;
}

function stableJson(value: RecordValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(value[k]!)}`)
    .join(",")}}`;
}

/**
 * What proves a member is at the meeting: the code the secretary shows as a QR (the member's own
 * session checks in), or the member's e-party card scanned by the secretary (the card names the
 * member; `scannedAt` is when a scan queued offline was made, bounded by the server).
 */
export type CheckInProof =
  { kind: "meetingCode"; code: string } | { kind: "cardToken"; token: string; scannedAt?: Date | undefined };

/** A scan queued on a phone without network is accepted for this long after it was made. */
export const CARD_SCAN_MAX_QUEUE_MS = 24 * 3_600_000;

/** Meeting codes: 8 characters without look-alikes (0/O, 1/I/L), easy to type on a phone. */
export const MEETING_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const MEETING_CODE_LENGTH = 8;

export function isMeetingCodeShape(code: string): boolean {
  return code.length === MEETING_CODE_LENGTH && [...code].every((c) => MEETING_CODE_ALPHABET.includes(c));
}

/** Normalises what a member typed: upper case, spaces and dashes removed. */
export function normaliseMeetingCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

export function meetingCodeFromBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < MEETING_CODE_LENGTH; i += 1)
    out += MEETING_CODE_ALPHABET[bytes[i]! % MEETING_CODE_ALPHABET.length];
  return out;
}

/** Constant-time comparison of two codes of equal shape. */
export function codesEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export type ExpectedSource = "branch" | "group" | "committee" | "partners" | "chosen";

/** Whose members are expected, by meeting type (docs/domain.md). */
export function expectedSource(type: string): ExpectedSource {
  if (type === "GROUP_MEETING") return "group";
  if (type === "COMMITTEE_MEETING") return "committee";
  if (type === "JOINT_ACTIVITY") return "partners";
  // a heart-to-heart talk is with the members chosen for it, not the whole branch
  if (type === "TALK") return "chosen";
  return "branch";
}

export interface CandidateMember {
  id: string;
  name: string;
  status: "FULL" | "PROBATIONARY";
  active: boolean;
}

/** The expected list: active members, each once, probationary members marked, sorted by name. */
export function expectedList(
  candidates: readonly CandidateMember[],
): Array<{ memberId: string; name: string; probationary: boolean }> {
  const seen = new Map<string, { memberId: string; name: string; probationary: boolean }>();
  for (const c of candidates)
    if (c.active && !seen.has(c.id))
      seen.set(c.id, { memberId: c.id, name: c.name, probationary: c.status === "PROBATIONARY" });
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

/** Outcomes are named non-negative whole numbers (people served, items delivered). */
export function validOutcomes(outcomes: Record<string, number>): boolean {
  return Object.entries(outcomes).every(
    ([k, v]) => k.trim().length > 0 && k.length <= 40 && Number.isInteger(v) && v >= 0 && v <= 1_000_000,
  );
}
