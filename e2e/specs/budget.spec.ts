// The JavaScript budget (issue 17, ADR 0801): what a page really downloads on a first visit, measured
// in Chromium from the network (every script response of a fresh, cache-less browser context until
// the network is idle, lazily imported chunks included), gzip-compressed as the gateway sends it.
// Member pages must stay within 150 KB gzip; the dashboard's figure is printed.
import { gzipSync } from "node:zlib";
import { expect, test, type Browser } from "@playwright/test";
import { login, type DEMO_ACCOUNTS } from "./support.ts";

const MEMBER_BUDGET_KB = 150;
/** The dashboard lazily loads its trend chart (ECharts core, line chart only); far below the full ECharts (381 KB gzip). */
const DASHBOARD_CEILING_KB = 340;

async function firstLoadJs(
  browser: Browser,
  who: keyof typeof DEMO_ACCOUNTS,
  app: "branch" | "school" | "card",
  path: string,
  ready: string,
) {
  const auth = await browser.newContext();
  const loginPage = await auth.newPage();
  await login(loginPage, app, who);
  await loginPage.waitForURL(new RegExp(`/${app}/?$`));
  const storageState = await auth.storageState();
  await auth.close();

  const context = await browser.newContext({ storageState, viewport: { width: 360, height: 780 }, locale: "zh-CN" });
  const page = await context.newPage();
  const scripts = new Map<string, number>();
  const pending: Array<Promise<void>> = [];
  page.on("response", (response) => {
    const type = response.request().resourceType();
    const url = response.url();
    if (type !== "script" && !/\.m?js(\?|$)/.test(url)) return;
    pending.push(
      response
        .body()
        .then((body) => void scripts.set(url, gzipSync(body).length))
        .catch(() => {}),
    );
  });
  await page.goto(path, { waitUntil: "networkidle" });
  await expect(page.locator(ready).first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  await Promise.all(pending);
  await context.close();
  const total = [...scripts.values()].reduce((a, b) => a + b, 0);
  return { kb: Math.round((total / 1024) * 10) / 10, files: scripts.size };
}

const pages: Array<{
  name: string;
  who: keyof typeof DEMO_ACCOUNTS;
  app: "branch" | "school" | "card";
  path: string;
  ready: string;
  budget: number;
}> = [
  { name: "支部首页（党员）", who: "member", app: "branch", path: "/branch/", ready: "main", budget: MEMBER_BUDGET_KB },
  { name: "我的", who: "member", app: "branch", path: "/branch/me", ready: "main", budget: MEMBER_BUDGET_KB },
  { name: "电子党证", who: "member", app: "card", path: "/card/", ready: "main", budget: MEMBER_BUDGET_KB },
  { name: "课程目录", who: "member", app: "school", path: "/school/", ready: "main", budget: MEMBER_BUDGET_KB },
  {
    name: "组织体系仪表盘（县委）",
    who: "county",
    app: "branch",
    path: "/branch/dashboard",
    ready: ".wd-canvas svg",
    budget: DASHBOARD_CEILING_KB,
  },
];

test("首次打开页面下载的 JavaScript（gzip）在预算之内", async ({ browser }) => {
  const rows: string[] = [];
  const over: string[] = [];
  for (const p of pages) {
    const { kb, files } = await firstLoadJs(browser, p.who, p.app, p.path, p.ready);
    rows.push(`| ${p.name} | ${p.path} | ${files} | ${kb} KB | ≤ ${p.budget} KB |`);
    expect(files).toBeGreaterThan(0);
    if (kb > p.budget) over.push(`${p.name} ${kb} KB > ${p.budget} KB`);
  }
  console.log(`[budget]\n| page | path | JS files | JS gzip | budget |\n|---|---|---|---|---|\n${rows.join("\n")}`);
  expect(over).toEqual([]);
});
