// User steps of the school's organising pages: offline training (线下培训登记) and required
// courses (必修课程指派), composable by other specs.
import { expect, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../support.ts";
import { loginSchool } from "./school.ts";

/** Today and a date some days away, as the China calendar date (YYYY-MM-DD). */
export function chinaDay(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** A small real PDF to serve as the sign-in sheet. */
export function evidencePdf(): { name: string; mimeType: string; buffer: Buffer } {
  const body =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
  return { name: "签到表.pdf", mimeType: "application/pdf", buffer: Buffer.from(body.repeat(2000)) };
}

export async function openOfflinePage(page: Page): Promise<void> {
  await page.goto("/school/admin");
  await page.getByRole("link", { name: "线下培训登记" }).first().click();
  await expect(page.getByRole("heading", { name: "线下培训登记" }).first()).toBeVisible();
}

/** Fills the offline-training form for one demo member and submits it. */
export async function recordOfflineTraining(
  page: Page,
  opts: { title: string; hours: string; who: keyof typeof DEMO_ACCOUNTS; evidence?: boolean },
): Promise<void> {
  const account = DEMO_ACCOUNTS[opts.who];
  await page.getByLabel("培训主题").fill(opts.title);
  await page.getByLabel("培训日期").fill(chinaDay());
  await page.locator('select[name="kind"]').selectOption("BRANCH_STUDY");
  await page.getByLabel("学习小时数（支部学习填写）").fill(opts.hours);
  await page.getByLabel("按姓名查找党员").fill(account.displayName);
  await page.getByRole("button", { name: "查找" }).click();
  await page
    .locator(".sc-picker-found label")
    .filter({ hasText: account.memberNo ?? account.displayName })
    .getByRole("checkbox")
    .check();
  await expect(page.getByText("已选 1 人")).toBeVisible();
  if (opts.evidence !== false) {
    await page.getByLabel("上传佐证文件（图片或 PDF，不超过 20 MB）").setInputFiles(evidencePdf());
    await expect(page.getByTestId("evidence-uploaded")).toContainText("佐证材料已上传");
  } else {
    await page.getByLabel("佐证说明（如签到表存放位置）").fill("签到表存支部档案柜");
  }
  await page.getByRole("button", { name: "登记", exact: true }).click();
}

export async function openAssignPage(page: Page): Promise<void> {
  await page.goto("/school/admin/assign");
  await expect(page.getByRole("heading", { name: "必修课程指派" }).first()).toBeVisible();
}

export async function assignCourse(
  page: Page,
  opts: { course: string; dueOn: string; role?: "ALL" | "BRANCH_SECRETARY" | "BRANCH_COMMITTEE" },
): Promise<void> {
  await page.locator('select[name="courseId"]').selectOption({ label: opts.course });
  await page.locator('select[name="role"]').selectOption(opts.role ?? "ALL");
  await page.getByLabel("完成期限").fill(opts.dueOn);
  await page.getByRole("button", { name: "指派", exact: true }).click();
}

export async function memberOpensHours(page: Page, who: keyof typeof DEMO_ACCOUNTS = "member"): Promise<void> {
  await loginSchool(page, who);
  await page.goto("/school/hours");
}
