import { beforeAll, describe, expect, it } from "vitest";
import { buildDemoRegion } from "./build.ts";
import type { DemoRegionRows } from "./build.ts";
import { DEMO_LOST_CONTACT_MEMBER, DEMO_WEAK_BRANCHES } from "./demo-accounts.ts";
import { buildDemoStudy, DEMO_STUDY_BEHIND_BRANCH_NAME, type DemoStudyRows } from "./study.ts";

const REFERENCE = new Date(Date.UTC(2026, 11, 1)); // 2026-12: the seeded year is 2025-12 … 2026-11
const HASH = "$argon2id$v=19$m=19456,t=2,p=1$test$test";

let region: DemoRegionRows;
let study: DemoStudyRows;

beforeAll(() => {
  region = buildDemoRegion({ referenceDate: REFERENCE, passwordHash: HASH });
  study = buildDemoStudy(region, { referenceDate: REFERENCE });
}, 60_000);

/** Hours credited in 2026 per member, and each member's yearly target. */
function figures() {
  const officers = new Set(region.committeeRoles.filter((r) => r.post !== "GROUP_LEADER").map((r) => r.memberId));
  const secs = new Map<string, number>();
  for (const c of study.studyCredits)
    if (c.year === 2026) secs.set(c.memberId, (secs.get(c.memberId) ?? 0) + c.seconds);
  return region.members.map((m) => ({
    id: m.id!,
    branchId: m.branchId,
    hours: (secs.get(m.id!) ?? 0) / 3600,
    target: officers.has(m.id!) ? 56 : 32,
  }));
}

describe("a year of demo study", () => {
  it("is deterministic and leaves the rest of the seed untouched", { timeout: 30_000 }, () => {
    const again = buildDemoRegion({ referenceDate: REFERENCE, passwordHash: HASH });
    expect(JSON.stringify(buildDemoStudy(again, { referenceDate: REFERENCE }))).toBe(JSON.stringify(study));
    expect(JSON.stringify(again)).toBe(JSON.stringify(region));
  });

  it(
    "credits most members online and offline, within the seeded year, never twice for one lesson",
    { timeout: 30_000 },
    () => {
      const first = new Date(Date.UTC(2025, 11, 1));
      for (const c of study.studyCredits) {
        const on = new Date(c.creditedOn as Date);
        expect(on >= first && on < REFERENCE).toBe(true);
        expect(c.year).toBe(on.getUTCFullYear());
        expect(c.seconds).toBeGreaterThan(0);
      }
      const online = new Set(study.studyCredits.filter((c) => c.source === "LESSON").map((c) => c.memberId));
      const offline = new Set(study.studyCredits.filter((c) => c.source === "OFFLINE").map((c) => c.memberId));
      expect(online.size / region.members.length).toBeGreaterThan(0.8);
      expect(offline.size / region.members.length).toBeGreaterThan(0.9);
      const watched = study.lessonProgress.map((p) => `${p.memberId}/${p.lessonId}`);
      expect(new Set(watched).size).toBe(watched.length);
      expect(study.lessonProgress.length).toBe(
        online.size === 0 ? 0 : study.studyCredits.filter((c) => c.source === "LESSON").length,
      );
      // never more than 8 offline hours on one day (ADR 0708), trainings on separate days of the month
      const perDay = new Map<string, number>();
      for (const c of study.studyCredits.filter((x) => x.source === "OFFLINE")) {
        const key = `${c.memberId}/${new Date(c.creditedOn as Date).toISOString().slice(0, 10)}`;
        perDay.set(key, (perDay.get(key) ?? 0) + c.seconds);
      }
      expect(Math.max(...perDay.values())).toBeLessThanOrEqual(8 * 3600);
      // every offline credit belongs to a training of the member's branch or its township
      const trainings = new Map(study.offlineTrainings.map((t) => [t.id!, t]));
      const parent = new Map(region.orgs.map((o) => [o.id!, o.parentId]));
      for (const c of study.studyCredits.filter((x) => x.source === "OFFLINE")) {
        const t = trainings.get(c.offlineTrainingId!)!;
        const member = region.members.find((m) => m.id === c.memberId)!;
        expect([member.branchId, parent.get(member.branchId)]).toContain(t.orgId);
        expect(c.seconds).toBe(Math.round(t.hours * 3600));
      }
    },
  );

  it("keeps most members on target, a few behind, and most of the weak spot's members behind", () => {
    const behindBranch = region.orgs.find((o) => o.name === DEMO_STUDY_BEHIND_BRANCH_NAME)!.id;
    const rest = figures().filter((f) => f.branchId !== behindBranch);
    const reached = rest.filter((f) => f.hours >= f.target).length / rest.length;
    const farBehind = rest.filter((f) => f.hours < f.target * 0.6).length / rest.length;
    expect(reached).toBeGreaterThan(0.7);
    expect(farBehind).toBeGreaterThan(0.02);
    expect(farBehind).toBeLessThan(0.2);
    const weak = figures().filter((f) => f.branchId === behindBranch);
    expect(weak.length).toBeGreaterThan(4);
    expect(weak.filter((f) => f.hours < f.target * 0.6).length / weak.length).toBeGreaterThan(0.4);
  });

  it("gives the lost member nothing after contact was lost, and the silent branch no study in its silent months", () => {
    const lost = region.members.find((m) => m.name === DEMO_LOST_CONTACT_MEMBER.name)!;
    const since = new Date(lost.lostContactSince as Date);
    expect(study.studyCredits.filter((c) => c.memberId === lost.id && new Date(c.creditedOn as Date) >= since)).toEqual(
      [],
    );
    const silent = region.orgs.find((o) => o.name === DEMO_WEAK_BRANCHES.noRecentMeetings)!.id;
    const lastFour = new Date(Date.UTC(2026, 7, 1));
    expect(study.offlineTrainings.filter((t) => t.orgId === silent && new Date(t.heldOn as Date) >= lastFour)).toEqual(
      [],
    );
  });
});
