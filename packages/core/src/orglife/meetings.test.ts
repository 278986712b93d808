import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  checkInState,
  checkInWindow,
  codesEqual,
  expectedList,
  expectedSource,
  isMeetingCodeShape,
  isRecordLocked,
  lockTime,
  meetingCodeFromBytes,
  meetingsOverlap,
  normaliseMeetingCode,
  recordChanges,
  validOutcomes,
} from "./meetings.ts";
import { canonicalPair, linkInForce, validLinkDates } from "./partnerships.ts";

const at = (s: string) => new Date(s);
const meeting = { plannedStart: at("2026-05-07T01:00:00Z"), plannedEnd: at("2026-05-07T03:00:00Z") };

describe("check-in window", () => {
  it("opens 30 minutes before the start and closes 30 minutes after the end", () => {
    expect(checkInWindow(meeting)).toEqual({ opens: at("2026-05-07T00:30:00Z"), closes: at("2026-05-07T03:30:00Z") });
    expect(checkInState(meeting, at("2026-05-07T00:29:59Z"))).toBe("early");
    expect(checkInState(meeting, at("2026-05-07T00:30:00Z"))).toBe("open");
    expect(checkInState(meeting, at("2026-05-07T03:30:00Z"))).toBe("open");
    expect(checkInState(meeting, at("2026-05-07T03:30:01Z"))).toBe("closed");
  });
});

describe("clashes", () => {
  it("overlapping meetings clash, back-to-back ones do not", () => {
    expect(
      meetingsOverlap(meeting, { plannedStart: at("2026-05-07T02:00:00Z"), plannedEnd: at("2026-05-07T04:00:00Z") }),
    ).toBe(true);
    expect(meetingsOverlap(meeting, meeting)).toBe(true);
    expect(
      meetingsOverlap(meeting, { plannedStart: at("2026-05-07T03:00:00Z"), plannedEnd: at("2026-05-07T04:00:00Z") }),
    ).toBe(false);
  });
  it("is symmetric", () => {
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 100 }))
      .map(([s, len]) => ({ plannedStart: new Date(s * 60_000), plannedEnd: new Date((s + len) * 60_000) }));
    fc.assert(fc.property(interval, interval, (a, b) => meetingsOverlap(a, b) === meetingsOverlap(b, a)));
  });
});

describe("record lock", () => {
  it("locks 7 days after the end, from the held end when known", () => {
    expect(lockTime(meeting)).toEqual(at("2026-05-14T03:00:00Z"));
    expect(isRecordLocked(meeting, at("2026-05-14T02:59:59Z"))).toBe(false);
    expect(isRecordLocked(meeting, at("2026-05-14T03:00:00Z"))).toBe(true);
    expect(lockTime({ ...meeting, heldEnd: at("2026-05-07T05:00:00Z") })).toEqual(at("2026-05-14T05:00:00Z"));
  });
  it("lists exactly the changed fields", () => {
    const before = { minutes: "旧记录", outcomes: { peopleServed: 3, items: 1 }, place: null };
    expect(recordChanges(before, { minutes: "旧记录", outcomes: { items: 1, peopleServed: 3 } })).toEqual([]);
    expect(
      recordChanges(before, { minutes: "新记录", place: undefined, outcomes: { peopleServed: 4, items: 1 } }),
    ).toEqual([
      { field: "minutes", before: "旧记录", after: "新记录" },
      { field: "outcomes", before: { peopleServed: 3, items: 1 }, after: { peopleServed: 4, items: 1 } },
    ]);
    expect(recordChanges({}, { place: "村委会" })).toEqual([{ field: "place", before: null, after: "村委会" }]);
  });
});

describe("meeting codes", () => {
  it("are 8 unambiguous characters", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) =>
        isMeetingCodeShape(meetingCodeFromBytes(bytes)),
      ),
    );
    expect(isMeetingCodeShape("ABCD2345")).toBe(true);
    expect(isMeetingCodeShape("ABCD0O1I")).toBe(false);
    expect(isMeetingCodeShape("ABC")).toBe(false);
  });
  it("tolerate what people type", () => {
    expect(normaliseMeetingCode(" abcd-2345 ")).toBe("ABCD2345");
    expect(codesEqual("ABCD2345", "ABCD2345")).toBe(true);
    expect(codesEqual("ABCD2345", "ABCD2346")).toBe(false);
    expect(codesEqual("ABCD2345", "ABCD234")).toBe(false);
  });
});

describe("expected list", () => {
  it("derives from the meeting type", () => {
    expect(expectedSource("GROUP_MEETING")).toBe("group");
    expect(expectedSource("COMMITTEE_MEETING")).toBe("committee");
    expect(expectedSource("JOINT_ACTIVITY")).toBe("partners");
    expect(expectedSource("THEME_DAY")).toBe("branch");
    expect(expectedSource("PARTY_LECTURE")).toBe("branch");
    expect(expectedSource("TALK")).toBe("chosen");
  });
  it("keeps active members once and marks probationary ones", () => {
    const list = expectedList([
      { id: "1", name: "王强", status: "FULL", active: true },
      { id: "2", name: "张芳", status: "PROBATIONARY", active: true },
      { id: "1", name: "王强", status: "FULL", active: true },
      { id: "3", name: "李红", status: "FULL", active: false },
    ]);
    expect(list).toHaveLength(2);
    expect(list.find((m) => m.memberId === "2")!.probationary).toBe(true);
    expect(list.find((m) => m.memberId === "1")!.probationary).toBe(false);
  });
});

describe("outcomes", () => {
  it("are named whole non-negative numbers", () => {
    expect(validOutcomes({ 服务群众: 40, 发放物资: 12 })).toBe(true);
    expect(validOutcomes({ 服务群众: -1 })).toBe(false);
    expect(validOutcomes({ 服务群众: 1.5 })).toBe(false);
    expect(validOutcomes({ " ": 1 })).toBe(false);
  });
});

describe("partnership pairs", () => {
  it("are stored in order and refuse self-loops", () => {
    expect(canonicalPair("b", "a")).toEqual({ orgAId: "a", orgBId: "b" });
    expect(canonicalPair("a", "b")).toEqual({ orgAId: "a", orgBId: "b" });
    expect(canonicalPair("a", "a")).toBeNull();
  });
  it("are in force between start and end when active", () => {
    const link = { status: "ACTIVE", startsOn: at("2026-01-01T00:00:00Z"), endsOn: at("2026-12-31T00:00:00Z") };
    expect(linkInForce(link, at("2026-06-01T00:00:00Z"))).toBe(true);
    expect(linkInForce(link, at("2027-01-01T00:00:00Z"))).toBe(false);
    expect(linkInForce({ ...link, status: "PROPOSED" }, at("2026-06-01T00:00:00Z"))).toBe(false);
    expect(validLinkDates(at("2026-01-02T00:00:00Z"), at("2026-01-01T00:00:00Z"))).toBe(false);
    expect(validLinkDates(at("2026-01-02T00:00:00Z"), null)).toBe(true);
  });
});
