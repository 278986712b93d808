// Lesson playback extras (issue 5, capability 4): WebVTT captions uploaded by the school admin
// reach the member's player, and a browser without HLS/MSE gets a clear message and no credit.
import { expect, test } from "@playwright/test";
import {
  adminAddsVideoLesson,
  adminCreatesCourse,
  adminUploads,
  credited,
  lessonIdByTitle,
  lessonUpload,
  loginSchool,
  makeTestVideo,
} from "./steps/school.ts";

test.use({ actionTimeout: 20_000, navigationTimeout: 30_000 });

const stamp = Date.now().toString(36);
const COURSE = `播放补充课程 ${stamp}`;
const CAPTIONED = `字幕课时 ${stamp}`;
const PLAIN = `无 MSE 课时 ${stamp}`;
const NO_MSE = "您的浏览器不支持在线播放视频（缺少 HLS/MSE 支持）。请使用较新版本的浏览器或手机自带浏览器。";
const CUE_TEXT = `同志们好，今天学习党章 ${stamp}`;

test.describe.serial("网上党校：字幕与不支持播放的浏览器", () => {
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(300_000);
    const page = await browser.newPage();
    const video = makeTestVideo(8);
    await adminCreatesCourse(page, COURSE);
    await adminAddsVideoLesson(page, COURSE, CAPTIONED);
    await adminAddsVideoLesson(page, COURSE, PLAIN);
    await adminUploads(page, CAPTIONED, video, "READY");
    await adminUploads(page, PLAIN, video, "READY");
    await page.close();
  });

  test("管理员上传 WebVTT 字幕，党员播放时看到字幕内容", async ({ page }) => {
    await loginSchool(page, "schoolAdmin");
    await page.goto("/school/admin");
    const section = lessonUpload(page, CAPTIONED);
    await section.getByText("上传字幕（WebVTT）").click();
    const vtt = `WEBVTT\n\n00:00:00.000 --> 00:00:06.000\n${CUE_TEXT}\n`;
    const form = section.locator("form").filter({ has: page.locator('input[name="vtt"]') });
    await form
      .locator('input[name="vtt"]')
      .setInputFiles({ name: "captions.vtt", mimeType: "text/vtt", buffer: Buffer.from(vtt) });
    await form.getByRole("button", { name: "开始上传" }).click();
    await expect(page.getByText("已保存。")).toBeVisible();

    await page.context().clearCookies();
    await loginSchool(page, "member");
    await page.goto(`/school/lessons/${await lessonIdByTitle(CAPTIONED)}`);
    const video = page.getByTestId("lesson-video");
    await expect(video).toHaveAttribute("data-state", "ready", { timeout: 20_000 });
    await expect(video.locator('track[kind="subtitles"], track[kind="captions"]')).toHaveCount(1);
    await expect
      .poll(
        () =>
          video.evaluate((v: HTMLVideoElement) =>
            Array.from(v.textTracks)
              .filter((track) => track.kind === "subtitles" || track.kind === "captions")
              .flatMap((track) => Array.from(track.cues ?? []).map((cue) => (cue as VTTCue).text)),
          ),
        { timeout: 20_000 },
      )
      .toContain(CUE_TEXT);
  });

  test("浏览器不支持 HLS/MSE 时显示明确提示，不计学时", async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      delete w.MediaSource;
      delete w.ManagedMediaSource;
      delete w.WebKitMediaSource;
      const canPlayType = HTMLMediaElement.prototype.canPlayType;
      HTMLMediaElement.prototype.canPlayType = function (type: string) {
        return /mpegurl/i.test(type) ? "" : canPlayType.call(this, type);
      };
    });
    const lessonId = await lessonIdByTitle(PLAIN);
    const before = await credited(lessonId);
    await loginSchool(page, "member");
    await page.goto(`/school/lessons/${lessonId}`);
    const video = page.getByTestId("lesson-video");
    await expect(video).toHaveAttribute("data-state", "unsupported", { timeout: 20_000 });
    await expect(page.getByText(NO_MSE)).toBeVisible();
    // pressing play on the empty element for a while earns nothing
    await video.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      void v.play().catch(() => {});
    });
    await page.waitForTimeout(6000);
    const after = await credited(lessonId);
    expect(after.creditSec).toBe(before.creditSec);
    expect(after.coveredSec).toBe(before.coveredSec);
    expect(after.creditSec).toBe(0);
  });
});
