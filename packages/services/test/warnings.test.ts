// The warning engine on the demo region: the deliberately weak spots are flagged with reasons,
// the incremental path (outbox) equals the full pass, and people can act on warnings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_ACCOUNTS,
  DEMO_ISOLATED_BRANCH_NAME,
  DEMO_LOST_CONTACT_MEMBER,
  DEMO_PASSWORD,
  DEMO_STALE_BRIDGE,
  DEMO_STUDY_BEHIND_BRANCH_NAME,
  DEMO_WEAK_BRANCHES,
  seedDemo,
} from "@dangjian/seed";
import type { Actor } from "../src/index.ts";
import { createTestDatabase, errorOf, loginActor, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
const actors: Record<string, Actor> = {};
const NOW = new Date("2026-12-02T08:00:00Z");

const login = (phone: string) => loginActor(t, phone, DEMO_PASSWORD);

async function snapshot() {
  const rows = await t.services.deps.db.warning.findMany({
    where: { state: { not: "RESOLVED" } },
    select: { ruleId: true, subjectType: true, subjectId: true, state: true, severity: true, value: true },
  });
  return rows
    .map(
      (r) =>
        `${r.ruleId}|${r.subjectType}|${r.subjectId}|${r.state}|${r.severity}|${r.value === null ? "-" : r.value.toFixed(6)}`,
    )
    .sort();
}

async function orgId(name: string): Promise<string> {
  return (await t.services.deps.db.org.findFirstOrThrow({ where: { name }, select: { id: true } })).id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  t.setNow(NOW);
  await seedDemo(t.services.deps.db, { referenceDate: new Date("2026-12-01T00:00:00Z") });
  // the outbox drain recomputes the facts and evaluates the touched organisations incrementally
  await t.services.outbox.drain(500);
  actors.county = await login(DEMO_ACCOUNTS.county.phone);
  actors.city = await login(DEMO_ACCOUNTS.city.phone);
  actors.township = await login(DEMO_ACCOUNTS.township.phone);
  actors.member = await login(DEMO_ACCOUNTS.member.phone);
}, 180_000);
afterAll(() => t.drop());

describe("incremental equals full", () => {
  it("the full pass from scratch yields exactly what the outbox's incremental passes left", async () => {
    const incremental = await snapshot();
    expect(incremental.length).toBeGreaterThan(10);
    await t.services.deps.db.warning.deleteMany({});
    const stats = await t.services.warnings.evaluateAll();
    expect(stats.orgs).toBeGreaterThan(20);
    expect(await snapshot()).toEqual(incremental);
    // and a second full pass changes nothing
    expect((await t.services.warnings.evaluateAll()).written).toBe(0);
  }, 60_000);

  it("a new meeting re-evaluates only its branch, and the full pass then finds nothing to change", async () => {
    const db = t.services.deps.db;
    const branch = await orgId(DEMO_WEAK_BRANCHES.noRecentMeetings);
    const members = await db.member.findMany({ where: { branchId: branch, active: true }, select: { id: true } });
    const start = new Date("2026-12-01T09:00:00Z");
    await db.$transaction(async (tx) => {
      const meeting = await tx.meeting.create({
        data: {
          orgId: branch,
          type: "THEME_DAY",
          status: "HELD",
          topic: "主题党日",
          plannedStart: start,
          plannedEnd: start,
          heldStart: start,
          heldEnd: start,
        },
      });
      await tx.attendance.createMany({
        data: members.map((m) => ({ meetingId: meeting.id, memberId: m.id, status: "PRESENT" as const })),
      });
      await tx.outboxEvent.create({
        data: { topic: "facts.touch", payload: { keys: [{ orgId: branch, month: "2026-12" }] } },
      });
    });
    const before = await db.warningTransition.count();
    await t.services.outbox.drain();
    expect(await db.warningTransition.count()).toBeGreaterThanOrEqual(before);
    const afterIncremental = await snapshot();
    expect((await t.services.warnings.evaluateAll()).written).toBe(0);
    expect(await snapshot()).toEqual(afterIncremental);
  }, 60_000);
});

describe("the demo region's weak spots", () => {
  it("flags each deliberately weak branch with its reason", async () => {
    const { items } = await t.services.warnings.list(actors.city!, {});
    const firing = (rule: string, name: string) =>
      items.find((w) => w.ruleId === rule && w.orgName === name && (w.state === "FIRING" || w.state === "RECOVERING"));
    const o1 = firing("O1", DEMO_WEAK_BRANCHES.noRecentMeetings);
    expect(o1?.severity).toBe("CRITICAL");
    expect(o1?.message).toMatch(/已连续 \d+ 个周期未开展/);
    expect(firing("O2", DEMO_WEAK_BRANCHES.lowAttendance)?.message).toMatch(/出勤率 \d+%/);
    expect(firing("O4", DEMO_WEAK_BRANCHES.duesArrears)?.severity).toBe("CRITICAL");
    const lost = items.find((w) => w.ruleId === "O5" && w.subjectName === DEMO_LOST_CONTACT_MEMBER.name);
    expect(lost?.severity).toBe("CRITICAL");
    const bridge = items.find((w) => w.ruleId === "T2");
    expect(bridge?.subjectName).toContain(DEMO_STALE_BRIDGE.orgNames[0]);
    expect(bridge?.severity).toBe("CRITICAL");
    expect(items.find((w) => w.ruleId === "T6" && w.orgName === DEMO_ISOLATED_BRANCH_NAME)).toBeDefined();
    // the study weak spot: most of its members are behind their yearly hours
    expect(firing("O6", DEMO_STUDY_BEHIND_BRANCH_NAME)?.message).toMatch(/\d+%/);
    const o6 = items.filter(
      (w) => w.ruleId === "O6" && w.subjectType === "ORG" && (w.state === "FIRING" || w.state === "RECOVERING"),
    );
    expect(o6.length).toBeLessThan(6);
    // a healthy branch has no organisation warning above info
    expect(
      items.filter(
        (w) =>
          w.orgName === "中共柏树村支部委员会" && w.subjectType === "ORG" && w.severity !== "INFO" && w.ruleId !== "O6",
      ),
    ).toEqual([]);
  });

  it("a critical warning became a task for the branch's secretary", async () => {
    const branch = await orgId(DEMO_WEAK_BRANCHES.noRecentMeetings);
    const tasks = await t.services.deps.db.task.findMany({
      where: { warningId: { not: null }, targets: { some: { orgId: branch } } },
    });
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks[0]!.title).toContain("严重预警");
  });

  it("the county sees its subtree only, with the cross-county bridge", async () => {
    const { items } = await t.services.warnings.list(actors.county!, {});
    expect(items.some((w) => w.orgName === DEMO_WEAK_BRANCHES.lowAttendance)).toBe(false);
    expect(items.some((w) => w.orgName === DEMO_WEAK_BRANCHES.noRecentMeetings)).toBe(true);
    expect(items.some((w) => w.ruleId === "T2")).toBe(true);
  });

  it("refuses the dashboard to a member", async () => {
    expect((await errorOf(t.services.warnings.dashboard(actors.member!, {}))).code).toBe("FORBIDDEN");
  });
});

describe("acting on warnings", () => {
  it("acknowledges with a note and silences with a reason and an end date; history is kept", async () => {
    const { items } = await t.services.warnings.list(actors.county!, { ruleId: "O1" });
    const w = items[0]!;
    await t.services.warnings.acknowledge(actors.county!, { id: w.id, note: "已联系支部书记，本月补开" });
    await t.services.warnings.silence(actors.county!, {
      id: w.id,
      until: new Date("2027-01-15T00:00:00Z"),
      reason: "支部正在合并调整",
    });
    const detail = await t.services.warnings.get(actors.county!, { id: w.id });
    expect(detail.acknowledgedBy).toBe(DEMO_ACCOUNTS.county.displayName);
    expect(detail.silenceReason).toBe("支部正在合并调整");
    expect(detail.transitions.map((x) => x.action)).toEqual(expect.arrayContaining(["ack", "silence", "evaluate"]));
    // newest first: the silence, the acknowledgement; last its creation by the first evaluation,
    // raised firing (O1 holds for no days), taken from its row (ADR 1077)
    expect(detail.transitions.slice(0, 2).map((x) => x.action)).toEqual(["silence", "ack"]);
    expect(detail.transitions.at(-1)).toEqual({
      at: NOW,
      fromState: null,
      toState: "FIRING",
      action: "evaluate",
      by: null,
      reason: null,
    });
    // no stored transition is a creation
    expect(await t.services.deps.db.warningTransition.count({ where: { fromState: null } })).toBe(0);
  });

  it("refuses a silence without a reason or with a past end date, and changes nothing", async () => {
    const { items } = await t.services.warnings.list(actors.county!, { ruleId: "T2" });
    const w = items[0]!;
    expect(
      (
        await errorOf(
          t.services.warnings.silence(actors.county!, { id: w.id, until: new Date("2027-01-01"), reason: "  " }),
        )
      ).messageKey,
    ).toBe("warnings.error.silenceReason");
    expect(
      (
        await errorOf(
          t.services.warnings.silence(actors.county!, { id: w.id, until: new Date("2026-11-01"), reason: "调整" }),
        )
      ).messageKey,
    ).toBe("warnings.error.silenceUntil");
    expect((await t.services.warnings.get(actors.county!, { id: w.id })).silencedUntil).toBeNull();
  });

  it("refuses a warning outside the actor's subtree", async () => {
    const { items } = await t.services.warnings.list(actors.city!, { ruleId: "O2" });
    const outside = items.find((w) => w.orgName === DEMO_WEAK_BRANCHES.lowAttendance)!;
    expect((await errorOf(t.services.warnings.acknowledge(actors.township!, { id: outside.id, note: "x" }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("tunes thresholds per subtree, refusing ones that fire and recover at once", async () => {
    const county = await orgId(DEMO_ACCOUNTS.county.orgName);
    expect(
      (
        await errorOf(
          t.services.warnings.tune(actors.county!, {
            orgId: county,
            ruleId: "O2",
            warn: 0.8,
            crit: 0.6,
            recover: 0.7,
            forDays: 0,
          }),
        )
      ).messageKey,
    ).toBe("warnings.error.threshold.recoverNotSafe");
    expect(
      (
        await errorOf(
          t.services.warnings.tune(actors.township!, {
            orgId: county,
            ruleId: "O2",
            warn: 0.8,
            crit: 0.6,
            recover: 0.9,
            forDays: 0,
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    await t.services.warnings.tune(actors.county!, {
      orgId: county,
      ruleId: "O2",
      warn: 0.5,
      crit: 0.4,
      recover: 0.55,
      forDays: 0,
    });
    expect(await t.services.deps.db.warningRuleSetting.count()).toBe(1);
  });
});

describe("dashboard and network", () => {
  it("gives 12 months of subtree KPIs and the children for drill-down", async () => {
    const d = await t.services.warnings.dashboard(actors.county!, {});
    expect(d.months).toHaveLength(12);
    expect(d.branches).toBeGreaterThan(5);
    const closed = d.months[10]!;
    expect(closed.members).toBeGreaterThan(100);
    expect(closed.attendance).toBeGreaterThan(0.5);
    expect(closed.dues).toBeGreaterThan(0.5);
    // a year of study: hours per member each month, from the seeded credits through the facts
    expect(closed.studyHours).toBeGreaterThan(1);
    expect(d.months.slice(0, 11).every((m) => (m.studyHours ?? 0) > 0)).toBe(true);
    expect(d.children.map((c) => c.name)).toContain("中共柳坪乡委员会");
    expect(d.warningCounts.CRITICAL).toBeGreaterThan(0);
    // the rollup equals the sum over the subtree's fact rows
    const county = d.org.id;
    const [sum] = await t.services.deps.db.$queryRawUnsafe<Array<{ m: number }>>(
      `SELECT sum(f."memberCount")::int AS m FROM "OrgMonthFact" f JOIN "Org" o ON o.id = f."orgId" WHERE (o.id = $1::uuid OR o."ancestorIds" @> ARRAY[$1::uuid]) AND f.month = '2026-11-01'`,
      county,
    );
    expect(closed.members).toBe(sum!.m);
  });

  it("a county and its townships show a health score derived from the branches below, with reasons", async () => {
    const d = await t.services.warnings.dashboard(actors.county!, {});
    const db = t.services.deps.db;
    const [mean] = await db.$queryRawUnsafe<Array<{ n: number; avg: number }>>(
      `SELECT count(*)::int AS n, avg(h.score)::float AS avg FROM "OrgHealth" h JOIN "Org" o ON o.id = h."orgId"
       WHERE o."ancestorIds" @> ARRAY[$1::uuid] AND o.kind IN ('BRANCH', 'JOINT_BRANCH') AND o.active AND h.score IS NOT NULL`,
      d.org.id,
    );
    expect(mean!.n).toBeGreaterThan(5);
    expect(d.health?.score).toBe(Math.round(mean!.avg));
    expect(d.health?.derivedFrom).toBe(mean!.n);
    // the weak branches cost points, and the reasons say how many branches and how much
    expect(d.health!.reasons.length).toBeGreaterThan(0);
    expect(d.health!.reasons.find((r) => r.ruleId === "O1")?.text).toMatch(/^\d+ 个支部.+平均扣 [\d.]+ 分$/);
    const lost = d.health!.reasons.reduce((a, r) => a + r.penalty, 0);
    expect(Math.abs(100 - lost - mean!.avg)).toBeLessThan(1);
    // every township row has a score (none is "—" where branches are scored)
    const townships = d.children.filter((c) => c.kind === "COMMITTEE");
    expect(townships.length).toBeGreaterThan(2);
    for (const c of townships) expect(c.health, c.name).not.toBeNull();
    const township = await t.services.warnings.dashboard(actors.township!, {});
    expect(township.health?.score).toBe(d.children.find((c) => c.id === township.org.id)?.health);
    // a branch keeps its own O7 score, not a derived one
    const branch = await t.services.warnings.dashboard(actors.county!, {
      orgId: await orgId(DEMO_WEAK_BRANCHES.noRecentMeetings),
    });
    expect(branch.health?.derivedFrom).toBeNull();
    expect(branch.health?.score).toBeLessThan(100);
  });

  it("draws the network with the stale bridge marked, and runs the what-if", async () => {
    const g = await t.services.warnings.graph(actors.county!, {});
    const names = new Map(g.nodes.map((n) => [n.id, n.name]));
    const bridge = g.edges.find((e) => e.ruleId === "T2")!;
    expect(bridge.bridge).toBe(true);
    expect(bridge.stale).toBe(true);
    expect([names.get(bridge.source), names.get(bridge.target)].join()).toContain("河口村");
    const result = await t.services.warnings.whatIf(actors.county!, { linkIds: [bridge.id] });
    expect(result.cutOff.map((o) => o.name)).toContain(DEMO_STALE_BRIDGE.orgNames[1]);
  });

  it("refuses a what-if on partnerships the actor may not see, or on none", async () => {
    const all = await t.services.warnings.graph(actors.city!, {});
    const mine = new Set((await t.services.warnings.graph(actors.county!, {})).edges.map((e) => e.id));
    const hidden = all.edges.find((e) => !mine.has(e.id))!;
    expect((await errorOf(t.services.warnings.whatIf(actors.county!, { linkIds: [hidden.id] }))).messageKey).toBe(
      "warnings.error.linkNotVisible",
    );
    expect((await errorOf(t.services.warnings.whatIf(actors.county!, { linkIds: [] }))).messageKey).toBe(
      "warnings.error.noLinks",
    );
  });

  it("sends one digest notice per committee per day, grouped by area and rule", async () => {
    const first = await t.services.warnings.sendDigests();
    expect(first.notices).toBeGreaterThan(0);
    expect((await t.services.warnings.sendDigests()).notices).toBe(0);
  });
});

describe("inhibition: a township-wide warning groups its branches' warnings of the same rule", () => {
  it("fires for the township when most of its branches are critical, lists it instead of them, and recovers", async () => {
    const db = t.services.deps.db;
    const township = await orgId(DEMO_ACCOUNTS.township.orgName);
    const judged = await db.org.findMany({
      where: { ancestorIds: { has: township }, kind: { in: ["BRANCH", "JOINT_BRANCH"] }, active: true },
      select: { id: true },
    });
    // an exacting attendance line for this township's subtree makes most of its branches critical on O2
    await t.services.warnings.tune(actors.county!, {
      orgId: township,
      ruleId: "O2",
      warn: 0.999,
      crit: 0.998,
      recover: 1,
      forDays: 0,
    });
    await t.services.warnings.evaluateAll();
    const branchO2 = await db.warning.findMany({
      where: {
        ruleId: "O2",
        subjectType: "ORG",
        state: "FIRING",
        severity: "CRITICAL",
        org: { ancestorIds: { has: township } },
      },
      select: { subjectId: true },
    });
    expect(branchO2.length).toBeGreaterThanOrEqual(3);
    expect(branchO2.length * 2).toBeGreaterThanOrEqual(judged.length);
    const area = await db.warning.findUniqueOrThrow({
      where: { ruleId_subjectType_subjectId: { ruleId: "O2", subjectType: "AREA", subjectId: township } },
    });
    expect(area).toMatchObject({ state: "FIRING", severity: "CRITICAL", orgId: township });
    expect((area.evidence as { branches: string[] }).branches.sort()).toEqual(branchO2.map((w) => w.subjectId).sort());

    // the county's list shows the township's warning in place of its branches' O2 warnings
    const listed = (await t.services.warnings.list(actors.county!, { ruleId: "O2" })).items;
    const item = listed.find((w) => w.subjectType === "AREA")!;
    expect(item.grouped).toBe(branchO2.length);
    expect(item.subjectName).toBe(DEMO_ACCOUNTS.township.orgName);
    expect(item.message).toContain(`${branchO2.length} 个`);
    expect(listed.filter((w) => w.subjectType === "ORG" && branchO2.some((b) => b.subjectId === w.subjectId))).toEqual(
      [],
    );
    // asked for, they are listed one by one, each pointing at the township's warning
    const expanded = (
      await t.services.warnings.list(actors.county!, { orgId: township, ruleId: "O2", showGrouped: true })
    ).items.filter((w) => w.subjectType === "ORG");
    expect(expanded.map((w) => w.subjectId).sort()).toEqual(branchO2.map((w) => w.subjectId).sort());
    expect(new Set(expanded.map((w) => w.groupedUnder))).toEqual(new Set([area.id]));
    // other rules of the same branches are not grouped
    expect(
      (await t.services.warnings.list(actors.county!, {})).items.some(
        (w) => w.ruleId !== "O2" && branchO2.some((b) => b.subjectId === w.orgId),
      ),
    ).toBe(true);
    // its detail names the branches; it became a task for the township from the county
    const detail = await t.services.warnings.get(actors.county!, { id: area.id });
    expect(detail.groupedBranches).toHaveLength(branchO2.length);
    expect(await db.task.count({ where: { warningId: area.id, targets: { some: { orgId: township } } } })).toBe(1);

    // incremental equals full: one branch's re-evaluation recomputes the township's warning alike
    const before = await snapshot();
    await db.warning.delete({ where: { id: area.id } });
    await t.services.warnings.evaluateOrgs([branchO2[0]!.subjectId]);
    expect(await snapshot()).toEqual(before);

    // the line relaxed again: the branches recover, and so does the township
    await db.warningRuleSetting.deleteMany({ where: { orgId: township } });
    await t.services.warnings.evaluateAll();
    const after = await db.warning.findUniqueOrThrow({
      where: { ruleId_subjectType_subjectId: { ruleId: "O2", subjectType: "AREA", subjectId: township } },
    });
    expect(after.state).toBe("RESOLVED");
    expect(
      (await t.services.warnings.list(actors.county!, { ruleId: "O2" })).items.some((w) => w.subjectType === "AREA"),
    ).toBe(false);
  }, 60_000);
});

describe("morning digest date (issue 13, defect 12)", () => {
  it("at 07:30 in Beijing the digest is titled with Beijing's date, not the UTC date a day behind", async () => {
    t.setNow(new Date("2026-12-02T23:30:00Z")); // 2026-12-03 07:30 Asia/Shanghai
    try {
      const sent = await t.services.warnings.sendDigests();
      expect(sent.notices).toBeGreaterThan(0);
      const titles = (
        await t.services.deps.db.task.findMany({
          where: { kind: "NOTICE", title: { contains: "预警日报" } },
          select: { title: true },
        })
      ).map((r) => r.title);
      expect(titles.some((x) => x.startsWith("2026-12-03 "))).toBe(true);
    } finally {
      t.setNow(NOW);
    }
  });
});

describe("O1 follows the committee's tuned cadence (issue 15: the dashboard and the branch home agree)", () => {
  it("a county that asks for a party lecture every month sees O1 on a branch the defaults found fine, as that branch's home does", async () => {
    const db = t.services.deps.db;
    const county = actors.county!.grants.find((g) => g.role === "COMMITTEE_ADMIN")!.orgId;
    await t.services.warnings.evaluateAll();
    const flagged = (
      await db.warning.findMany({
        where: { ruleId: "O1", subjectType: "ORG", state: { not: "RESOLVED" } },
        select: { subjectId: true },
      })
    ).map((w) => w.subjectId);
    // branches under the county with meeting records that the default cadence finds fine
    const fine = await db.org.findMany({
      where: {
        kind: "BRANCH",
        ancestorIds: { has: county },
        id: { notIn: flagged },
        hostedMeetings: { some: { status: "HELD" } },
      },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    });
    expect(fine.length).toBeGreaterThan(0);
    const branch = fine[0]!;
    try {
      await t.services.orglife.setRule(actors.county!, {
        orgId: county,
        meetingType: "PARTY_LECTURE",
        period: "MONTH",
        minCount: 5,
      });
      // the branch home judges by the tuned rule ...
      const calendar = await t.services.orglife.calendar(actors.county!, { orgId: branch.id });
      const lecture = calendar.views.year.find((x) => x.meetingType === "PARTY_LECTURE")!;
      expect(lecture.period).toBe("MONTH");
      expect(lecture.overdue).toBeGreaterThan(0);
      // ... and so does the warning engine
      await t.services.warnings.evaluateAll();
      const o1 = await db.warning.findUniqueOrThrow({
        where: { ruleId_subjectType_subjectId: { ruleId: "O1", subjectType: "ORG", subjectId: branch.id } },
      });
      expect(["PENDING", "FIRING"]).toContain(o1.state);
      expect(JSON.stringify(o1.evidence)).toContain("PARTY_LECTURE");
    } finally {
      await db.cadenceRule.deleteMany({ where: { orgId: county, meetingType: "PARTY_LECTURE" } });
      await t.services.warnings.evaluateAll();
    }
    // the default again: the branch is fine
    const after = await db.warning.findUniqueOrThrow({
      where: { ruleId_subjectType_subjectId: { ruleId: "O1", subjectType: "ORG", subjectId: branch.id } },
    });
    expect(["RESOLVED", "RECOVERING"]).toContain(after.state);
  }, 120_000);
});
