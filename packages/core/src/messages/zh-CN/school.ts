// UI text for school. Keys are "school.name" (common: "app.*", "nav.*", "login.*").
export const school = {
  "school.homeTitle": "课程目录",
  "school.homeIntro": "选择一门课程开始学习。学时按实际学习计算。",
  "school.filterLabel": "按类别查看",
  "school.filterAll": "全部课程",
  "school.filterCount": "{category}（{count} 门）",
  "school.courseLessons": "{count} 个课时",
  "school.courseDuration": "约 {minutes} 分钟",
  "school.courseNoSummary": "暂无课程简介。",
  "school.emptyTitle": "暂无课程",
  "school.emptyMessage": "这个类别下还没有课程，请查看其他类别。",
  "school.emptyCatalogue": "课程正在准备中，请稍后再来。",
} as const;
