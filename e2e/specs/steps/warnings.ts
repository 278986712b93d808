// The county committee's steps on the network dashboard, reusable by a combined spec.
import { expect, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_STALE_BRIDGE, DEMO_WEAK_BRANCHES } from "../../../packages/seed/src/demo-accounts.ts";
import { login, queryDatabase } from "../support.ts";

/** Waits until the worker has evaluated the seeded region (the outbox drain and the first full pass). */
export async function waitForWarnings(): Promise<void> {
  await expect
    .poll(
      async () =>
        (
          await queryDatabase<{ n: number }>(
            `SELECT count(*)::int AS n FROM "Warning" WHERE "ruleId" = 'T2' AND state = 'FIRING'`,
          )
        )[0]?.n ?? 0,
      { timeout: 120_000, intervals: [1000] },
    )
    .toBeGreaterThan(0);
  // and every seeded fact derived (the incremental passes re-judge what the first pass saw)
  await expect
    .poll(
      async () =>
        (
          await queryDatabase<{ n: number }>(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "processedAt" IS NULL`)
        )[0]?.n ?? 1,
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe(0);
}

export async function openDashboardAsCounty(page: Page): Promise<void> {
  await waitForWarnings();
  await login(page, "branch", "county");
  await expect(page).toHaveURL(/\/branch\/?$/);
  await page.getByRole("link", { name: "组织体系仪表盘" }).click();
  await expect(page.getByRole("heading", { name: "组织体系仪表盘" })).toBeVisible();
}

/** The branch with no recent meetings is flagged, with the reason in words. */
export async function seeWeakBranchesFlagged(page: Page): Promise<void> {
  const cadence = page.locator(`li.wd-item[data-rule="O1"][data-org="${DEMO_WEAK_BRANCHES.noRecentMeetings}"]`);
  await expect(cadence).toBeVisible();
  await expect(cadence.getByText(/已连续 \d+ 个周期未开展/)).toBeVisible();
  await expect(cadence.getByText("严重")).toBeVisible();
  const health = page.locator(`li.wd-item[data-rule="O7"][data-org="${DEMO_WEAK_BRANCHES.noRecentMeetings}"]`);
  await expect(health.getByText(/组织健康度 \d+ 分/)).toBeVisible();
}

/** The warning list narrowed to one township: its branches' warnings stay, other townships' go. */
export async function filterByArea(page: Page): Promise<void> {
  const [home] = await queryDatabase<{ name: string }>(
    `SELECT t.name FROM "Org" b JOIN "Org" t ON t.id = ANY(b."ancestorIds") AND t.level = 'TOWNSHIP' WHERE b.name = $1`,
    [DEMO_WEAK_BRANCHES.noRecentMeetings],
  );
  const others = await queryDatabase<{ name: string }>(
    `SELECT DISTINCT o.name FROM "Warning" w JOIN "Org" o ON o.id = w."orgId" JOIN "Org" c ON c.id = ANY(o."ancestorIds") AND c.name = $1
     WHERE w."subjectType" = 'ORG' AND w.state = 'FIRING' AND NOT EXISTS (SELECT 1 FROM "Org" t WHERE t.id = ANY(o."ancestorIds") AND t.name = $2)`,
    [DEMO_ACCOUNTS.county.orgName, home!.name],
  );
  expect(others.length).toBeGreaterThan(0);
  await page.getByLabel("地区").selectOption({ label: home!.name });
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/area=/);
  await expect(
    page.locator(`li.wd-item[data-rule="O1"][data-org="${DEMO_WEAK_BRANCHES.noRecentMeetings}"]`),
  ).toBeVisible();
  for (const other of others) await expect(page.locator(`li.wd-item[data-org="${other.name}"]`)).toHaveCount(0);
}

async function openWarning(page: Page, rule: string, org: string): Promise<void> {
  await page.goto(`/branch/dashboard?rule=${rule}`);
  const item = page.locator(`li.wd-item[data-rule="${rule}"][data-org="${org}"]`).first();
  await item.getByRole("link", { name: "预警详情" }).click();
  await expect(page.getByTestId("warning-message")).toBeVisible();
}

export async function acknowledgeCadenceWarning(page: Page): Promise<void> {
  await openWarning(page, "O1", DEMO_WEAK_BRANCHES.noRecentMeetings);
  await page.getByLabel("认领说明").fill("已联系支部书记，本月内补开支委会和主题党日");
  await page.getByRole("button", { name: "认领", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("已认领该预警");
  await expect(page.getByText("已联系支部书记，本月内补开支委会和主题党日").first()).toBeVisible();
}

/** A date about seven weeks ahead (a fixed date would turn into the past and fail one day). */
function silenceUntil(): string {
  return new Date(Date.now() + 8 * 3600_000 + 50 * 86_400_000).toISOString().slice(0, 10);
}

export async function silenceHealthWarning(page: Page): Promise<void> {
  const until = silenceUntil();
  await openWarning(page, "O7", DEMO_WEAK_BRANCHES.noRecentMeetings);
  // without a reason: a clear error, nothing changes
  await page.getByLabel("静默至").fill(until);
  await page.getByRole("button", { name: "静默", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("静默必须填写原因");
  await page.getByLabel("静默原因").fill("支部正在换届，县委已派员指导");
  await page.getByLabel("静默至").fill(until);
  await page.getByRole("button", { name: "静默", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("已静默该预警");
  // shown as the day before or the day itself, depending on how the end of the day is displayed
  const dayBefore = new Date(new Date(`${until}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
  await expect(page.getByText(new RegExp(`(${until}|${dayBefore})（支部正在换届`))).toBeVisible();
}

/** The stale cross-county bridge is marked on the drawing and the what-if shows who would be cut off. */
export async function seeStaleBridgeHighlighted(page: Page): Promise<void> {
  await page.goto("/branch/dashboard");
  const canvas = page.locator(".wd-canvas");
  await expect(canvas).toHaveAttribute("data-renderer", /sigma|svg/);
  await expect(canvas).not.toHaveAttribute("data-weak-bridges", "");
  const tie = page.locator('.wd-ties li[data-rule="T2"]');
  await expect(tie).toHaveAttribute("data-bridge", "yes");
  await expect(tie.getByText("薄弱的关键联建（桥）")).toBeVisible();
  await expect(tie).toContainText(DEMO_STALE_BRIDGE.orgNames[1].replace(/^中共/, "").replace(/支部委员会$/, ""));
  await tie.getByRole("checkbox").check();
  await page.getByRole("button", { name: "推演" }).click();
  await expect(page.getByRole("status")).toContainText(/将有 \d+ 个组织与网络失去联系/);
  await expect(page.getByRole("status")).toContainText(DEMO_STALE_BRIDGE.orgNames[1]);
}

/** A threshold that would fire and recover at once is refused with a clear reason, and nothing is saved. */
export async function refuseUnsafeThreshold(page: Page): Promise<void> {
  await page.goto("/branch/dashboard");
  const before = (await queryDatabase<{ n: number }>(`SELECT count(*)::int AS n FROM "WarningRuleSetting"`))[0]?.n ?? 0;
  await page.getByLabel("恢复阈值").fill("0.7");
  await page.getByRole("button", { name: "保存阈值" }).click();
  await expect(page.getByRole("alert")).toHaveText("恢复阈值必须在触发阈值的安全一侧，否则规则会同时触发和恢复");
  expect((await queryDatabase<{ n: number }>(`SELECT count(*)::int AS n FROM "WarningRuleSetting"`))[0]?.n ?? 0).toBe(
    before,
  );
}
