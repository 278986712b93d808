// User steps of the ledger (dues, tasks, members import), composable by other specs.
import { expect, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { IMPORT_COLUMNS } from "../../../packages/core/src/members/import.ts";

/** "2026-12" → "2026年12月", as the pages write months. */
export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5))}月`;
}

export function currentMonth(offset = 0): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** What a payment step may also do: tie an on-site payment to one theme day, count the effort. */
export interface DuesPaymentOptions {
  /** the theme day the money was handed over at (on-site payments only) */
  meetingId?: string;
  /** counts the secretary's clicks (incl. ticks and choices) and fields typed */
  effort?: { clicks: number; fields: number };
}

/**
 * A secretary records one payment from the dues ledger; returns the receipt number shown.
 * `months` are "YYYY-MM"; the current month is pre-selected and is unticked when not wanted.
 */
export async function recordDuesPayment(
  page: Page,
  memberName: string,
  months: string[],
  method: "ON_SITE" | "TRANSFER",
  reference?: string,
  options: DuesPaymentOptions = {},
): Promise<string> {
  const effort = options.effort ?? { clicks: 0, fields: 0 };
  await page.goto("/branch/dues");
  effort.clicks += 2; // the ledger in the menu, then the member's row
  await page.getByRole("link", { name: `登记缴费：${memberName}`, exact: true }).click();
  await expect(page.getByRole("heading", { name: `登记缴费：${memberName}` })).toBeVisible();
  const current = page.getByRole("checkbox", { name: monthLabel(currentMonth()), exact: true });
  // (a current month already paid shows as "…（已缴）" and is disabled)
  if (!months.includes(currentMonth()) && (await current.count()) > 0 && (await current.isChecked())) {
    effort.clicks += 1;
    await current.uncheck();
  }
  for (const month of months) {
    const box = page.getByRole("checkbox", { name: monthLabel(month), exact: true });
    if (await box.isChecked()) continue;
    effort.clicks += 1;
    await box.check();
  }
  const radio = page.getByRole("radio", { name: method === "ON_SITE" ? "主题党日现场缴纳" : "银行转账" });
  if (!(await radio.isChecked())) {
    effort.clicks += 1;
    await radio.check();
  }
  if (method === "TRANSFER") {
    effort.fields += 1;
    await page.getByLabel("转账流水号").fill(reference ?? "");
  }
  if (method === "ON_SITE" && options.meetingId) {
    const meeting = page.getByLabel("在哪次主题党日缴纳");
    if ((await meeting.inputValue()) !== options.meetingId) {
      effort.clicks += 1;
      await meeting.selectOption(options.meetingId);
    }
  }
  effort.clicks += 1;
  await page.getByRole("button", { name: "确认登记" }).click();
  const receipt = page.getByRole("region", { name: "党费收据" });
  await expect(receipt).toBeVisible();
  const receiptNo = (await page.getByRole("status").textContent())?.match(/DF\d{12}/)?.[0];
  expect(receiptNo).toBeTruthy();
  return receiptNo!;
}

export interface TaskToPush {
  title: string;
  body: string;
  branchNames: string[];
  attachment?: { name: string; mimeType: string; buffer: Buffer };
}

/** A committee user pushes a task to chosen organisations; returns the task page's path. */
export async function pushTask(page: Page, task: TaskToPush): Promise<string> {
  await page.goto("/branch/tasks/new");
  await page.getByLabel("标题").fill(task.title);
  await page.getByLabel("内容").fill(task.body);
  const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("截止日期").fill(deadline);
  for (const name of task.branchNames) await page.getByRole("checkbox", { name, exact: true }).check();
  if (task.attachment) {
    await page.getByLabel("附件（可选）").setInputFiles(task.attachment);
    await expect(page.getByText(`已上传：${task.attachment.name}`)).toBeVisible();
  }
  await page.getByRole("button", { name: "下发", exact: true }).click();
  await expect(page.getByText(`已下发到 ${task.branchNames.length} 个组织。`)).toBeVisible();
  return new URL(page.url()).pathname;
}

/** A receiving branch's secretary opens the task, marks it read, then done with a reply. */
export async function answerTask(page: Page, title: string, reply: string): Promise<void> {
  await page.goto("/branch/tasks");
  await page.getByRole("link", { name: title }).first().click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  const read = page.getByRole("button", { name: "标记已读" });
  if (await read.isVisible()) {
    await read.click();
    await expect(read).toHaveCount(0);
  }
  await page.getByLabel("回复（简短说明完成情况）").fill(reply);
  await page.getByRole("button", { name: "标记完成" }).click();
  await expect(page.getByText(reply)).toBeVisible();
}

/** An .xlsx in the import template's shape. */
export async function memberWorkbook(
  rows: string[][],
  headers: string[] = IMPORT_COLUMNS.map((c) => c.header),
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("党员名册");
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A secretary uploads a member workbook on the import page and waits for the answer. */
export async function importMembers(page: Page, file: Buffer): Promise<void> {
  await page.goto("/branch/members/import");
  await page.getByLabel("选择填好的 Excel 文件（.xlsx）").setInputFiles({
    name: "党员.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: file,
  });
  await page.getByRole("button", { name: "上传并导入" }).click();
  await expect(page.getByText(/已导入 \d+ 名党员|没有导入任何党员|表头与模板不一致/)).toBeVisible();
}
