// Accessibility (issue 17): axe-core on every page each demo role reaches from its apps' home pages
// (links followed breadth-first, one page per route shape), plus the login and public pages. No
// serious or critical violation may remain; every form field must have a label.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login, type DEMO_ACCOUNTS } from "./support.ts";

type Who = keyof typeof DEMO_ACCOUNTS;
const APPS = ["branch", "school", "card"] as const;
/** links that end the session, download files or change data on GET */
const SKIP = /\/logout|\/workbook|\/template|\/upload$|\/api\//;
const MAX_PAGES = 40;

/** The route shape of a path: ids and numbers replaced, query kept by its keys only. */
function shape(href: string): string {
  const url = new URL(href);
  const path = url.pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ":id")
    .replace(/\/\d+(?=\/|$)/g, "/:n");
  const keys = [...url.searchParams.keys()].sort().join(",");
  return keys ? `${path}?${keys}` : path;
}

async function audit(page: Page, url: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${url} ${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}

async function crawl(page: Page, starts: string[]): Promise<{ pages: number; problems: string[] }> {
  const origin = new URL(page.url()).origin;
  const queue = [...starts.map((s) => origin + s)];
  const seen = new Set<string>();
  const problems: string[] = [];
  let pages = 0;
  while (queue.length && pages < MAX_PAGES) {
    const url = queue.shift()!;
    const key = shape(url);
    if (seen.has(key)) continue;
    seen.add(key);
    const response = await page.goto(url);
    if (!response || response.status() >= 400 || !response.headers()["content-type"]?.includes("text/html")) continue;
    await page.waitForLoadState("load");
    pages++;
    problems.push(...(await audit(page, new URL(url).pathname + new URL(url).search)));
    const links = await page.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const link of links) {
      const u = new URL(link);
      if (u.origin !== origin || SKIP.test(u.pathname) || !APPS.some((app) => u.pathname.startsWith(`/${app}`)))
        continue;
      u.hash = "";
      if (!seen.has(shape(u.href))) queue.push(u.href);
    }
  }
  return { pages, problems };
}

test("登录页和公开页面没有严重的无障碍问题", async ({ page }) => {
  const problems: string[] = [];
  for (const path of ["/branch/login", "/school/login", "/card/login", "/school/verify"]) {
    await page.goto(path);
    problems.push(...(await audit(page, path)));
  }
  expect(problems).toEqual([]);
});

const ROLES: Who[] = ["member", "secretary", "township", "county", "city", "schoolAdmin"];
for (const who of ROLES) {
  test(`无障碍：${who} 能到达的每个页面都没有严重或致命问题`, async ({ page }) => {
    test.setTimeout(240_000);
    const app = who === "schoolAdmin" ? "school" : "branch";
    await login(page, app, who);
    await page.waitForURL(new RegExp(`/${app}/?$`));
    const { pages, problems } = await crawl(page, ["/branch/", "/school/", "/card/"]);
    console.log(`[a11y] ${who}: ${pages} pages, ${problems.length} serious/critical`);
    expect(pages).toBeGreaterThan(3);
    expect(problems).toEqual([]);
  });
}
