import { beforeAll, describe, expect, it } from "vitest";
import { buildDemoRegion, seededMonths } from "./build.ts";
import type { DemoRegionRows } from "./build.ts";
import {
  DEMO_ACCOUNTS,
  DEMO_ISOLATED_BRANCH_NAME,
  DEMO_LOST_CONTACT_MEMBER,
  DEMO_OTHER_BRANCH_NAME,
  DEMO_ROOT,
  DEMO_STALE_BRIDGE,
  DEMO_WEAK_BRANCHES,
} from "./demo-accounts.ts";
import { monthlyDuesFen } from "@dangjian/core";
import { SPECIAL_NAMES } from "./region.ts";

const REFERENCE = new Date(Date.UTC(2026, 10, 1)); // 2026-11
const HASH = "$argon2id$v=19$m=19456,t=2,p=1$test$test";
const DAY = 86_400_000;

let rows: DemoRegionRows;
const orgByName = (name: string) => {
  const org = rows.orgs.find((o) => o.name === name);
  if (!org?.id) throw new Error(`no org ${name}`);
  return org as typeof org & { id: string };
};
const asDate = (value: Date | string | null | undefined): Date => new Date(value ?? NaN);

beforeAll(() => {
  rows = buildDemoRegion({ referenceDate: REFERENCE, passwordHash: HASH });
});

describe("buildDemoRegion", () => {
  it(
    "is deterministic for a reference month, and keeps organisation and member ids across months",
    { timeout: 30_000 },
    () => {
      const again = buildDemoRegion({ referenceDate: REFERENCE, passwordHash: HASH });
      expect(JSON.stringify(again)).toBe(JSON.stringify(rows));
      const later = buildDemoRegion({ referenceDate: new Date(Date.UTC(2027, 2, 1)), passwordHash: HASH });
      expect(later.orgs.map((o) => o.id)).toEqual(rows.orgs.map((o) => o.id));
      expect(later.members.map((m) => m.id)).toEqual(rows.members.map((m) => m.id));
    },
  );

  it("builds a consistent tree: parentId, ancestorIds, path and depth agree", () => {
    const byId = new Map(rows.orgs.map((o) => [o.id, o]));
    const roots = rows.orgs.filter((o) => !o.parentId);
    expect(roots.map((o) => [o.name, o.regionCode, o.level])).toEqual([[DEMO_ROOT.name, DEMO_ROOT.regionCode, "CITY"]]);
    for (const org of rows.orgs) {
      if (!org.parentId) {
        expect(org.ancestorIds).toEqual([]);
        expect(org.depth).toBe(0);
        expect(org.path).toBe(`/${org.id}/`);
        continue;
      }
      const parent = byId.get(org.parentId);
      expect(parent).toBeDefined();
      expect(org.ancestorIds).toEqual([...(parent?.ancestorIds as string[]), parent?.id]);
      expect(org.depth).toBe((parent?.depth ?? 0) + 1);
      expect(org.path).toBe(`${parent?.path}${org.id}/`);
    }
    const count = (level: string) => rows.orgs.filter((o) => o.level === level).length;
    expect(count("COUNTY")).toBe(3);
    expect(count("TOWNSHIP")).toBeGreaterThanOrEqual(6);
    expect(rows.orgs.filter((o) => o.kind === "BRANCH" || o.kind === "JOINT_BRANCH").length).toBeGreaterThanOrEqual(28);
    expect(rows.orgs.some((o) => o.kind === "GENERAL_BRANCH")).toBe(true);
    expect(count("GROUP")).toBeGreaterThan(5);
    for (const setup of ["FEATURED", "MOBILE_MEMBERS", "YOUTH"])
      expect(rows.orgs.some((o) => o.setup === setup)).toBe(true);
  });

  it("names every organisation the demo constants promise", () => {
    for (const name of [
      ...Object.values(SPECIAL_NAMES),
      DEMO_OTHER_BRANCH_NAME,
      ...Object.values(DEMO_WEAK_BRANCHES),
    ]) {
      expect(rows.orgs.filter((o) => o.name === name)).toHaveLength(1);
    }
    for (const account of Object.values(DEMO_ACCOUNTS)) orgByName(account.orgName);
  });

  it("makes about 600 plausible members with unique numbers and phones", () => {
    const members = rows.members;
    expect(members.length).toBeGreaterThanOrEqual(550);
    expect(members.length).toBeLessThanOrEqual(650);
    expect(new Set(members.map((m) => m.memberNo)).size).toBe(members.length);
    for (const m of members) expect(m.memberNo).toMatch(/^DY\d{8}$/);
    const phones = members.flatMap((m) => (m.phone ? [m.phone] : []));
    expect(new Set(phones).size).toBe(phones.length);
    for (const p of phones) expect(p).toMatch(/^1[3-9]\d{9}$/);
    expect(phones.length / members.length).toBeGreaterThan(0.8);

    const probationary = members.filter((m) => m.status === "PROBATIONARY");
    expect(probationary.length / members.length).toBeGreaterThan(0.06);
    expect(probationary.length / members.length).toBeLessThan(0.11);
    for (const m of probationary) {
      expect(m.fullMemberOn).toBeNull();
      expect(REFERENCE.getTime() - asDate(m.joinedOn).getTime()).toBeLessThan(366 * DAY);
    }
    for (const m of members.filter((x) => x.status === "FULL")) {
      const joined = asDate(m.joinedOn);
      const full = asDate(m.fullMemberOn);
      expect(full.getUTCFullYear()).toBe(joined.getUTCFullYear() + 1);
      expect(joined.getUTCFullYear()).toBeGreaterThanOrEqual(1965);
      expect(full.getTime()).toBeLessThan(REFERENCE.getTime());
      expect(joined.getTime() - asDate(m.birthDate).getTime()).toBeGreaterThan(18 * 365 * DAY);
    }
    const categories = new Set(members.map((m) => m.category));
    expect(categories).toEqual(new Set(["ON_DUTY", "RETIRED", "FARMER", "MOBILE", "STUDENT", "UNEMPLOYED"]));
  });

  it("sizes branches 8–45, with a joint branch under 7, and gives committees to branches of 7+ full members", () => {
    const branchIds = rows.orgs.filter((o) => o.kind === "BRANCH" || o.kind === "JOINT_BRANCH");
    let smallJoint = false;
    for (const branch of branchIds) {
      const members = rows.members.filter((m) => m.branchId === branch.id);
      const full = members.filter((m) => m.status === "FULL").length;
      if (branch.kind === "JOINT_BRANCH") smallJoint ||= members.length < 7;
      else {
        expect(members.length).toBeGreaterThanOrEqual(8);
        expect(members.length).toBeLessThanOrEqual(45);
      }
      const posts = rows.committeeRoles.filter((r) => r.orgId === branch.id).map((r) => r.post);
      expect(posts.filter((p) => p === "SECRETARY")).toHaveLength(1);
      if (full >= 7) {
        expect(posts.length).toBeGreaterThanOrEqual(3);
        expect(posts.length).toBeLessThanOrEqual(5);
      } else expect(posts).toEqual(["SECRETARY"]);
      const groups = rows.orgs.filter((o) => o.parentId === branch.id && o.kind === "PARTY_GROUP");
      if (groups.length > 0) {
        for (const m of members) expect(groups.map((g) => g.id)).toContain(m.partyGroupId);
        for (const g of groups)
          expect(rows.committeeRoles.filter((r) => r.orgId === g.id && r.post === "GROUP_LEADER")).toHaveLength(1);
      } else for (const m of members) expect(m.partyGroupId).toBeNull();
    }
    expect(smallJoint).toBe(true);
  });

  it("creates the demo accounts with the promised roles", () => {
    for (const demo of Object.values(DEMO_ACCOUNTS)) {
      const account = rows.accounts.find((a) => a.phone === demo.phone);
      expect(account?.displayName).toBe(demo.displayName);
      const member = rows.members.find((m) => m.id === account?.memberId);
      expect(member?.memberNo ?? null).toBe(demo.memberNo);
      const org = orgByName(demo.orgName);
      const grants = rows.roleGrants.filter((g) => g.accountId === account?.id);
      expect(
        grants
          .filter((g) => g.orgId === org.id)
          .map((g) => g.role)
          .sort(),
      ).toEqual([...demo.roles].sort());
      if (demo.branchName) {
        expect(member?.branchId).toBe(orgByName(demo.branchName).id);
        expect(grants.some((g) => g.role === "MEMBER" && g.orgId === member?.branchId)).toBe(true);
      }
    }
    const secretary = rows.members.find((m) => m.memberNo === DEMO_ACCOUNTS.secretary.memberNo);
    expect(rows.committeeRoles.some((r) => r.memberId === secretary?.id && r.post === "SECRETARY")).toBe(true);
    const member = rows.members.find((m) => m.memberNo === DEMO_ACCOUNTS.member.memberNo);
    expect(member?.status).toBe("FULL");
    expect(rows.committeeRoles.some((r) => r.memberId === member?.id)).toBe(false);
    // every member with a phone has exactly one account and a MEMBER grant on their branch
    const withPhone = rows.members.filter((m) => m.phone);
    expect(rows.accounts.filter((a) => a.memberId).length).toBe(withPhone.length);
  });

  it("holds a year of meetings with attendance, and one planned meeting per branch", () => {
    const months = seededMonths(REFERENCE);
    const first = months[0]?.start ?? REFERENCE;
    const held = rows.meetings.filter((m) => m.status === "HELD");
    for (const m of held) {
      expect(asDate(m.heldStart).getTime()).toBeGreaterThanOrEqual(first.getTime());
      expect(asDate(m.heldStart).getTime()).toBeLessThan(REFERENCE.getTime());
    }
    const withAttendance = new Set(rows.attendances.map((a) => a.meetingId));
    for (const m of held) expect(withAttendance.has(m.id as string)).toBe(true);
    const present = rows.attendances.filter((a) => a.status === "PRESENT").length / rows.attendances.length;
    expect(present).toBeGreaterThan(0.82);
    expect(present).toBeLessThan(0.95);
    for (const a of rows.attendances) expect(a.status === "LEAVE").toBe(Boolean(a.leaveReason));

    const branchLevel = rows.orgs.filter((o) => o.level === "BRANCH");
    const planned = rows.meetings.filter((m) => m.status === "PLANNED");
    expect(new Set(planned.map((m) => m.orgId))).toEqual(new Set(branchLevel.map((o) => o.id)));
    for (const m of planned) {
      const days = (asDate(m.plannedStart).getTime() - REFERENCE.getTime()) / DAY;
      expect(days).toBeGreaterThanOrEqual(14);
      expect(days).toBeLessThanOrEqual(22);
    }
    const talks = new Set(held.filter((m) => m.type === "TALK").map((m) => m.id));
    const talked = new Set(rows.attendances.filter((a) => talks.has(a.meetingId)).map((a) => a.memberId));
    expect(talked.size / rows.members.length).toBeGreaterThan(0.85);

    const themeDays = held.filter((m) => m.type === "THEME_DAY");
    for (const m of themeDays) expect(asDate(m.heldStart).getUTCDate()).toBe(7);
    for (const m of themeDays.slice(0, 20)) {
      const actions = rows.meetingActions.filter((a) => a.meetingId === m.id);
      expect(actions.filter((a) => a.required)).toHaveLength(5);
      expect(actions.filter((a) => !a.required)).toHaveLength(1);
    }
  });

  it("builds the deliberately weak spots", () => {
    const months = seededMonths(REFERENCE);
    const fourMonthsAgo = months[months.length - 4]?.start ?? REFERENCE;

    const silent = orgByName(DEMO_WEAK_BRANCHES.noRecentMeetings);
    const silentHeld = rows.meetings.filter(
      (m) =>
        m.status === "HELD" &&
        (m.orgId === silent.id || rows.meetingOrgs.some((x) => x.meetingId === m.id && x.orgId === silent.id)),
    );
    expect(silentHeld.length).toBeGreaterThan(0);
    for (const m of silentHeld) expect(asDate(m.heldStart).getTime()).toBeLessThan(fourMonthsAgo.getTime());

    const low = orgByName(DEMO_WEAK_BRANCHES.lowAttendance);
    const lowMeetings = new Set(rows.meetings.filter((m) => m.orgId === low.id).map((m) => m.id));
    const lowRows = rows.attendances.filter((a) => lowMeetings.has(a.meetingId));
    const lowRate = lowRows.filter((a) => a.status === "PRESENT").length / lowRows.length;
    expect(lowRate).toBeGreaterThan(0.55);
    expect(lowRate).toBeLessThan(0.65);

    const arrears = orgByName(DEMO_WEAK_BRANCHES.duesArrears);
    const last5 = months.slice(-5).map((m) => m.start.getTime());
    const arrearsMembers = rows.members.filter((m) => m.branchId === arrears.id);
    const unpaid = arrearsMembers.filter(
      (m) => !rows.duesMonths.some((d) => d.memberId === m.id && last5.includes(asDate(d.month).getTime())),
    );
    expect(unpaid.length / arrearsMembers.length).toBeGreaterThan(0.2);
    expect(unpaid.length / arrearsMembers.length).toBeLessThan(0.4);

    const lost = rows.members.find((m) => m.memberNo === DEMO_LOST_CONTACT_MEMBER.memberNo);
    expect(lost?.lostContact).toBe(true);
    expect(lost?.branchId).toBe(orgByName(DEMO_LOST_CONTACT_MEMBER.branchName).id);
    const since = asDate(lost?.lostContactSince);
    const monthsAgo = (REFERENCE.getTime() - since.getTime()) / (30.4 * DAY);
    expect(monthsAgo).toBeGreaterThan(6);
    expect(monthsAgo).toBeLessThan(8);
    const meetingStart = new Map(rows.meetings.map((m) => [m.id, asDate(m.heldStart ?? m.plannedStart).getTime()]));
    for (const a of rows.attendances.filter((x) => x.memberId === lost?.id)) {
      if ((meetingStart.get(a.meetingId) ?? 0) >= since.getTime()) expect(a.status).toBe("ABSENT");
    }
    for (const d of rows.duesMonths.filter((x) => x.memberId === lost?.id))
      expect(asDate(d.month).getTime()).toBeLessThan(since.getTime());
    expect(rows.members.filter((m) => m.lostContact)).toHaveLength(1);
  });

  it("links organisations in clusters with one stale bridge and an isolated branch", () => {
    for (const l of rows.orgLinks) expect(l.orgAId < l.orgBId).toBe(true);
    expect(rows.orgLinks.length).toBeGreaterThanOrEqual(10);
    const [aName, bName] = DEMO_STALE_BRIDGE.orgNames;
    const a = orgByName(aName);
    const b = orgByName(bName);
    const bridge = rows.orgLinks.find((l) => [l.orgAId, l.orgBId].sort().join() === [a.id, b.id].sort().join());
    expect(bridge?.type).toBe(DEMO_STALE_BRIDGE.type);

    // Without the bridge, its ends fall into different components.
    const adjacency = new Map<string, string[]>();
    for (const l of rows.orgLinks) {
      if (l === bridge) continue;
      adjacency.set(l.orgAId, [...(adjacency.get(l.orgAId) ?? []), l.orgBId]);
      adjacency.set(l.orgBId, [...(adjacency.get(l.orgBId) ?? []), l.orgAId]);
    }
    const reached = new Set([a.id]);
    const queue = [a.id];
    while (queue.length > 0) {
      for (const next of adjacency.get(queue.pop() as string) ?? []) {
        if (reached.has(next)) continue;
        reached.add(next);
        queue.push(next);
      }
    }
    expect(reached.has(b.id)).toBe(false);
    expect(reached.size).toBeGreaterThan(2);

    const jointWith = (orgA: string, orgB: string) =>
      rows.meetings.filter(
        (m) =>
          m.type === "JOINT_ACTIVITY" &&
          rows.meetingOrgs.some((x) => x.meetingId === m.id && x.orgId === orgA) &&
          rows.meetingOrgs.some((x) => x.meetingId === m.id && x.orgId === orgB),
      );
    for (const m of jointWith(a.id, b.id))
      expect(REFERENCE.getTime() - asDate(m.heldStart).getTime()).toBeGreaterThan(183 * DAY);
    for (const l of rows.orgLinks.filter((x) => x !== bridge)) {
      const recent = jointWith(l.orgAId, l.orgBId).filter(
        (m) => REFERENCE.getTime() - asDate(m.heldStart).getTime() < 92 * DAY,
      );
      expect(recent.length).toBeGreaterThan(0);
    }
    const isolated = orgByName(DEMO_ISOLATED_BRANCH_NAME);
    expect(rows.orgLinks.some((l) => l.orgAId === isolated.id || l.orgBId === isolated.id)).toBe(false);
  });

  it("keeps the dues ledger consistent with declarations and the brackets", () => {
    const declarations = new Map(rows.duesDeclarations.map((d) => [d.memberId, d]));
    expect(declarations.size).toBe(rows.members.length);
    for (const d of rows.duesDeclarations) {
      if (d.category === "SALARIED" || d.category === "RETIRED") {
        expect(d.monthlyDuesFen).toBe(monthlyDuesFen(d.category, d.monthlyIncomeFen ?? null));
      } else expect(d.monthlyIncomeFen ?? null).toBeNull();
    }
    expect(new Set(rows.duesMonths.map((d) => `${d.memberId}|${asDate(d.month).toISOString()}`)).size).toBe(
      rows.duesMonths.length,
    );
    expect(new Set(rows.duesPayments.map((p) => p.receiptNo)).size).toBe(rows.duesPayments.length);
    const paymentTotals = new Map<string, number>();
    for (const d of rows.duesMonths) {
      expect(d.amountFen).toBe(declarations.get(d.memberId)?.monthlyDuesFen);
      paymentTotals.set(d.paymentId, (paymentTotals.get(d.paymentId) ?? 0) + d.amountFen);
    }
    for (const p of rows.duesPayments) {
      expect(p.amountFen).toBe(paymentTotals.get(p.id as string));
      expect(p.method === "ON_SITE").toBe(Boolean(p.meetingId));
      expect(asDate(p.paidAt).getTime()).toBeLessThan(REFERENCE.getTime());
    }
    const onSite = rows.duesPayments.filter((p) => p.method === "ON_SITE").length / rows.duesPayments.length;
    expect(onSite).toBeGreaterThan(0.6);
  });

  it("announces every (branch-level organisation, month) to the worker", () => {
    const keys = rows.outboxEvents.flatMap((e) => {
      expect(e.topic).toBe("facts.touch");
      const payload = e.payload as { keys: { orgId: string; month: string }[] };
      expect(payload.keys.length).toBeLessThanOrEqual(500);
      return payload.keys.map((k) => `${k.orgId}|${k.month}`);
    });
    const months = seededMonths(REFERENCE).map((m) => m.key);
    expect(months[0]).toBe("2025-11");
    expect(months.at(-1)).toBe("2026-10");
    for (const org of rows.orgs.filter((o) => o.level === "BRANCH"))
      for (const m of months) expect(keys).toContain(`${org.id}|${m}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("gives every member one active card and every id is unique", () => {
    expect(rows.cards).toHaveLength(rows.members.length);
    for (const c of rows.cards) expect(c.serial).toMatch(/^JC\d{10}$/);
    expect(new Set(rows.cards.map((c) => c.serial)).size).toBe(rows.cards.length);
    const ids = Object.values(rows).flatMap((list: { id?: unknown }[]) =>
      list.flatMap((r) => (typeof r.id === "string" ? [r.id] : [])),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});
