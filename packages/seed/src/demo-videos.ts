// The demo lessons that get a real video on the first `npm start` (issue 17, ADR 0804): the
// worker generates each with ffmpeg (a moving test pattern with a tone), uploads it through the
// administrator's upload use cases and captions it in Chinese; the ordinary transcode job does
// the rest. The seed gives these lessons their video's length and no seeded progress, so the
// demo member can watch them, be credited and resume.

export interface DemoVideoLesson {
  lessonTitle: string;
  seconds: number;
  /** ffmpeg lavfi test pattern and tone */
  pattern: "testsrc2" | "smptehdbars" | "rgbtestsrc";
  toneHz: number;
  /** what the captions say, in order, one cue each, spread over the video */
  lines: readonly string[];
}

const COMMON = [
  "本视频为演示课程视频：画面是测试图案，声音是提示音。",
  "学时按实际观看的时间计入，拖动进度条跳过的部分不计。",
  "中途离开也没关系，下次打开会从上次看到的位置继续。",
  "看完全部内容后，本课时即为已完成。",
];

export const DEMO_VIDEO_LESSONS: readonly DemoVideoLesson[] = [
  {
    lessonTitle: "以中国式现代化全面推进中华民族伟大复兴",
    seconds: 120,
    pattern: "testsrc2",
    toneHz: 440,
    lines: [
      "欢迎来到网上党校。",
      "本课学习：以中国式现代化全面推进中华民族伟大复兴。",
      "中国式现代化是人口规模巨大的现代化。",
      "是全体人民共同富裕的现代化。",
      "是物质文明和精神文明相协调的现代化。",
      "是人与自然和谐共生的现代化。",
      "是走和平发展道路的现代化。",
      ...COMMON,
    ],
  },
  {
    lessonTitle: "主题党日和组织生活会规范",
    seconds: 90,
    pattern: "smptehdbars",
    toneHz: 523,
    lines: [
      "本课学习：主题党日和组织生活会规范。",
      "主题党日每月固定开展一次。",
      "“三会一课”要按规定的周期召开。",
      "组织生活要有记录，做到一次录入、处处可见。",
      ...COMMON,
    ],
  },
  {
    lessonTitle: "开天辟地：中国共产党的成立",
    seconds: 150,
    pattern: "rgbtestsrc",
    toneHz: 392,
    lines: [
      "本课学习：开天辟地，中国共产党的成立。",
      "一九二一年七月，中国共产党第一次全国代表大会召开。",
      "大会后期转移到浙江嘉兴南湖的游船上继续举行。",
      "中国共产党的成立是开天辟地的大事变。",
      "从此，中国革命有了坚强的领导核心。",
      ...COMMON,
    ],
  },
  {
    lessonTitle: "党员组织关系转接",
    seconds: 100,
    pattern: "testsrc2",
    toneHz: 349,
    lines: [
      "本课学习：党员组织关系转接。",
      "党员工作单位或居住地变动，应及时转接组织关系。",
      "转出支部开具介绍信，接收支部及时办理接收。",
      "转接期间照常参加组织生活、按时交纳党费。",
      ...COMMON,
    ],
  },
];

const stamp = (s: number): string => {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${sec.toFixed(3).padStart(6, "0")}`;
};

/** WebVTT captions: the lines spread evenly over the video, each shown for most of its slot. */
export function demoCaptionsVtt(lesson: Pick<DemoVideoLesson, "seconds" | "lines">): string {
  const slot = lesson.seconds / lesson.lines.length;
  const cues = lesson.lines.map(
    (line, i) =>
      `${i + 1}\n${stamp(i * slot + 0.5)} --> ${stamp(Math.min(lesson.seconds, (i + 1) * slot - 0.2))}\n${line}`,
  );
  return `WEBVTT\n\n${cues.join("\n\n")}\n`;
}

export const isDemoVideoLesson = (title: string): boolean => DEMO_VIDEO_LESSONS.some((l) => l.lessonTitle === title);
