// Meetings of the demo region: the year of organisational life and the next planned meeting.
import type { AttendanceStatus, CaptureMethod, MeetingType, OrgSector } from "@dangjian/db";
import { DEFAULT_THEME_DAY_ACTIONS } from "@dangjian/core";
import {
  ASSEMBLY_TOPICS,
  COMMITTEE_TOPICS,
  GROUP_TOPICS,
  LEAVE_REASONS,
  LECTURE_TOPICS,
  PLANNED_TOPICS,
  THEME_DAY_TOPICS,
  VOLUNTEER_NOTES,
} from "../content.ts";
import { SPECIAL } from "../region.ts";
import {
  SEEDED_MONTHS,
  utcDate,
  beijing,
  addDays,
  addMinutes,
  dateOnly,
  must,
  type Month,
  type Person,
  type HeldMeeting,
  type Build,
  type Tree,
  type BranchState,
  type OrgNode,
} from "./model.ts";
import type { BranchSpec } from "../region.ts";

export const isFieldSector = (sector: OrgSector): boolean =>
  sector === "VILLAGE" || sector === "COMMUNITY" || sector === "OTHER";
const onListAt = (p: Person, at: Date): boolean => p.joinedOn.getTime() <= at.getTime();
const isProbationaryAt = (p: Person, at: Date): boolean =>
  p.status === "PROBATIONARY" || (p.fullMemberOn !== null && at < p.fullMemberOn);

export interface MeetingInput {
  orgId: string;
  type: MeetingType;
  topic: string;
  place: string;
  host: Person;
  start: Date;
  durationMin: number;
  expected: Person[];
  /** attendance rates of the hosting branch */
  rates: { present: number; leave: number };
  body: string;
  outcomes?: Record<string, number>;
  partners?: { orgId: string; confirmerAccountId: string | null }[];
  /** a heart-to-heart talk: the one member is present by definition, minutes are the body alone */
  talk?: boolean;
}

/** A meeting held: attendance drawn from the rates, minutes with the counts, the hosting and partner organisations. */
export function holdMeeting(b: Build, input: MeetingInput): HeldMeeting {
  const { ids, life, rows } = b;
  const id = ids.uuid();
  const heldStart = addMinutes(input.start, life.int(0, 10));
  const heldEnd = addMinutes(input.start, input.durationMin + life.int(-10, 20));
  const hostAccountId = input.host.accountId;
  const attendance = new Map<string, AttendanceStatus>();
  let present = 0;
  let leave = 0;
  let expectedCount = 0;
  for (const p of input.expected) {
    if (!onListAt(p, input.start)) continue;
    expectedCount++;
    const lost = p.lostContactSince !== null && input.start >= p.lostContactSince;
    const r = life.next();
    const pPresent = Math.min(0.99, Math.max(0.2, input.rates.present + p.reliability));
    const status: AttendanceStatus = input.talk
      ? "PRESENT"
      : lost
        ? "ABSENT"
        : r < pPresent
          ? "PRESENT"
          : r < pPresent + input.rates.leave
            ? "LEAVE"
            : "ABSENT";
    attendance.set(p.id, status);
    let capturedBy: CaptureMethod | null = null;
    let capturedById: string | null = null;
    let checkedInAt: Date | null = null;
    let leaveReason: string | null = null;
    if (status === "PRESENT") {
      present++;
      const older = p.age >= 65;
      capturedBy = input.talk
        ? "PROXY"
        : life.weighted<CaptureMethod>(
            older
              ? [
                  ["PROXY", 60],
                  ["SELF_QR", 25],
                  ["CARD_SCAN", 15],
                ]
              : [
                  ["SELF_QR", 68],
                  ["PROXY", 17],
                  ["CARD_SCAN", 15],
                ],
          );
      if (capturedBy === "SELF_QR" && !p.accountId) capturedBy = "PROXY";
      capturedById = capturedBy === "SELF_QR" ? p.accountId : hostAccountId;
      checkedInAt = addMinutes(heldStart, life.int(-20, 8));
    } else if (status === "LEAVE") {
      leave++;
      capturedBy = "PROXY";
      capturedById = hostAccountId;
      leaveReason = life.pick(LEAVE_REASONS);
    }
    rows.attendances.push({
      id: ids.uuid(),
      meetingId: id,
      memberId: p.id,
      expected: true,
      probationary: isProbationaryAt(p, input.start),
      status,
      leaveReason,
      capturedBy,
      capturedById,
      checkedInAt,
      createdAt: checkedInAt ?? heldStart,
      updatedAt: heldEnd,
    });
  }
  const absent = expectedCount - present - leave;
  const plannedEnd = addMinutes(input.start, input.durationMin);
  const createdAt = addDays(input.start, -life.int(3, 10));
  rows.meetings.push({
    id,
    orgId: input.orgId,
    type: input.type,
    status: "HELD",
    topic: input.topic,
    place: input.place,
    hostMemberId: input.host.id,
    plannedStart: input.start,
    plannedEnd,
    heldStart,
    heldEnd,
    minutes: input.talk
      ? input.body
      : `${input.host.name}主持。应到${expectedCount}人，实到${present}人，请假${leave}人，缺席${absent}人。${input.body}`,
    outcomes: input.outcomes ?? {},
    lockedAt: addDays(heldEnd, 2),
    createdById: hostAccountId,
    createdAt,
    updatedAt: addDays(heldEnd, 2),
  });
  rows.meetingOrgs.push({
    meetingId: id,
    orgId: input.orgId,
    isHost: true,
    confirmedAt: createdAt,
    confirmedById: hostAccountId,
  });
  for (const partner of input.partners ?? []) {
    rows.meetingOrgs.push({
      meetingId: id,
      orgId: partner.orgId,
      isHost: false,
      confirmedAt: addDays(input.start, -life.int(1, 3)),
      confirmedById: partner.confirmerAccountId,
    });
  }
  return { id, heldStart, attendance };
}

/** One branch's year: who hosts, where, and the attendance rates of its members. */
interface BranchYear {
  branch: BranchState;
  spec: BranchSpec;
  org: OrgNode;
  secretary: Person;
  field: boolean;
  rates: { present: number; leave: number };
  everyone: Person[];
}

/** The months (indexes) of the quarterly meetings. */
interface Calendar {
  assemblyMonths: Set<number>;
  lectureMonths: Set<number>;
}

/** 支委会 early in the month, before the theme day (branches with a committee). */
function committeeMeeting(b: Build, h: BranchYear, m: Month): void {
  const { life } = b;
  const { branch, spec, org, secretary, field, rates } = h;
  // 支委会 early in the month, before the theme day.
  if (branch.hasCommittee) {
    const committeeTopic =
      COMMITTEE_TOPICS[(m.index + branch.members.length) % COMMITTEE_TOPICS.length] ?? "研究支部工作";
    holdMeeting(b, {
      orgId: org.id,
      type: "COMMITTEE_MEETING",
      topic: committeeTopic,
      place: spec.place,
      host: secretary,
      start: field ? beijing(m.year, m.month, life.int(2, 5), 19, 30) : beijing(m.year, m.month, life.int(2, 5), 16, 0),
      durationMin: 90,
      expected: branch.committee,
      rates: { present: Math.min(0.97, rates.present + 0.04), leave: rates.leave },
      body: `支委会${committeeTopic}，逐项讨论并形成决定，明确责任人和完成时限。`,
    });
  }
}

/** 主题党日 on the 7th: the five required actions and one optional. */
function themeDay(b: Build, h: BranchYear, m: Month): void {
  const { ids, life, rows } = b;
  const { branch, spec, org, secretary, field, rates, everyone } = h;
  // 主题党日 on the 7th.
  const themeTopic = must(THEME_DAY_TOPICS[m.month], "theme topic");
  const birthdayMembers = everyone
    .filter((p) => p.joinedOn.getUTCMonth() === m.month && onListAt(p, m.start))
    .slice(0, 3);
  const optional = m.month === 6 ? "OATH" : birthdayMembers.length > 0 && m.index % 2 === 0 ? "BIRTHDAY" : "VOLUNTEER";
  const optionalAction = must(
    DEFAULT_THEME_DAY_ACTIONS.find((a) => a.code === optional),
    "optional action",
  );
  const volunteerNote = life.pick(VOLUNTEER_NOTES);
  const themeDay = holdMeeting(b, {
    orgId: org.id,
    type: "THEME_DAY",
    topic: themeTopic,
    place: spec.place,
    host: secretary,
    start: field ? beijing(m.year, m.month, 7, 9, 0) : beijing(m.year, m.month, 7, 14, 30),
    durationMin: 150,
    expected: everyone,
    rates,
    body: `党员现场缴纳党费，集体诵读党章，学习党规党纪，书记围绕“${themeTopic}”讲党课，党员代表交流体会；自选动作：${optionalAction.title}。${m.month === 3 ? "清明前夕，党员到烈士陵园敬献花篮、擦拭墓碑。" : ""}`,
    ...(optional === "VOLUNTEER" ? { outcomes: { peopleServed: life.int(15, 80) } } : {}),
  });
  branch.themeDays.set(m.index, themeDay);
  for (const action of DEFAULT_THEME_DAY_ACTIONS) {
    if (!action.required && action.code !== optional) continue;
    rows.meetingActions.push({
      id: ids.uuid(),
      meetingId: themeDay.id,
      code: action.code,
      title: action.title,
      required: action.required,
      done: true,
      note:
        action.code === "BIRTHDAY"
          ? `为${birthdayMembers.map((p) => p.name).join("、")}同志过政治生日`
          : action.code === "VOLUNTEER"
            ? volunteerNote
            : null,
      sortOrder: action.sortOrder,
    });
  }
}

/** 党小组会 monthly per party group. */
function groupMeetings(b: Build, h: BranchYear, m: Month): void {
  const { life } = b;
  const { branch, spec, secretary, field, rates } = h;
  // 党小组会 monthly per group.
  for (const group of branch.groups) {
    const host = group.leader ?? secretary;
    const topic = GROUP_TOPICS[(m.index + group.org.sortOrder) % GROUP_TOPICS.length] ?? "党小组学习";
    holdMeeting(b, {
      orgId: group.org.id,
      type: "GROUP_MEETING",
      topic,
      place: field ? `${group.org.name}组长家中` : spec.place,
      host,
      start: field
        ? beijing(m.year, m.month, life.int(12, 22), 19, 30)
        : beijing(m.year, m.month, life.int(12, 22), 15, 0),
      durationMin: 75,
      expected: group.members,
      rates,
      body: `党小组${topic}，党员逐一发言。`,
    });
  }
}

/** 党员大会 and 党课 once a quarter. */
function quarterlyMeetings(b: Build, h: BranchYear, m: Month, calendar: Calendar): void {
  const { life } = b;
  const { spec, org, secretary, field, rates, everyone } = h;
  // 党员大会 and 党课 once a quarter.
  if (calendar.assemblyMonths.has(m.index)) {
    const topic = must(ASSEMBLY_TOPICS[Math.floor(m.month / 3)], "assembly topic");
    holdMeeting(b, {
      orgId: org.id,
      type: "BRANCH_ASSEMBLY",
      topic,
      place: spec.place,
      host: secretary,
      start: beijing(m.year, m.month, life.int(15, 25), field ? 9 : 15, 0),
      durationMin: 120,
      expected: everyone,
      rates,
      body: `支部党员大会${topic}，与会党员举手表决通过。`,
    });
  }
  if (calendar.lectureMonths.has(m.index)) {
    const topic = must(LECTURE_TOPICS[(m.index + spec.size) % LECTURE_TOPICS.length], "lecture topic");
    holdMeeting(b, {
      orgId: org.id,
      type: "PARTY_LECTURE",
      topic,
      place: spec.place,
      host: secretary,
      start: beijing(m.year, m.month, life.int(10, 14), field ? 9 : 15, 0),
      durationMin: 90,
      expected: everyone,
      rates,
      body: `${secretary.name}同志讲授党课《${topic.replace(/^.*?：/, "")}》，党员认真听讲并做学习笔记。`,
    });
  }
}

/** The year-end round in December: talks with every member, 组织生活会 and 民主评议. */
function yearEnd(b: Build, h: BranchYear, m: Month): void {
  const { life } = b;
  const { branch, spec, org, secretary, rates, everyone } = h;
  // 组织生活会 and 民主评议 in December, after a round of 谈心谈话 with every member
  // (TALK: once a year per member); the secretary's own talk is with another committee member.
  everyone.forEach((p, i) => {
    const talkDay = utcDate(m.year, m.month, 1 + (i % 16));
    if (!onListAt(p, talkDay) || (p.lostContactSince !== null && talkDay >= p.lostContactSince)) return;
    const others = branch.committee.filter((t) => t !== p);
    const host = others[i % Math.max(1, others.length)];
    if (!host) return;
    holdMeeting(b, {
      orgId: org.id,
      type: "TALK",
      topic: `与${p.name}同志谈心谈话`,
      place: spec.place,
      host,
      start: beijing(m.year, m.month, talkDay.getUTCDate(), life.pick([9, 10, 15, 16, 19]), 0),
      durationMin: 40,
      expected: [p],
      rates,
      talk: true,
      body: `${host.name}与${p.name}谈心谈话，交流思想、工作和生活情况，听取对支部工作的意见建议。`,
    });
  });
  const day = life.int(18, 26);
  holdMeeting(b, {
    orgId: org.id,
    type: "LIFE_MEETING",
    topic: `${m.year}年度组织生活会`,
    place: spec.place,
    host: secretary,
    start: beijing(m.year, m.month, day, 9, 0),
    durationMin: 180,
    expected: everyone,
    rates,
    body: "支部书记代表支委会对照检查，党员逐一开展批评和自我批评，明确整改措施。",
  });
  holdMeeting(b, {
    orgId: org.id,
    type: "APPRAISAL",
    topic: `${m.year}年度民主评议党员`,
    place: spec.place,
    host: secretary,
    start: beijing(m.year, m.month, day, 14, 30),
    durationMin: 150,
    expected: everyone,
    rates,
    body: "党员个人总结、互评和民主测评，评议结果经支委会研究后向党员本人反馈。",
  });
}

/** A year of organisational life per branch and general branch (see the header of build.ts). */
export function buildOrganisationalLife(b: Build, tree: Tree): void {
  const { life, months } = b;
  const { branches, generalBranches } = tree;
  const quarterMonths = (preferred: number): number[] => {
    const byQuarter = new Map<string, Month[]>();
    for (const m of months) {
      const key = `${m.year}-${Math.floor(m.month / 3)}`;
      byQuarter.set(key, [...(byQuarter.get(key) ?? []), m]);
    }
    return [...byQuarter.values()].map(
      (list) => (list.find((m) => m.month % 3 === preferred) ?? must(list.at(-1), "quarter month")).index,
    );
  };
  const assemblyMonths = new Set(quarterMonths(1));
  const lectureMonths = new Set(quarterMonths(0));
  const december = must(
    months.find((m) => m.month === 11),
    "December in window",
  );

  const noMeetingsFrom = SEEDED_MONTHS - 4;
  const calendar: Calendar = { assemblyMonths, lectureMonths };
  for (const branch of branches) {
    const h: BranchYear = {
      branch,
      spec: branch.spec,
      org: branch.org,
      secretary: must(branch.committee[0], "secretary"),
      field: isFieldSector(branch.spec.sector),
      rates: { present: branch.presentRate, leave: branch.leaveRate },
      everyone: branch.members,
    };
    const silentFrom = branch.key === SPECIAL.noRecentMeetings ? noMeetingsFrom : SEEDED_MONTHS;
    for (const m of months) {
      if (m.index >= silentFrom) break;
      committeeMeeting(b, h, m);
      themeDay(b, h, m);
      groupMeetings(b, h, m);
      quarterlyMeetings(b, h, m, calendar);
      if (m.index === december.index) yearEnd(b, h, m);
    }
  }

  for (const general of generalBranches) {
    const secretary = must(general.committee[0], "general branch secretary");
    for (const m of months) {
      const topic = COMMITTEE_TOPICS[(m.index + 3) % COMMITTEE_TOPICS.length] ?? "研究总支工作";
      holdMeeting(b, {
        orgId: general.org.id,
        type: "COMMITTEE_MEETING",
        topic,
        place: general.spec.place,
        host: secretary,
        start: beijing(m.year, m.month, life.int(1, 4), 19, 30),
        durationMin: 90,
        expected: general.committee,
        rates: { present: 0.93, leave: 0.05 },
        body: `总支委员会${topic}，各支部书记汇报本支部工作。`,
      });
    }
  }
}

/** The next planned meeting of every branch and general branch. */
export function buildPlannedMeetings(b: Build, tree: Tree): void {
  const { ids, misc, referenceDate, rows } = b;
  const { branches, generalBranches } = tree;
  const plan = (orgId: string, host: Person, type: MeetingType, place: string, field: boolean): void => {
    const day = addDays(dateOnly(referenceDate), misc.int(14, 21));
    const start = beijing(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), field ? 9 : 15, 0);
    const id = ids.uuid();
    const createdAt = addDays(referenceDate, -misc.int(1, 5));
    rows.meetings.push({
      id,
      orgId,
      type,
      status: "PLANNED",
      topic: misc.pick(must(PLANNED_TOPICS[type], "planned topics")),
      place,
      hostMemberId: host.id,
      plannedStart: start,
      plannedEnd: addMinutes(start, 120),
      outcomes: {},
      createdById: host.accountId,
      createdAt,
      updatedAt: createdAt,
    });
    rows.meetingOrgs.push({
      meetingId: id,
      orgId,
      isHost: true,
      confirmedAt: createdAt,
      confirmedById: host.accountId,
    });
  };
  for (const branch of branches) {
    const types: MeetingType[] = branch.hasCommittee
      ? ["BRANCH_ASSEMBLY", "PARTY_LECTURE", "COMMITTEE_MEETING"]
      : ["BRANCH_ASSEMBLY", "PARTY_LECTURE"];
    plan(
      branch.org.id,
      must(branch.committee[0], "secretary"),
      misc.pick(types),
      branch.spec.place,
      isFieldSector(branch.spec.sector),
    );
  }
  for (const general of generalBranches) {
    plan(
      general.org.id,
      must(general.committee[0], "general secretary"),
      "COMMITTEE_MEETING",
      general.spec.place,
      true,
    );
  }
}
