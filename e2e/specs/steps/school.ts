// User steps of the online party school, composable by other specs.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, login, queryDatabase } from "../support.ts";

/** Logs in to the school and waits until the session cookie is set (the home page is shown). */
export async function loginSchool(page: Page, who: keyof typeof DEMO_ACCOUNTS): Promise<void> {
  await login(page, "school", who);
  await expect(page).toHaveURL(/\/school\/?$/);
}

const work = mkdtempSync(path.join(tmpdir(), "dangjian-e2e-school-"));

/** A real video made by ffmpeg: testsrc picture and a sine tone. */
export function makeTestVideo(seconds = 30, size = "640x360"): string {
  const file = path.join(work, `testsrc-${seconds}s-${size}.mp4`);
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `testsrc=duration=${seconds}:size=${size}:rate=25`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:duration=${seconds}`,
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-shortest",
    file,
  ]);
  return file;
}

/** Bytes that only look like a video by their name (two upload parts: larger than 8 MiB). */
export function makeCorruptVideo(bytes = 9 * 1024 * 1024): string {
  const file = path.join(work, "corrupt.mp4");
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4096) data.write("这不是视频", i);
  writeFileSync(file, data);
  return file;
}

export async function adminCreatesCourse(page: Page, title: string): Promise<void> {
  await loginSchool(page, "schoolAdmin");
  await page.goto("/school/admin");
  const form = page.locator("form").filter({ has: page.locator('input[name="intent"][value="createCourse"]') });
  await form.getByLabel("课程名称").fill(title);
  await form.getByLabel("课程简介").fill("端到端测试课程");
  await form.getByRole("button", { name: "创建课程" }).click();
  await expect(page.getByText("已保存。")).toBeVisible();
}

export function courseCard(page: Page, title: string) {
  return page.locator("section.dj-card").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
}

export async function adminAddsVideoLesson(page: Page, courseTitle: string, lessonTitle: string): Promise<void> {
  const card = courseCard(page, courseTitle);
  await card.getByText("添加视频课时").click();
  await card.getByLabel("课时名称").fill(lessonTitle);
  await card.getByRole("button", { name: "添加", exact: true }).click();
  await expect(page.getByText("已保存。")).toBeVisible();
}

export function lessonUpload(page: Page, lessonTitle: string) {
  return page.locator(`[data-lesson-title="${lessonTitle}"]`);
}

/** Picks the file, uploads, and waits for the status to settle (READY or FAILED). */
export async function adminUploads(
  page: Page,
  lessonTitle: string,
  file: string,
  settle: "READY" | "FAILED" | null = "READY",
): Promise<void> {
  const section = lessonUpload(page, lessonTitle);
  // the upload runs in the browser: wait until the page is interactive
  await expect(section.locator("[data-hydrated]")).toHaveAttribute("data-hydrated", "true");
  await section.locator('input[type="file"]').setInputFiles(file);
  await section.getByRole("button", { name: "开始上传" }).click();
  if (settle)
    await expect(section.getByTestId("asset-status")).toHaveAttribute("data-status", settle, { timeout: 180_000 });
}

export async function adminAddsExam(page: Page, courseTitle: string, examTitle: string): Promise<void> {
  for (const stem of ["党员每年学习时间一般不少于32学时。", "党支部应当定期召开组织生活会。"]) {
    const card = courseCard(page, courseTitle);
    await card.getByText(/^题库/).click();
    await card.getByLabel("题型").selectOption("TRUE_FALSE");
    await card.getByLabel("题目", { exact: true }).fill(stem);
    await card.getByLabel("正确选项序号").fill("1");
    await card.getByRole("button", { name: "添加试题" }).click();
    await expect(page.getByText("已保存。")).toBeVisible();
  }
  const card = courseCard(page, courseTitle);
  await card.locator("summary").filter({ hasText: "发布考试" }).click();
  await card.getByLabel("考试名称").fill(examTitle);
  await card.getByLabel("题目数量").fill("2");
  await card.getByLabel("时间限制（分钟）").fill("10");
  await card.getByLabel("及格分数（百分制）").fill("100");
  await card.getByLabel("最多考试次数").fill("3");
  await card.getByRole("button", { name: "发布考试" }).click();
  await expect(page.getByText("已保存。")).toBeVisible();
}

export async function lessonIdByTitle(title: string): Promise<string> {
  const rows = await queryDatabase<{ id: string }>(
    `SELECT id FROM "Lesson" WHERE title = $1 ORDER BY id DESC LIMIT 1`,
    [title],
  );
  return rows[0]!.id;
}

export async function memberId(who: keyof typeof DEMO_ACCOUNTS = "member"): Promise<string> {
  const rows = await queryDatabase<{ memberId: string }>(
    `SELECT a."memberId" FROM "Account" a JOIN "Member" m ON m.id = a."memberId" WHERE m."memberNo" = $1`,
    [DEMO_ACCOUNTS[who].memberNo],
  );
  return rows[0]!.memberId;
}

/** What the server credited to the member in a lesson, read after the write-behind flush. */
export async function credited(
  lessonId: string,
  who: keyof typeof DEMO_ACCOUNTS = "member",
): Promise<{ coveredSec: number; creditSec: number; positionSec: number; completed: boolean }> {
  await new Promise((r) => setTimeout(r, 2000));
  const id = await memberId(who);
  const progress = await queryDatabase<{ coveredSec: number; positionSec: number; completedAt: Date | null }>(
    `SELECT "coveredSec", "positionSec", "completedAt" FROM "LessonProgress" WHERE "memberId" = $1 AND "lessonId" = $2`,
    [id, lessonId],
  );
  const credit = await queryDatabase<{ s: string | null }>(
    `SELECT sum(seconds)::text AS s FROM "StudyCredit" WHERE "memberId" = $1 AND "lessonId" = $2`,
    [id, lessonId],
  );
  return {
    coveredSec: progress[0]?.coveredSec ?? 0,
    positionSec: progress[0]?.positionSec ?? 0,
    completed: progress[0]?.completedAt != null,
    creditSec: Number(credit[0]?.s ?? 0),
  };
}

export async function memberOpensLesson(page: Page, courseTitle: string, lessonTitle: string): Promise<void> {
  await page.goto("/school/");
  await page.getByRole("link", { name: courseTitle }).click();
  await page.getByRole("link", { name: new RegExp(lessonTitle) }).click();
  await expect(page.getByTestId("lesson-video")).toHaveAttribute("data-state", "ready", { timeout: 20_000 });
}

/** Plays (muted, as a phone would allow) for about `seconds` of wall-clock time, then pauses. Returns the seconds really played. */
export async function memberWatches(page: Page, seconds: number): Promise<number> {
  const video = page.getByTestId("lesson-video");
  const start = await video.evaluate(async (v: HTMLVideoElement) => {
    v.muted = true;
    await v.play();
    return v.currentTime;
  });
  await page.waitForTimeout(seconds * 1000);
  const end = await video.evaluate((v: HTMLVideoElement) => {
    v.pause();
    return v.currentTime;
  });
  return end - start;
}
