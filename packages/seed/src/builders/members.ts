// The members of the demo region: generated people, committees and groups, the demo identities.
import type { Gender, MemberCategory, MemberStatus } from "@dangjian/db";
import { monthlyDuesFen, suggestedDuesCategory } from "@dangjian/core";
import { MOBILE_WORKPLACES, UNIVERSITIES } from "../content.ts";
import { DEMO_ACCOUNTS, DEMO_LOST_CONTACT_MEMBER } from "../demo-accounts.ts";
import type { DemoAccountKey } from "../demo-accounts.ts";
import { chineseName, ETHNICITIES } from "../names.ts";
import { SPECIAL } from "../region.ts";
import {
  SEEDED_MONTHS,
  DAY_MS,
  utcDate,
  addDays,
  addYears,
  dateOnly,
  must,
  type Person,
  type BranchState,
  type Build,
  type Tree,
  type Registry,
  type DemoPeople,
} from "./model.ts";
import {
  categoryWeights,
  ageRange,
  femaleShare,
  education,
  incomeYuan,
  idNumber,
  PHONE_PREFIXES,
} from "./attributes.ts";

/** Members of every branch, drawn from the branch profile. */
export function buildMembers(b: Build, tree: Tree): Registry {
  const { ids, people, refMonth } = b;
  const { branches } = tree;
  const reservedNames = new Set<string>([
    ...Object.values(DEMO_ACCOUNTS).map((a) => a.displayName),
    DEMO_LOST_CONTACT_MEMBER.name,
  ]);
  const reservedMemberNos = new Set<string>([
    ...Object.values(DEMO_ACCOUNTS).flatMap((a) => (a.memberNo ? [a.memberNo] : [])),
    DEMO_LOST_CONTACT_MEMBER.memberNo,
  ]);
  const reservedPhones = new Set<string>(Object.values(DEMO_ACCOUNTS).map((a) => a.phone));
  const memberNos = new Set<string>(reservedMemberNos);
  const phones = new Set<string>(reservedPhones);
  const idNumbers = new Set<string>();
  const uniqueMemberNo = (): string => {
    for (;;) {
      const no = `DY${people.int(10_000_000, 99_999_999)}`;
      if (!memberNos.has(no)) {
        memberNos.add(no);
        return no;
      }
    }
  };
  const uniquePhone = (): string => {
    for (;;) {
      const phone = people.pick(PHONE_PREFIXES) + people.digits(8);
      if (!phones.has(phone) && !phone.startsWith("1380000")) {
        phones.add(phone);
        return phone;
      }
    }
  };
  const uniqueIdNumber = (regionCode: string, birth: Date, gender: Gender): string => {
    for (;;) {
      const value = idNumber(regionCode, birth, people.int(0, 499), gender);
      if (!idNumbers.has(value)) {
        idNumbers.add(value);
        return value;
      }
    }
  };

  const latestFullJoin = addDays(refMonth, -400);
  const earliestJoin = utcDate(1965, 0, 1);

  for (const branch of branches) {
    const { spec } = branch;
    const namesHere = new Set<string>();
    const probationaryTarget = Math.floor(spec.size * 0.08 + people.next());
    const drafts: { category: MemberCategory; age: number; gender: Gender }[] = [];
    for (let i = 0; i < spec.size; i++) {
      const category = people.weighted(categoryWeights(spec));
      const [lo, hi] = ageRange(category, spec);
      drafts.push({ category, age: people.int(lo, hi), gender: people.chance(femaleShare(spec)) ? "FEMALE" : "MALE" });
    }
    // Probationary members are young and recent; keep at least 3 full members (a branch needs them).
    const eligible = drafts.map((d, i) => ({ d, i })).filter(({ d }) => d.age <= 40 && d.category !== "RETIRED");
    const probationary = new Set(
      people.sample(eligible, Math.min(probationaryTarget, Math.max(0, spec.size - 3))).map(({ i }) => i),
    );

    drafts.forEach((draft, i) => {
      const status: MemberStatus = probationary.has(i) ? "PROBATIONARY" : "FULL";
      const birthDate = addDays(
        utcDate(refMonth.getUTCFullYear() - draft.age, refMonth.getUTCMonth(), 1),
        -people.int(1, 364),
      );
      let joinedOn: Date;
      if (status === "PROBATIONARY") {
        joinedOn = dateOnly(addDays(refMonth, -people.int(25, 330)));
      } else {
        const earliest = Math.max(addYears(birthDate, 18).getTime(), earliestJoin.getTime());
        const latest = Math.min(addYears(birthDate, 50).getTime(), latestFullJoin.getTime());
        const youngLatest = Math.min(latest, earliest + 17 * 365 * DAY_MS);
        const upper = people.chance(0.8) ? youngLatest : latest;
        joinedOn = dateOnly(new Date(earliest + people.next() * Math.max(0, upper - earliest)));
      }
      let name = chineseName(people, draft.gender, birthDate.getUTCFullYear(), reservedNames);
      while (namesHere.has(name)) name = chineseName(people, draft.gender, birthDate.getUTCFullYear(), reservedNames);
      namesHere.add(name);

      const workUnit = ((): string | null => {
        switch (draft.category) {
          case "ON_DUTY":
            return spec.sector === "COMMUNITY" && people.chance(0.5)
              ? people.pick([
                  "个体经营",
                  `${branch.township.seat.slice(0, 3)}供电局`,
                  `${branch.township.seat.slice(0, 3)}农村信用社`,
                  `${branch.township.seat.slice(0, 3)}人民医院`,
                ])
              : spec.workUnit;
          case "MOBILE":
            return people.pick(MOBILE_WORKPLACES);
          case "STUDENT":
            return people.pick(UNIVERSITIES);
          case "FARMER":
            return spec.sector === "VILLAGE" ? spec.workUnit.replace("村民委员会", "") : null;
          default:
            return null;
        }
      })();

      const duesCategory = suggestedDuesCategory(draft.category);
      const income = incomeYuan(people, draft.category, spec);
      const farmerFen =
        draft.category === "FARMER"
          ? people.weighted<number>([
              [100, 80],
              [50, 15],
              [20, 5],
            ])
          : 100;
      const incomeFen = income === null ? null : income * 100;
      const person: Person = {
        id: ids.uuid(),
        memberNo: uniqueMemberNo(),
        name,
        gender: draft.gender,
        birthDate,
        age: draft.age,
        ethnicity: people.weighted(ETHNICITIES),
        idNumber: "",
        phone: null,
        education: education(people, draft.category, spec, draft.age),
        workUnit,
        status,
        category: draft.category,
        joinedOn,
        fullMemberOn: status === "FULL" ? addYears(joinedOn, 1) : null,
        branch,
        group: null,
        lostContactSince: null,
        accountId: null,
        reliability: people.float(-0.05, 0.05) - (draft.age > 75 ? 0.04 : 0),
        duesCategory,
        incomeFen,
        monthlyDuesFen: monthlyDuesFen(duesCategory, incomeFen, farmerFen),
        unpaidFrom: null,
        paysQuarterly: draft.category === "MOBILE",
      };
      person.idNumber = uniqueIdNumber(branch.county, birthDate, draft.gender);
      // Older members are less likely to have a phone of their own.
      if (people.chance(draft.age >= 75 ? 0.5 : draft.age >= 65 ? 0.8 : 0.95)) person.phone = uniquePhone();
      branch.members.push(person);
    });
  }
  return { memberNos, phones, idNumbers, uniquePhone, uniqueIdNumber };
}

/** Branch committees, party groups with their leaders, general-branch committees and attendance rates. */
export function buildCommittees(b: Build, tree: Tree, registry: Registry): void {
  const { structure, life } = b;
  const { branches, generalBranches } = tree;
  const { uniquePhone } = registry;
  const isCandidate = (p: Person, strict: boolean): boolean =>
    p.status === "FULL" &&
    p.category !== "STUDENT" &&
    (!strict || (p.age >= 28 && p.age <= 66 && p.category !== "MOBILE" && p.category !== "UNEMPLOYED"));

  for (const branch of branches) {
    const full = branch.members.filter((p) => p.status === "FULL");
    branch.hasCommittee = full.length >= 7;
    let pool = branch.members.filter((p) => isCandidate(p, true));
    if (pool.length < 5) pool = [...pool, ...branch.members.filter((p) => isCandidate(p, false) && !pool.includes(p))];
    if (pool.length === 0) pool = full;
    // Secretaries tend to be cadres in their prime: prefer on-duty members aged 35–60.
    const ranked = pool
      .map((p) => ({
        p,
        score: structure.next() + (p.category === "ON_DUTY" ? 0.6 : 0) + (p.age >= 35 && p.age <= 60 ? 0.4 : 0),
      }))
      .sort((a, b) => b.score - a.score)
      .map(({ p }) => p);
    const size = !branch.hasCommittee
      ? 1
      : full.length >= 30
        ? 5
        : full.length >= 15
          ? structure.int(4, 5)
          : structure.int(3, 4);
    branch.committee = ranked.slice(0, Math.min(size, ranked.length));
    for (const p of branch.committee) if (!p.phone) p.phone = uniquePhone();

    if (branch.groups.length > 0) {
      const shuffled = structure.shuffle(branch.members);
      shuffled.forEach((p, i) => {
        const group = must(branch.groups[i % branch.groups.length], "group");
        group.members.push(p);
        p.group = group;
      });
      const secretary = must(branch.committee[0], "secretary");
      for (const group of branch.groups) {
        const candidates = group.members.filter((p) => p !== secretary && isCandidate(p, false));
        group.leader = candidates.length > 0 ? structure.pick(candidates) : null;
        if (group.leader && !group.leader.phone) group.leader.phone = uniquePhone();
      }
    }
    branch.presentRate = life.float(0.88, 0.95);
    branch.leaveRate = 0.05;
    if (branch.key === SPECIAL.lowAttendance) {
      branch.presentRate = 0.6;
      branch.leaveRate = 0.08;
    }
  }

  for (const general of generalBranches) {
    const [first, second] = general.children;
    const firstSecretary = must(first?.committee[0], "general branch secretary");
    const secondSecretary = must(second?.committee[0], "sub-branch secretary");
    const others = general.children
      .flatMap((c) => c.committee.slice(1))
      .filter((p) => p !== firstSecretary && p !== secondSecretary);
    general.committee = [firstSecretary, secondSecretary, ...structure.sample(others, 1)];
  }
}

/** The demo logins on generated members, the lost-contact member and the arrears of the weak branch. */
export function placeDemoPeople(b: Build, tree: Tree, registry: Registry): DemoPeople {
  const { money, months } = b;
  const { branches, branchByKey } = tree;
  const { memberNos, phones, idNumbers, uniqueIdNumber } = registry;
  const applyIdentity = (
    p: Person,
    identity: { displayName: string; memberNo: string; gender: Gender; phone?: string },
  ): void => {
    memberNos.delete(p.memberNo);
    p.name = identity.displayName;
    p.memberNo = identity.memberNo;
    if (p.gender !== identity.gender) {
      p.gender = identity.gender;
      idNumbers.delete(p.idNumber);
      p.idNumber = uniqueIdNumber(p.branch.county, p.birthDate, p.gender);
    }
    if (identity.phone) {
      if (p.phone) phones.delete(p.phone);
      p.phone = identity.phone;
    }
  };
  const ordinaryFull = (branch: BranchState, prefer: (p: Person) => boolean): Person => {
    const leaders = new Set(branch.groups.map((g) => g.leader));
    const candidates = branch.members.filter(
      (p) => p.status === "FULL" && !branch.committee.includes(p) && !leaders.has(p),
    );
    return must(candidates.find(prefer) ?? candidates[0], `ordinary member of ${branch.spec.name}`);
  };
  const demoIdentity = (key: DemoAccountKey) => {
    const account = DEMO_ACCOUNTS[key];
    return {
      displayName: account.displayName,
      memberNo: must(account.memberNo, `${key} memberNo`),
      gender: account.gender,
      phone: account.phone,
    };
  };

  const branchA = must(branchByKey.get(SPECIAL.branchA), "branch A");
  const demoSecretary = must(branchA.committee[0], "branch A secretary");
  applyIdentity(demoSecretary, demoIdentity("secretary"));
  const demoMember = ordinaryFull(
    branchA,
    (p) => (p.category === "FARMER" || p.category === "ON_DUTY") && p.age >= 30 && p.age <= 55,
  );
  applyIdentity(demoMember, demoIdentity("member"));
  const townshipAgency = must(branchByKey.get(SPECIAL.townshipAgency), "township agency branch");
  const demoTownship = ordinaryFull(townshipAgency, (p) => p.category === "ON_DUTY" && p.age <= 50);
  applyIdentity(demoTownship, demoIdentity("township"));

  const lostBranch = must(branchByKey.get(SPECIAL.lostContact), "lost-contact branch");
  const lostMember = ordinaryFull(lostBranch, (p) => p.category === "MOBILE" && !!p.phone);
  applyIdentity(lostMember, {
    displayName: DEMO_LOST_CONTACT_MEMBER.name,
    memberNo: DEMO_LOST_CONTACT_MEMBER.memberNo,
    gender: "MALE",
  });
  // Pays month by month, so the ledger stops exactly when contact was lost.
  lostMember.paysQuarterly = false;
  const lostMonth = must(months[SEEDED_MONTHS - 7], "lost-contact month");
  lostMember.lostContactSince = utcDate(lostMonth.year, lostMonth.month, 3);
  lostMember.unpaidFrom = lostMonth.index;

  const arrearsBranch = must(branchByKey.get(SPECIAL.duesArrears), "arrears branch");
  const arrearsCandidates = arrearsBranch.members.filter((p) => !arrearsBranch.committee.includes(p));
  for (const p of money.sample(arrearsCandidates, Math.round(arrearsBranch.members.length * 0.3))) {
    p.unpaidFrom = SEEDED_MONTHS - 5;
  }

  const allPeople = branches.flatMap((b) => b.members);
  return { branchA, demoTownship, allPeople };
}

/** The member rows. */
export function memberRows(b: Build, demo: DemoPeople): void {
  const { rows } = b;
  const { allPeople } = demo;
  for (const p of allPeople) {
    rows.members.push({
      id: p.id,
      memberNo: p.memberNo,
      name: p.name,
      gender: p.gender,
      birthDate: p.birthDate,
      ethnicity: p.ethnicity,
      idNumber: p.idNumber,
      phone: p.phone,
      education: p.education,
      workUnit: p.workUnit,
      status: p.status,
      category: p.category,
      joinedOn: p.joinedOn,
      fullMemberOn: p.fullMemberOn,
      branchId: p.branch.org.id,
      partyGroupId: p.group?.org.id ?? null,
      lostContact: p.lostContactSince !== null,
      lostContactSince: p.lostContactSince,
    });
  }
}
