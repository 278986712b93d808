// The demo region's 区域化党建 lists: a few open needs (one waiting long enough for the open-needs
// weak spot, R1), resources of the hospitals, a school, an agency and a company, one project closed
// with the village's evaluation (on an existing partnership, its latest held joint activity) and one
// ordered resource at work. Built from the region's rows, deterministic, no new partnerships: the
// network's drawing, bridges and weak ties stay exactly as the other demo facts describe them.
import type { Prisma } from "@dangjian/db";
import type { DemoRegionRows } from "./build.ts";
import { DEMO_BRANCH_NAME, DEMO_REGIONAL } from "./demo-accounts.ts";

export { DEMO_REGIONAL };
import { Random } from "./random.ts";

const DAY_MS = 86_400_000;

export interface DemoRegionalRows {
  needs: Prisma.NeedCreateManyInput[];
  resources: Prisma.ResourceCreateManyInput[];
  projects: Prisma.ProjectCreateManyInput[];
  /** existing seeded joint activities that belong to a project */
  meetingProjects: Array<{ meetingId: string; projectId: string }>;
  communityReports: Prisma.CommunityReportCreateManyInput[];
  communityServices: Prisma.CommunityServiceCreateManyInput[];
  mobileRegistrations: Prisma.MobileRegistrationCreateManyInput[];
  mobileContacts: Prisma.MobileContactCreateManyInput[];
}

function regionalContext(rows: DemoRegionRows, referenceDate: Date) {
  const ids = new Random(0x5e_9107).fork("regional");
  const ref = referenceDate.getTime();
  const at = (days: number) => new Date(ref + days * DAY_MS);
  const day = (days: number) => {
    const d = at(days);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  };
  const org = (name: string) => {
    const found = rows.orgs.find((o) => o.name === name);
    if (!found?.id) throw new Error(`demo regional: no organisation ${name}`);
    return found;
  };
  const region = rows.orgs.find((o) => o.level === "CITY")!.id!;
  /** the branch secretary's account: the one who posts */
  const poster = (orgId: string) => {
    const grant = rows.roleGrants.find((g) => g.orgId === orgId && g.role === "BRANCH_SECRETARY");
    if (!grant) throw new Error(`demo regional: no secretary for ${orgId}`);
    return grant.accountId;
  };
  const out: DemoRegionalRows = {
    needs: [],
    resources: [],
    projects: [],
    meetingProjects: [],
    communityReports: [],
    communityServices: [],
    mobileRegistrations: [],
    mobileContacts: [],
  };

  const need = (orgName: string, n: Omit<Prisma.NeedCreateManyInput, "id" | "orgId" | "regionId" | "createdById">) => {
    const o = org(orgName);
    const row = { id: ids.uuid(), orgId: o.id!, regionId: region, createdById: poster(o.id!), ...n };
    out.needs.push(row);
    return row;
  };
  const resource = (
    orgName: string,
    r: Omit<Prisma.ResourceCreateManyInput, "id" | "orgId" | "regionId" | "createdById">,
  ) => {
    const o = org(orgName);
    const row = { id: ids.uuid(), orgId: o.id!, regionId: region, createdById: poster(o.id!), ...r };
    out.resources.push(row);
    return row;
  };
  const officers = new Set(rows.committeeRoles.map((r) => r.memberId));
  const demoNumbers = new Set(["DY00000001", "DY00000002", "DY00000003", "DY00000009"]);
  /** ordinary on-duty members of a branch, in member-number order (never a demo account's) */
  const ordinary = (orgName: string, count: number, categories: readonly string[] = ["ON_DUTY"]) => {
    const branchId = org(orgName).id!;
    return rows.members
      .filter(
        (m) =>
          m.branchId === branchId &&
          categories.includes(m.category) &&
          !officers.has(m.id!) &&
          !demoNumbers.has(m.memberNo),
      )
      .sort((a, b) => a.memberNo.localeCompare(b.memberNo))
      .slice(0, count);
  };
  return { rows, ids, at, day, org, region, poster, out, need, resource, ordinary };
}

type RegionalContext = ReturnType<typeof regionalContext>;

/** Needs waiting to be claimed, one of them long enough for R1. */
function openNeeds(c: RegionalContext) {
  const { day, at, need } = c;
  need(DEMO_REGIONAL.staleNeedBranchName, {
    title: DEMO_REGIONAL.staleNeedTitle,
    description:
      "村里 20 多户准备把承包地流转给花卉合作社，想请律师帮助审核合同条款，讲解流转期限、租金支付和土地用途等注意事项。",
    category: "LEGAL",
    place: "梨园村党群服务中心",
    wantedFrom: day(20),
    people: 2,
    createdAt: at(-45),
    updatedAt: at(-45),
  });
  need("湖滨社区党支部", {
    title: "独居老人上门探访",
    description: "社区有 37 位独居老人，希望驻区单位党员每周结对上门探访一次，帮助检查水电燃气安全。",
    category: "ELDER_CARE",
    place: "湖滨社区",
    wantedFrom: day(35),
    people: 10,
    createdAt: at(0.05),
    updatedAt: at(0.05),
  });
  need("中共柳坪村支部委员会", {
    title: "烤烟病虫害防治培训",
    description: "烤烟移栽前，请农技人员为种植户讲解病虫害绿色防控和科学用药。",
    category: "AGRI_TRAINING",
    place: "柳坪村党群服务中心会议室",
    wantedFrom: day(40),
    people: 2,
    createdAt: at(0.05),
    updatedAt: at(0.05),
  });
}

/** Resources on offer; answers the agency's legal advisers (ordered below). */
function offeredResources(c: RegionalContext) {
  const { at, resource } = c;
  resource(DEMO_REGIONAL.hospitalBranchName, {
    title: "卫生院党员义诊小分队",
    description: "内科、中医科党员医生和护士，可进村开展量血压、测血糖、慢病用药指导和健康讲座。",
    category: "MEDICAL",
    kind: "PEOPLE",
    limits: "每月最多 2 次，每次半天，需提前一周预约",
    capacity: 4,
    createdAt: at(-60),
    updatedAt: at(-60),
  });
  resource("青岚镇卫生院党支部", {
    title: "巡回义诊医生",
    description: "全科医生和公卫人员各一名，可到村（社区）开展巡回义诊和家庭医生签约服务。",
    category: "MEDICAL",
    kind: "PEOPLE",
    limits: "每季度 1 次",
    capacity: 2,
    createdAt: at(-50),
    updatedAt: at(-50),
  });
  resource("云岭茶业有限公司党支部", {
    title: "茶叶绿色种植技术员",
    description: "公司党员技术员可到村讲授茶园管护、病虫害绿色防控和鲜叶采摘标准。",
    category: "AGRI_TRAINING",
    kind: "SKILL",
    limits: "采茶季（3 月至 5 月）除外",
    capacity: 2,
    createdAt: at(-120),
    updatedAt: at(-120),
  });
  resource("澄湖区实验中学党支部", {
    title: "学校运动场周末开放",
    description: "周末和寒暑假向社区居民开放田径场和篮球场，可承办社区运动会。",
    category: "CULTURE",
    kind: "VENUE",
    limits: "周六、周日 8:00—18:00",
    createdAt: at(-90),
    updatedAt: at(-90),
  });
  return resource("湖滨街道机关党支部", {
    title: "机关法律顾问进社区",
    description: "街道司法所党员每月到社区坐班，提供婚姻家庭、劳动争议、物业纠纷等法律咨询。",
    category: "LEGAL",
    kind: "SKILL",
    limits: "每月第一个周三下午",
    capacity: 1,
    createdAt: at(-70),
    updatedAt: at(-70),
  });
}

/** A project closed with the village's evaluation, on the village–company partnership. */
function closedProject(c: RegionalContext) {
  const { rows, ids, at, day, org, region, poster, out, need } = c;
  const village = org(DEMO_BRANCH_NAME).id!;
  const company = org("云岭茶业有限公司党支部").id!;
  const joint = rows.meetings
    .filter(
      (m) =>
        m.type === "JOINT_ACTIVITY" &&
        m.status === "HELD" &&
        rows.meetingOrgs.some((mo) => mo.meetingId === m.id && mo.orgId === village) &&
        rows.meetingOrgs.some((mo) => mo.meetingId === m.id && mo.orgId === company),
    )
    .sort((a, b) => new Date(b.heldStart!).getTime() - new Date(a.heldStart!).getTime())[0];
  const teaNeed = need(DEMO_BRANCH_NAME, {
    title: "茶园冬季管护培训",
    description: "请企业技术员为党员示范户讲解茶园冬季修剪、施肥和防冻。",
    category: "AGRI_TRAINING",
    place: "河口村党群服务中心会议室",
    wantedFrom: day(-100),
    people: 2,
    status: "DONE",
    createdAt: at(-110),
    updatedAt: at(-30),
  });
  const closed = {
    id: ids.uuid(),
    regionId: region,
    title: `认领需求：${teaNeed.title}`,
    category: "AGRI_TRAINING" as const,
    holderOrgId: village,
    providerOrgId: company,
    needId: teaNeed.id,
    plan: "企业派两名党员技术员到村授课，并到示范户茶园现场指导。",
    status: (joint ? "CLOSED" : "ACTIVE") as "CLOSED" | "ACTIVE",
    createdById: poster(company),
    createdAt: at(-105),
    acceptedAt: at(-105),
    acceptedById: poster(company),
    closedAt: joint ? at(-30) : null,
    closedById: joint ? poster(village) : null,
    result: joint ? "培训党员示范户 26 人，现场指导茶园 8 块，冬季修剪面积 120 亩。" : null,
    rating: joint ? ("SATISFIED" as const) : null,
    ratingComment: joint ? "技术员讲得实在，示范户都学会了。" : null,
    updatedAt: at(-30),
  };
  if (!joint) teaNeed.status = "CLAIMED";
  out.projects.push(closed);
  if (joint) out.meetingProjects.push({ meetingId: joint.id!, projectId: closed.id });
}

/** An ordered resource at work: the community ordered the agency's legal advisers. */
function orderedResource(c: RegionalContext, legal: { id: string; title: string }) {
  const { ids, at, org, region, poster, out } = c;
  out.projects.push({
    id: ids.uuid(),
    regionId: region,
    title: `点单资源：${legal.title}`,
    category: "LEGAL",
    holderOrgId: org("湖滨社区党支部").id!,
    providerOrgId: org("湖滨街道机关党支部").id!,
    resourceId: legal.id,
    plan: "每月第一个周三下午在社区党群服务站坐班。",
    status: "ACTIVE",
    createdById: poster(org("湖滨社区党支部").id!),
    createdAt: at(-20),
    acceptedAt: at(-18),
    acceptedById: poster(org("湖滨街道机关党支部").id!),
    updatedAt: at(-18),
  });
}

/** 双报到: in-service members reported to the communities where they live. */
function dualReports(c: RegionalContext) {
  const { ids, at, day, org, poster, out, ordinary } = c;
  const report = (
    memberOrg: string,
    communityName: string,
    count: number,
    services: Array<{ days: number; hours: number; what: string }>,
  ) => {
    for (const m of ordinary(memberOrg, count)) {
      const id = ids.uuid();
      const reportedAt = at(-150);
      out.communityReports.push({
        id,
        memberId: m.id!,
        communityOrgId: org(communityName).id!,
        homeBranchId: m.branchId,
        status: "ACTIVE",
        reportedAt,
      });
      for (const s of services) {
        const served = day(s.days);
        out.communityServices.push({
          id: ids.uuid(),
          reportId: id,
          memberId: m.id!,
          communityOrgId: org(communityName).id!,
          servedOn: served,
          hours: s.hours,
          description: s.what,
          recordedById: poster(org(communityName).id!),
          createdAt: at(s.days),
        });
      }
    }
  };
  report("湖滨街道机关党支部", "湖滨社区党支部", 3, [
    { days: -60, hours: 2, what: "参加社区网格巡查，排查楼道堆物和消防通道" },
    { days: -25, hours: 3, what: "为独居老人上门送药、检查燃气安全" },
  ]);
  report("澄湖区实验中学党支部", "海晏社区党支部", 1, [{ days: -40, hours: 2, what: "周末为社区青少年辅导作业" }]);
  report("江川电子科技有限公司党支部", "龙泉社区党支部", 2, [{ days: -35, hours: 4, what: "社区电器义务维修" }]);
}

/** 流动党员: one away and received, one back home (history kept). */
function mobileMembers(c: RegionalContext) {
  const { ids, at, day, org, poster, out, ordinary } = c;
  const [away] = ordinary("中共柏树村支部委员会", 1, ["ON_DUTY", "FARMER", "MOBILE"]);
  const mobileBranch = org("青岚镇流动党员党支部").id!;
  if (away) {
    const id = ids.uuid();
    out.mobileRegistrations.push({
      id,
      memberId: away.id!,
      homeBranchId: away.branchId,
      receivingOrgId: mobileBranch,
      destination: "青岚镇工业园区建材厂",
      leftOn: day(-100),
      status: "ACCEPTED",
      createdById: poster(away.branchId),
      createdAt: at(-100),
      acceptedAt: at(-98),
      acceptedById: poster(mobileBranch),
    });
    for (const days of [-70, -40, -10])
      out.mobileContacts.push({
        id: ids.uuid(),
        registrationId: id,
        memberId: away.id!,
        kind: "CHECK_IN",
        at: at(days),
        recordedById: poster(away.branchId),
      });
  }
  const [back] = ordinary("中共柳坪村支部委员会", 1, ["ON_DUTY", "FARMER", "MOBILE"]);
  if (back) {
    const id = ids.uuid();
    const logistics = org("新桥镇快递物流行业党支部").id!;
    out.mobileRegistrations.push({
      id,
      memberId: back.id!,
      homeBranchId: back.branchId,
      receivingOrgId: logistics,
      destination: "新桥镇快递物流园分拣中心",
      leftOn: day(-240),
      status: "RETURNED",
      createdById: poster(back.branchId),
      createdAt: at(-240),
      acceptedAt: at(-238),
      acceptedById: poster(logistics),
      returnedOn: day(-60),
      returnedById: poster(back.branchId),
    });
    out.mobileContacts.push({
      id: ids.uuid(),
      registrationId: id,
      memberId: back.id!,
      kind: "NOTE",
      at: at(-150),
      note: "电话联系，在分拣中心上夜班，按时在流入地参加组织生活",
      recordedById: poster(back.branchId),
    });
  }
}

export function buildDemoRegional(rows: DemoRegionRows, options: { referenceDate: Date }): DemoRegionalRows {
  const c = regionalContext(rows, options.referenceDate);
  // the order matters: ids come from one deterministic sequence
  openNeeds(c);
  const legal = offeredResources(c);
  closedProject(c);
  orderedResource(c, legal);
  dualReports(c);
  mobileMembers(c);
  return c.out;
}
