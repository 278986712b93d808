// Partnerships between branches and their joint activities.
import { strengthFromActivities } from "@dangjian/core";
import { JOINT_TOPICS } from "../content.ts";
import { LINKS } from "../region.ts";
import { SEEDED_MONTHS, beijing, addDays, dateOnly, must, type Build, type Tree } from "./model.ts";
import { holdMeeting } from "./meetings.ts";

/** Partnerships (联建) and their joint activities; the tie strength decays as the platform decays it. */
export function buildPartnerships(build: Build, tree: Tree): void {
  const { ids, misc, refMonth, months, rows } = build;
  const { branchByKey } = tree;
  for (const link of LINKS) {
    const a = must(branchByKey.get(link.a), `link end ${link.a}`);
    const b = must(branchByKey.get(link.b), `link end ${link.b}`);
    const [orgA, orgB] = a.org.id < b.org.id ? [a, b] : [b, a];
    const startsOn = dateOnly(addDays(refMonth, link.stale ? -misc.int(700, 900) : -misc.int(420, 1400)));
    // Healthy ties met in the last two months, so their decayed strength stays above T1's 0.5
    // for weeks after the reference date; the stale bridge last met about 9 months ago.
    const recent = misc.int(SEEDED_MONTHS - 2, SEEDED_MONTHS - 1);
    const activityMonths = link.stale
      ? [SEEDED_MONTHS - 9]
      : misc.chance(0.7)
        ? [misc.int(SEEDED_MONTHS - 7, SEEDED_MONTHS - 4), recent]
        : [recent];
    const activityTimes: Date[] = [];
    for (const index of activityMonths) {
      const m = must(months[index], "activity month");
      const [host, partner] = misc.chance(0.5) ? [a, b] : [b, a];
      const topic = misc.pick(JOINT_TOPICS[link.type]);
      const meeting = holdMeeting(build, {
        orgId: host.org.id,
        type: "JOINT_ACTIVITY",
        topic,
        place: host.spec.place,
        host: must(host.committee[0], "joint host"),
        start: beijing(m.year, m.month, misc.int(10, 25), 9, 30),
        durationMin: 150,
        expected: [...host.members, ...partner.members],
        rates: { present: Math.min(host.presentRate, partner.presentRate), leave: 0.05 },
        body: `${host.spec.shortName}与${partner.spec.shortName}联合开展“${topic}”活动，双方党员共同参与。`,
        outcomes: { peopleServed: misc.int(30, 160) },
        partners: [{ orgId: partner.org.id, confirmerAccountId: partner.committee[0]?.accountId ?? null }],
      });
      activityTimes.push(meeting.heldStart);
    }
    // the same decay the platform applies to a tie (core, docs/warnings.md T1)
    const { strength, at: strengthAt } = strengthFromActivities(activityTimes);
    rows.orgLinks.push({
      id: ids.uuid(),
      orgAId: orgA.org.id,
      orgBId: orgB.org.id,
      type: link.type,
      status: "ACTIVE",
      startsOn,
      agreement: link.agreement,
      proposedByOrgId: a.org.id,
      proposedById: a.committee[0]?.accountId ?? null,
      decidedById: b.committee[0]?.accountId ?? null,
      decidedAt: beijing(startsOn.getUTCFullYear(), startsOn.getUTCMonth(), startsOn.getUTCDate(), 10, 0),
      strength,
      strengthAt,
      createdAt: addDays(startsOn, -misc.int(5, 20)),
    });
  }
}
