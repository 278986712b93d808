// Page load on a slow phone: Debian's Chromium through the DevTools protocol with the DevTools
// "Slow 4G" network profile (562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up) and 4× CPU
// slowdown, a fresh cache-less context per load. Measures the time from navigation start until
// the page's main content is visible (a page-specific element), plus First Contentful Paint and the
// JavaScript transferred. Targets (issue 17): member pages ≤ 3 s, dashboard ≤ 4 s.
// Usage: with the platform running (`npm start`), `pnpm --filter @dangjian/bench bench:load [runs]`
// (BASE_URL defaults to http://localhost:$PORT or :3000).
import os from "node:os";
import { chromium, type Browser } from "playwright-core";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccountKey } from "@dangjian/seed/demo-accounts";
import { markdownTable, percentile } from "../table.ts";
import { env } from "./env.ts";

const runs = Number(process.argv[2] ?? 3);
const base = env.BASE_URL ?? `http://localhost:${env.PORT}`;
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
};
const CPU_SLOWDOWN = 4;

interface PageCase {
  name: string;
  who: DemoAccountKey;
  app: "branch" | "school" | "card";
  path: string;
  /** the main content, visible */
  ready: string;
  targetMs: number;
}

const CASES: PageCase[] = [
  { name: "党员：支部首页", who: "member", app: "branch", path: "/branch/", ready: "main h1", targetMs: 3000 },
  { name: "党员：我的", who: "member", app: "branch", path: "/branch/me", ready: "main h1", targetMs: 3000 },
  { name: "党员：课程目录", who: "member", app: "school", path: "/school/", ready: "main h1", targetMs: 3000 },
  { name: "党员：电子党证", who: "member", app: "card", path: "/card/", ready: "main h1", targetMs: 3000 },
  { name: "支部书记：支部首页", who: "secretary", app: "branch", path: "/branch/", ready: "main h1", targetMs: 3000 },
  { name: "乡镇党委：首页", who: "township", app: "branch", path: "/branch/", ready: "main h1", targetMs: 3000 },
  {
    name: "党校管理员：课程管理",
    who: "schoolAdmin",
    app: "school",
    path: "/school/admin",
    ready: "main h1",
    targetMs: 3000,
  },
  {
    name: "县委：组织体系仪表盘",
    who: "county",
    app: "branch",
    path: "/branch/dashboard",
    ready: ".dj-stats",
    targetMs: 4000,
  },
  {
    name: "市委：组织体系仪表盘",
    who: "city",
    app: "branch",
    path: "/branch/dashboard",
    ready: ".dj-stats",
    targetMs: 4000,
  },
];

async function sessionFor(browser: Browser, who: DemoAccountKey, app: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/${app}/login`);
  await page.getByLabel("手机号或党员编号").fill(DEMO_ACCOUNTS[who].phone);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(new RegExp(`/${app}/?$`));
  const state = await context.storageState();
  await context.close();
  return state;
}

async function measure(browser: Browser, c: PageCase, state: Awaited<ReturnType<typeof sessionFor>>) {
  const context = await browser.newContext({
    storageState: state,
    viewport: { width: 360, height: 780 },
    locale: "zh-CN",
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  let jsBytes = 0;
  cdp.on("Network.loadingFinished", (e: { encodedDataLength: number; requestId: string }) => {
    if (scripts.has(e.requestId)) jsBytes += e.encodedDataLength;
  });
  const scripts = new Set<string>();
  cdp.on("Network.responseReceived", (e: { requestId: string; type: string }) => {
    if (e.type === "Script") scripts.add(e.requestId);
  });
  const started = Date.now();
  // main content visible = the page's main element painted (navigation start → the frame after it is laid out)
  await page.goto(base + c.path, { waitUntil: "commit" });
  await page.locator(c.ready).first().waitFor({ state: "visible", timeout: 60_000 });
  // the element is laid out; the next frame paints it (navigation-relative, like FCP)
  const paintedAt = await page.evaluate(
    () => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now())))),
  );
  const visibleMs = Math.round(paintedAt) || Date.now() - started;
  await page.waitForLoadState("load");
  const fcp = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null);
  await page.waitForLoadState("networkidle").catch(() => {});
  await context.close();
  return { visibleMs, fcpMs: fcp === null ? null : Math.round(fcp), jsKb: Math.round(jsBytes / 102.4) / 10 };
}

const browser = await chromium.launch({
  executablePath: env.CHROMIUM_PATH,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
  ],
});
try {
  const rows: Array<Array<string | number>> = [];
  const states = new Map<string, Awaited<ReturnType<typeof sessionFor>>>();
  for (const c of CASES) {
    const key = `${c.who}/${c.app}`;
    if (!states.has(key)) states.set(key, await sessionFor(browser, c.who, c.app));
    const samples: Array<Awaited<ReturnType<typeof measure>>> = [];
    for (let i = 0; i < runs; i++) samples.push(await measure(browser, c, states.get(key)!));
    const visible = samples.map((s) => s.visibleMs);
    const p50 = percentile(visible, 50);
    rows.push([
      c.name,
      c.path,
      `${(p50 / 1000).toFixed(2)} s`,
      `${(Math.max(...visible) / 1000).toFixed(2)} s`,
      `${(
        percentile(
          samples.map((s) => s.fcpMs ?? Number.NaN),
          50,
        ) / 1000
      ).toFixed(2)} s`,
      `${percentile(
        samples.map((s) => s.jsKb),
        50,
      )} KB`,
      `≤ ${c.targetMs / 1000} s ${p50 <= c.targetMs ? "✔" : "✘"}`,
    ]);
  }
  console.log(
    `\nSlow 4G (562.5 ms, 1.44 Mbit/s) + 4× CPU slowdown, 360 px, cold cache, ${runs} runs per page; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}\n`,
  );
  console.log(
    markdownTable(
      ["page", "path", "main content visible (median)", "max", "FCP (median)", "JS transferred", "target"],
      rows,
    ),
  );
} finally {
  await browser.close();
}
