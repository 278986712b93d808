// Chinese text of the demo region: meeting topics, leave reasons and the party
// school catalogue. Everything a user reads is zh-CN; identifiers stay English.
import type { LinkType, MeetingType } from "@dangjian/db";

/** Theme day topic by calendar month (index 0 = January). */
export const THEME_DAY_TOPICS: readonly string[] = [
  "新春送温暖 走访慰问困难党员和老党员",
  "学习贯彻中央一号文件精神 谋划春耕生产",
  "学雷锋志愿服务月 争做新时代雷锋传人",
  "清明祭英烈 缅怀革命先烈",
  "弘扬劳动精神 争当岗位先锋",
  "党纪学习教育专题学习",
  "庆祝中国共产党成立纪念日 重温入党誓词",
  "学习《中国共产党章程》总纲 增强党章意识",
  "全民国家安全教育和保密知识学习",
  "喜迎国庆 开展爱国主义教育",
  "冬季森林防火和平安建设宣传",
  "学习宣传宪法 增强法治观念",
];

export const COMMITTEE_TOPICS: readonly string[] = [
  "研究本月主题党日活动安排",
  "通报党费收缴情况 研究困难党员帮扶",
  "研究入党积极分子培养考察工作",
  "研究村级集体经济发展项目",
  "分析党员队伍思想状况 安排谈心谈话",
  "研究党员志愿服务岗位设置",
  "研究落实上级党委工作部署",
  "研究“三会一课”计划和党课安排",
  "讨论支部年度工作计划执行情况",
  "研究党员联系服务群众工作",
];

export const GROUP_TOPICS: readonly string[] = [
  "学习《习近平谈治国理政》第四卷选读",
  "交流学习党的二十大报告心得",
  "学习《中国共产党纪律处分条例》案例",
  "讨论党员联系户走访情况",
  "学习时事政策 讨论本组重点工作",
  "收集群众意见建议 研究为民办事清单",
  "学习身边优秀党员先进事迹",
  "开展批评和自我批评 查找差距不足",
];

/** Branch assembly topic by calendar quarter (index 0 = Q1). */
export const ASSEMBLY_TOPICS: readonly string[] = [
  "讨论通过支部年度工作计划 确定入党积极分子",
  "预备党员转正表决 审议发展对象",
  "通报支部上半年工作 部署下半年任务",
  "审议支部年度工作总结 推选优秀共产党员",
];

export const LECTURE_TOPICS: readonly string[] = [
  "书记讲党课：以中国式现代化全面推进中华民族伟大复兴",
  "书记讲党课：严守党的纪律 筑牢廉洁防线",
  "专题党课：弘扬伟大建党精神",
  "书记讲党课：抓党建促乡村振兴",
  "专题党课：做新时代合格党员",
  "书记讲党课：践行全心全意为人民服务的根本宗旨",
  "专题党课：学习《中国共产党支部工作条例（试行）》",
  "书记讲党课：发扬斗争精神 增强斗争本领",
];

export const JOINT_TOPICS: Readonly<Record<LinkType, readonly string[]>> = {
  VILLAGE_VILLAGE: ["村村联建 共商产业发展", "两村党员联合开展人居环境整治", "村村联建农技培训会"],
  VILLAGE_ENTERPRISE: ["村企联建 助农增收产销对接会", "村企联建直播带货助农活动", "企业党员进村技术指导"],
  VILLAGE_COMMUNITY: ["村社联建 农产品进社区", "村社党员联合志愿服务"],
  VILLAGE_AGENCY: ["机关党员进村 为民办实事", "村机联建政策宣讲"],
  ENTERPRISE_ENTERPRISE: ["企企联建 党建业务交流"],
  COMMUNITY_COBUILD: ["共驻共建 联合开展文明城市创建", "共驻共建 关爱独居老人志愿服务", "共驻共建 联合主题党日"],
  SECTOR_HUB: ["行业统建 党建工作交流"],
  PAIRING: ["结对共建 送教进村", "结对共建 关爱留守儿童", "结对共建 安全知识进村"],
  CROSS_REGION: ["跨域联建 互学互鉴交流会", "跨域联建 产销对接洽谈"],
};

export const PLANNED_TOPICS: Readonly<Partial<Record<MeetingType, readonly string[]>>> = {
  BRANCH_ASSEMBLY: ["讨论发展党员工作 确定发展对象", "通报支部工作 征求党员意见建议"],
  PARTY_LECTURE: ["书记讲党课：学习贯彻党的创新理论", "专题党课：加强作风建设 密切联系群众"],
  COMMITTEE_MEETING: ["研究年度组织生活会和民主评议党员准备工作", "研究冬季困难党员群众走访慰问"],
};

export const LEAVE_REASONS: readonly string[] = [
  "外出务工",
  "身体不适，在家休养",
  "住院治疗",
  "家中有事",
  "出差",
  "照顾生病家人",
  "农忙抢收",
  "单位值班",
  "参加上级培训",
  "陪护老人就医",
  "孩子生病",
];

export const VOLUNTEER_NOTES: readonly string[] = [
  "开展村庄人居环境整治，清理垃圾死角",
  "走访慰问独居老人，帮助打扫卫生",
  "开展反诈宣传，发放宣传资料",
  "参与森林防火巡查",
  "开展义务理发和健康义诊",
  "为群众代办医保、社保业务",
];

export const MOBILE_WORKPLACES: readonly string[] = [
  "外出务工（昆明市）",
  "外出务工（广东省东莞市）",
  "外出务工（浙江省义乌市）",
  "外出务工（上海市）",
  "外出务工（玉溪市）",
  "外出务工（福建省晋江市）",
];

export const UNIVERSITIES: readonly string[] = [
  "云南大学",
  "云南师范大学",
  "昆明理工大学",
  "云南农业大学",
  "玉溪师范学院",
];

export interface LessonText {
  title: string;
  kind: "READING" | "VIDEO";
  body?: string;
  durationSec?: number;
}

export interface CourseText {
  title: string;
  category: "理论学习" | "党规党纪" | "党史学习" | "业务能力" | "乡村振兴";
  summary: string;
  lessons: readonly LessonText[];
}

/** The party school catalogue: video lessons have no asset yet (uploaded later by the school admin). */
export const COURSES: readonly CourseText[] = [
  {
    title: "学习贯彻党的二十大精神",
    category: "理论学习",
    summary: "系统学习党的二十大报告的主题、主要成果和重大部署，把握新时代新征程党的使命任务。",
    lessons: [
      {
        title: "党的二十大的主题",
        kind: "READING",
        body: "党的二十大的主题是：高举中国特色社会主义伟大旗帜，全面贯彻新时代中国特色社会主义思想，弘扬伟大建党精神，自信自强、守正创新，踔厉奋发、勇毅前行，为全面建设社会主义现代化国家、全面推进中华民族伟大复兴而团结奋斗。学习时要把握主题的整体性，联系本支部、本岗位实际谈认识、找差距。",
      },
      { title: "以中国式现代化全面推进中华民族伟大复兴", kind: "VIDEO", durationSec: 120 },
      {
        title: "新时代十年的伟大变革",
        kind: "READING",
        body: "新时代十年，我们经历了对党和人民事业具有重大现实意义和深远历史意义的三件大事：迎来中国共产党成立一百周年，中国特色社会主义进入新时代，完成脱贫攻坚、全面建成小康社会的历史任务，实现第一个百年奋斗目标。",
      },
      { title: "坚定不移全面从严治党", kind: "VIDEO", durationSec: 1500 },
    ],
  },
  {
    title: "新时代党的创新理论专题学习",
    category: "理论学习",
    summary: "围绕以人民为中心的发展思想、新发展理念和总体国家安全观开展专题学习。",
    lessons: [
      { title: "坚持以人民为中心的发展思想", kind: "VIDEO", durationSec: 1620 },
      { title: "完整准确全面贯彻新发展理念", kind: "VIDEO", durationSec: 1740 },
      {
        title: "新发展理念的内涵",
        kind: "READING",
        body: "新发展理念是创新、协调、绿色、开放、共享的发展理念。创新注重解决发展动力问题，协调注重解决发展不平衡问题，绿色注重解决人与自然和谐问题，开放注重解决发展内外联动问题，共享注重解决社会公平正义问题。",
      },
      { title: "坚持总体国家安全观", kind: "VIDEO", durationSec: 1380 },
      {
        title: "学习小结：结合岗位谈落实",
        kind: "READING",
        body: "请结合本人岗位职责，围绕“学了什么、悟到什么、准备做什么”三个问题，梳理学习体会，在党小组会上交流发言。",
      },
    ],
  },
  {
    title: "《中国共产党纪律处分条例》解读",
    category: "党规党纪",
    summary:
      "解读2023年修订的《中国共产党纪律处分条例》，明确政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律的具体要求。",
    lessons: [
      {
        title: "条例修订的背景和意义",
        kind: "READING",
        body: "2023年12月，中共中央印发修订后的《中国共产党纪律处分条例》，自2024年1月1日起施行。条例坚持问题导向，把党的十九大以来全面从严治党的新鲜经验转化为纪律规范，为加强党的纪律建设提供了基本遵循。",
      },
      { title: "六项纪律逐条解读", kind: "VIDEO", durationSec: 2400 },
      {
        title: "违反廉洁纪律的常见情形",
        kind: "READING",
        body: "常见情形包括：违规收受礼品礼金、违规操办婚丧喜庆事宜、利用职权为亲友谋利、违规占用公物等。党员干部要算好政治账、经济账、家庭账，守住拒腐防变的底线。",
      },
      { title: "基层典型案例剖析", kind: "VIDEO", durationSec: 1800 },
    ],
  },
  {
    title: "《中国共产党支部工作条例（试行）》学习",
    category: "党规党纪",
    summary: "学习党支部的基本任务、组织设置、组织生活制度和工作机制，规范开展“三会一课”。",
    lessons: [
      {
        title: "党支部的基本任务",
        kind: "READING",
        body: "党支部是党的基础组织，是党组织开展工作的基本单元，是党在社会基层组织中的战斗堡垒，是党的全部工作和战斗力的基础，担负直接教育党员、管理党员、监督党员和组织群众、宣传群众、凝聚群众、服务群众的职责。",
      },
      {
        title: "“三会一课”制度",
        kind: "READING",
        body: "党支部应当组织党员按期参加党员大会、党小组会和上党课，定期召开支部委员会会议。党员大会一般每季度召开1次，支部委员会会议一般每月召开1次，党小组会一般每月召开1次，党课应当针对党员思想和工作实际，回应普遍关心的问题。",
      },
      { title: "主题党日和组织生活会规范", kind: "VIDEO", durationSec: 90 },
    ],
  },
  {
    title: "中国共产党简史专题",
    category: "党史学习",
    summary: "回顾党的百年奋斗历程，学习伟大建党精神，从党的历史中汲取智慧和力量。",
    lessons: [
      { title: "开天辟地：中国共产党的成立", kind: "VIDEO", durationSec: 150 },
      { title: "星火燎原：新民主主义革命时期", kind: "VIDEO", durationSec: 2100 },
      {
        title: "改革开放和社会主义现代化建设新时期",
        kind: "READING",
        body: "1978年党的十一届三中全会实现了新中国成立以来党的历史上具有深远意义的伟大转折，开启了改革开放和社会主义现代化建设新时期，党领导人民成功开创了中国特色社会主义。",
      },
      { title: "新时代的历史性成就和历史性变革", kind: "VIDEO", durationSec: 1950 },
      {
        title: "伟大建党精神",
        kind: "READING",
        body: "伟大建党精神是：坚持真理、坚守理想，践行初心、担当使命，不怕牺牲、英勇斗争，对党忠诚、不负人民。这是中国共产党的精神之源。",
      },
    ],
  },
  {
    title: "党支部书记工作实务",
    category: "业务能力",
    summary: "面向支部书记和支委：开好支委会和党员大会、发展党员、党费收缴和组织关系转接的操作要点。",
    lessons: [
      { title: "如何开好支委会和支部党员大会", kind: "VIDEO", durationSec: 1560 },
      {
        title: "发展党员工作流程",
        kind: "READING",
        body: "发展党员工作分为五个阶段二十五个步骤：入党申请人的确定、入党积极分子的确定和培养教育、发展对象的确定和考察、预备党员的接收、预备党员的教育考察和转正。每个步骤都要严格程序、留存记录。",
      },
      {
        title: "党费收缴、使用和管理",
        kind: "READING",
        body: "党员应当按月交纳党费。在职党员以每月工资收入（税后）为基数，3000元以下（含3000元）交纳0.5%，3000元以上至5000元（含5000元）交纳1%，5000元以上至10000元（含10000元）交纳1.5%，10000元以上交纳2%。离退休党员5000元以下（含5000元）交纳0.5%，5000元以上交纳1%。农民党员每月交纳0.2元至1元。",
      },
      { title: "党员组织关系转接", kind: "VIDEO", durationSec: 100 },
    ],
  },
  {
    title: "乡村振兴战略与基层党建",
    category: "乡村振兴",
    summary: "把握乡村振兴总要求，发挥村党组织在产业发展、乡村治理中的领导作用。",
    lessons: [
      {
        title: "乡村振兴的总要求",
        kind: "READING",
        body: "实施乡村振兴战略，总要求是产业兴旺、生态宜居、乡风文明、治理有效、生活富裕。村党组织要发挥领导作用，把党员培养成致富带头人，把致富带头人中的优秀分子培养成党员。",
      },
      { title: "发展壮大村级集体经济", kind: "VIDEO", durationSec: 1740 },
      { title: "抓党建促乡村振兴典型经验", kind: "VIDEO", durationSec: 1320 },
    ],
  },
  {
    title: "农村电商与农产品品牌建设",
    category: "乡村振兴",
    summary: "面向农村党员和致富带头人：直播带货入门、物流配送和农产品品牌打造。",
    lessons: [
      { title: "农产品直播带货入门", kind: "VIDEO", durationSec: 1440 },
      { title: "农村电商物流与冷链配送", kind: "VIDEO", durationSec: 1200 },
    ],
  },
];

/** Added after the catalogue above (so that its ids stay as they were): how to use the school. */
export const INTRO_COURSES: readonly CourseText[] = [
  {
    title: "网上党校入门：平台使用与学习方法",
    category: "业务能力",
    summary: "第一次使用网上党校的党员必学：怎样找课程、看视频、记学时、参加考试，以及手机上学习的小技巧。",
    lessons: [
      {
        title: "怎样在网上党校找到课程",
        kind: "READING",
        body: "在页面顶部的搜索框输入课程名称的几个字即可查找，也可以输入拼音首字母，例如输入 wsdx 查找网上党校。按类别浏览课程目录同样可以找到需要的课程。",
      },
      { title: "学时怎样计算", kind: "VIDEO", durationSec: 600 },
    ],
  },
];
