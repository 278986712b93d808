// The blueprint of the demo region 江川市 (fictional; region codes shaped like GB/T 2260):
// 1 city committee → 3 county committees → 8 township committees → 33 branches (one general
// branch with two sub-branches, two joint branches) → party groups under the larger branches.
import type { LinkType, OrgSector, OrgSetup } from "@dangjian/db";
import {
  DEMO_BRANCH_NAME,
  DEMO_COUNTY_NAME,
  DEMO_ISOLATED_BRANCH_NAME,
  DEMO_LOST_CONTACT_MEMBER,
  DEMO_OTHER_BRANCH_NAME,
  DEMO_ROOT,
  DEMO_STALE_BRIDGE,
  DEMO_TOWNSHIP_AGENCY_BRANCH_NAME,
  DEMO_TOWNSHIP_NAME,
  DEMO_WEAK_BRANCHES,
} from "./demo-accounts.ts";

export interface BranchSpec {
  readonly key: string;
  readonly name: string;
  readonly shortName: string;
  readonly kind: "BRANCH" | "JOINT_BRANCH";
  readonly sector: OrgSector;
  readonly setup?: OrgSetup;
  /** members, probationary included */
  readonly size: number;
  /** number of party groups (党小组) */
  readonly groups?: number;
  /** where it meets */
  readonly place: string;
  /** work unit of its on-duty members */
  readonly workUnit: string;
}

export interface GeneralBranchSpec {
  readonly key: string;
  readonly name: string;
  readonly shortName: string;
  readonly kind: "GENERAL_BRANCH";
  readonly sector: OrgSector;
  readonly place: string;
  readonly children: readonly BranchSpec[];
}

export interface TownshipSpec {
  readonly key: string;
  readonly name: string;
  readonly shortName: string;
  readonly regionCode: string;
  readonly seat: string;
  readonly branches: readonly (BranchSpec | GeneralBranchSpec)[];
}

export interface CountySpec {
  readonly key: string;
  readonly name: string;
  readonly shortName: string;
  readonly regionCode: string;
  readonly townships: readonly TownshipSpec[];
}

export interface LinkSpec {
  readonly a: string;
  readonly b: string;
  readonly type: LinkType;
  readonly agreement: string;
  /** the stale bridge: one joint activity about 9 months ago, none since */
  readonly stale?: boolean;
}

const village = (key: string, name: string, size: number, groups = 0, setup?: OrgSetup): BranchSpec => ({
  key,
  name: `中共${name}支部委员会`,
  shortName: `${name}党支部`,
  kind: "BRANCH",
  sector: "VILLAGE",
  ...(setup ? { setup } : {}),
  size,
  ...(groups ? { groups } : {}),
  place: `${name}党群服务中心会议室`,
  workUnit: `${name}村民委员会`,
});

const community = (key: string, name: string, size: number, groups = 0, seat = name): BranchSpec => ({
  key,
  name: `${name}党支部`,
  shortName: `${name}党支部`,
  kind: "BRANCH",
  sector: "COMMUNITY",
  size,
  ...(groups ? { groups } : {}),
  place: `${seat}党群服务站`,
  workUnit: `${seat}居民委员会`,
});

const unit = (
  key: string,
  name: string,
  sector: OrgSector,
  size: number,
  place: string,
  workUnit: string,
  extra: { kind?: "BRANCH" | "JOINT_BRANCH"; setup?: OrgSetup; shortName?: string; groups?: number } = {},
): BranchSpec => ({
  key,
  name,
  shortName: extra.shortName ?? name.replace(/^中共/, ""),
  kind: extra.kind ?? "BRANCH",
  sector,
  ...(extra.setup ? { setup: extra.setup } : {}),
  size,
  ...(extra.groups ? { groups: extra.groups } : {}),
  place,
  workUnit,
});

export const REGION = {
  name: DEMO_ROOT.name,
  shortName: DEMO_ROOT.shortName,
  regionCode: DEMO_ROOT.regionCode,
  seat: "江川市",
  counties: [
    {
      key: "linxi",
      name: DEMO_COUNTY_NAME,
      shortName: "临溪县委",
      regionCode: "530421",
      townships: [
        {
          key: "hekou",
          name: DEMO_TOWNSHIP_NAME,
          shortName: "河口镇党委",
          regionCode: "530421101",
          seat: "临溪县河口镇",
          branches: [
            unit(
              "hk-agency",
              DEMO_TOWNSHIP_AGENCY_BRANCH_NAME,
              "AGENCY",
              18,
              "河口镇人民政府三楼会议室",
              "河口镇人民政府",
              {
                shortName: "河口镇机关党支部",
              },
            ),
            village("hk-hekou", "河口村", 38, 3),
            village("hk-baishu", "柏树村", 26, 2),
            unit("hk-tea", "云岭茶业有限公司党支部", "ENTERPRISE", 12, "云岭茶业党员活动室", "临溪县云岭茶业有限公司"),
            unit("hk-school", "河口镇中心学校党支部", "SCHOOL", 15, "河口镇中心学校会议室", "河口镇中心学校"),
          ],
        },
        {
          key: "liuping",
          name: "中共柳坪乡委员会",
          shortName: "柳坪乡党委",
          regionCode: "530421201",
          seat: "临溪县柳坪乡",
          branches: [
            village("lp-liuping", "柳坪村", 30, 2),
            village("lp-daying", "大营村", 22),
            unit("lp-hospital", "柳坪乡卫生院党支部", "HOSPITAL", 9, "柳坪乡卫生院会议室", "柳坪乡卫生院"),
            unit("lp-joint", "柳坪乡非公企业联合党支部", "TWO_NEW", 5, "柳坪乡党群服务中心", "柳坪乡非公有制企业", {
              kind: "JOINT_BRANCH",
            }),
          ],
        },
        {
          key: "xinqiao",
          name: "中共新桥镇委员会",
          shortName: "新桥镇党委",
          regionCode: "530421102",
          seat: "临溪县新桥镇",
          branches: [
            {
              key: "xq-general",
              name: "中共新桥社区总支部委员会",
              shortName: "新桥社区党总支",
              kind: "GENERAL_BRANCH",
              sector: "COMMUNITY",
              place: "新桥社区党群服务中心",
              children: [
                community("xq-c1", "新桥社区第一", 20, 0, "新桥社区"),
                community("xq-c2", "新桥社区第二", 24, 2, "新桥社区"),
              ],
            },
            unit(
              "xq-logistics",
              "新桥镇快递物流行业党支部",
              "TWO_NEW",
              10,
              "新桥镇快递物流园党员之家",
              "新桥镇快递物流园",
            ),
          ],
        },
      ],
    },
    {
      key: "qinglan",
      name: "中共青岚县委员会",
      shortName: "青岚县委",
      regionCode: "530422",
      townships: [
        {
          key: "qinglanzhen",
          name: "中共青岚镇委员会",
          shortName: "青岚镇党委",
          regionCode: "530422101",
          seat: "青岚县青岚镇",
          branches: [
            community("ql-qinglan", "青岚社区", 28, 2),
            community("ql-wenchang", "文昌社区", 16),
            unit("ql-hospital", "青岚镇卫生院党支部", "HOSPITAL", 11, "青岚镇卫生院会议室", "青岚镇卫生院"),
            unit(
              "ql-mobile",
              DEMO_LOST_CONTACT_MEMBER.branchName,
              "OTHER",
              20,
              "青岚镇党群服务中心",
              "青岚镇党群服务中心",
              {
                setup: "MOBILE_MEMBERS",
              },
            ),
            unit("ql-youth", "青岚镇青春创业党支部", "TWO_NEW", 10, "青岚镇青年创业园", "青岚镇青年创业园", {
              setup: "YOUTH",
            }),
          ],
        },
        {
          key: "shimen",
          name: "中共石门乡委员会",
          shortName: "石门乡党委",
          regionCode: "530422201",
          seat: "青岚县石门乡",
          branches: [
            village("sm-shimen", "石门村", 34, 2),
            village("sm-baxin", "坝心村", 18),
            village("sm-xiaohe", "小河村", 14),
            unit("sm-school", "石门乡中心小学党支部", "SCHOOL", 9, "石门乡中心小学会议室", "石门乡中心小学"),
            unit("sm-agency", "石门乡机关党支部", "AGENCY", 15, "石门乡人民政府会议室", "石门乡人民政府"),
          ],
        },
      ],
    },
    {
      key: "chenghu",
      name: "中共澄湖区委员会",
      shortName: "澄湖区委",
      regionCode: "530402",
      townships: [
        {
          key: "hubin",
          name: "中共湖滨街道工作委员会",
          shortName: "湖滨街道党工委",
          regionCode: "530402001",
          seat: "澄湖区湖滨街道",
          branches: [
            community("hb-hubin", "湖滨社区", 26, 2),
            community("hb-haiyan", "海晏社区", 19),
            unit("hb-school", "澄湖区实验中学党支部", "SCHOOL", 16, "澄湖区实验中学行政楼会议室", "澄湖区实验中学"),
            unit("hb-agency", "湖滨街道机关党支部", "AGENCY", 14, "湖滨街道办事处会议室", "湖滨街道办事处"),
          ],
        },
        {
          key: "longquan",
          name: "中共龙泉街道工作委员会",
          shortName: "龙泉街道党工委",
          regionCode: "530402002",
          seat: "澄湖区龙泉街道",
          branches: [
            community("lq-longquan", "龙泉社区", 22),
            unit(
              "lq-tech",
              "江川电子科技有限公司党支部",
              "ENTERPRISE",
              17,
              "江川电子党建活动中心",
              "江川电子科技有限公司",
              {
                setup: "FEATURED",
              },
            ),
            unit(
              "lq-health",
              "龙泉街道社区卫生服务中心党支部",
              "HOSPITAL",
              10,
              "社区卫生服务中心会议室",
              "龙泉街道社区卫生服务中心",
            ),
          ],
        },
        {
          key: "dongshan",
          name: "中共东山镇委员会",
          shortName: "东山镇党委",
          regionCode: "530402101",
          seat: "澄湖区东山镇",
          branches: [
            village("ds-dongshan", "东山村", 30, 2, "FEATURED"),
            village("ds-liyuan", "梨园村", 20),
            unit("ds-joint", "东山镇个体工商户联合党支部", "TWO_NEW", 6, "东山镇个体劳动者协会", "东山镇个体工商户", {
              kind: "JOINT_BRANCH",
            }),
            unit("ds-agency", DEMO_ISOLATED_BRANCH_NAME, "AGENCY", 12, "东山镇人民政府会议室", "东山镇人民政府"),
          ],
        },
      ],
    },
  ],
} as const satisfies {
  name: string;
  shortName: string;
  regionCode: string;
  seat: string;
  counties: readonly CountySpec[];
};

/** Branch keys with a special role in the demo (names in demo-accounts.ts). */
export const SPECIAL = {
  branchA: "hk-hekou",
  townshipAgency: "hk-agency",
  otherBranch: "hb-hubin",
  noRecentMeetings: "lp-daying",
  lowAttendance: "hb-haiyan",
  duesArrears: "sm-xiaohe",
  lostContact: "ql-mobile",
  isolated: "ds-agency",
} as const;

/** Lists the names the constants promise, so a test can check them against the blueprint. */
export const SPECIAL_NAMES: Record<keyof typeof SPECIAL, string> = {
  branchA: DEMO_BRANCH_NAME,
  townshipAgency: DEMO_TOWNSHIP_AGENCY_BRANCH_NAME,
  otherBranch: DEMO_OTHER_BRANCH_NAME,
  noRecentMeetings: DEMO_WEAK_BRANCHES.noRecentMeetings,
  lowAttendance: DEMO_WEAK_BRANCHES.lowAttendance,
  duesArrears: DEMO_WEAK_BRANCHES.duesArrears,
  lostContact: DEMO_LOST_CONTACT_MEMBER.branchName,
  isolated: DEMO_ISOLATED_BRANCH_NAME,
};

/**
 * Partnerships. Clusters: 临溪 {河口村, 云岭茶业, 柏树村, 河口镇中心学校, 柳坪村};
 * 青岚 {青岚社区, 文昌社区, 石门村, 坝心村}; 湖滨 {湖滨社区, 湖滨街道机关, 实验中学};
 * 龙泉–东山 {龙泉社区, 江川电子, 东山村, 梨园村}. The 河口村–石门村 tie is the only edge
 * between the first two clusters, and it has gone stale.
 */
export const LINKS: readonly LinkSpec[] = [
  {
    a: "hk-hekou",
    b: "hk-tea",
    type: "VILLAGE_ENTERPRISE",
    agreement:
      "村企双方共建茶叶种植示范基地，企业按保护价收购村民鲜叶，村党支部组织党员示范户推广绿色种植技术，每季度联合开展一次主题党日。",
  },
  {
    a: "hk-hekou",
    b: "hk-baishu",
    type: "VILLAGE_VILLAGE",
    agreement: "两村党支部联建共享农机合作社和冷链仓储设施，轮流承办党员培训，联合开展河道保洁和人居环境整治。",
  },
  {
    a: "hk-school",
    b: "hk-hekou",
    type: "PAIRING",
    agreement:
      "学校党支部与村党支部结对共建，党员教师每月到村开展留守儿童课业辅导，村党支部协助学校做好控辍保学和安全教育。",
  },
  {
    a: "lp-liuping",
    b: "hk-baishu",
    type: "VILLAGE_VILLAGE",
    agreement: "跨乡镇村村联建，共同发展烤烟和蔬菜产业，互派党员致富带头人交流经验，联合举办农技培训。",
  },
  {
    a: "ql-qinglan",
    b: "ql-wenchang",
    type: "COMMUNITY_COBUILD",
    agreement:
      "两社区党支部共驻共建，统筹使用党群服务阵地，联合组建党员志愿服务队，开展关爱独居老人和文明城市创建活动。",
  },
  {
    a: "sm-shimen",
    b: "sm-baxin",
    type: "VILLAGE_VILLAGE",
    agreement: "石门村、坝心村党支部联建，共同经营村级光伏项目和农产品合作社，收益按约定比例分配用于村级公益事业。",
  },
  {
    a: "sm-shimen",
    b: "ql-qinglan",
    type: "VILLAGE_COMMUNITY",
    agreement: "村社联建：社区为村里农产品开设便民销售点，村党支部组织党员为社区居民提供新鲜蔬菜直供服务。",
  },
  {
    a: "hb-hubin",
    b: "hb-agency",
    type: "COMMUNITY_COBUILD",
    agreement: "机关党员到社区报到，认领网格服务岗位，参与社区治理和矛盾纠纷排查化解，每月至少开展一次志愿服务。",
  },
  {
    a: "hb-hubin",
    b: "hb-school",
    type: "COMMUNITY_COBUILD",
    agreement: "学校与社区共驻共建，开放学校运动场地，联合开展青少年思想道德教育和假期托管服务。",
  },
  {
    a: "lq-longquan",
    b: "lq-tech",
    type: "COMMUNITY_COBUILD",
    agreement: "企业党支部与社区党支部共驻共建，企业提供就业岗位和技能培训，社区协助企业做好员工子女入学和住房服务。",
  },
  {
    a: "ds-dongshan",
    b: "lq-tech",
    type: "VILLAGE_ENTERPRISE",
    agreement: "村企联建发展花卉电商，企业派技术党员指导直播带货和物流配送，村党支部组织花农成立合作社统一供货。",
  },
  {
    a: "ds-dongshan",
    b: "ds-liyuan",
    type: "VILLAGE_VILLAGE",
    agreement: "东山村、梨园村党支部联建，共同打造“花果东山”乡村旅游线路，统一规划民宿和采摘园。",
  },
  {
    a: "hk-hekou",
    b: "sm-shimen",
    type: DEMO_STALE_BRIDGE.type,
    agreement: "跨县域联建：两村党支部互学互鉴集体经济发展经验，每半年互访一次，联合开展茶叶与高原特色农产品产销对接。",
    stale: true,
  },
];
