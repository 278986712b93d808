import { expect, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccountKey } from "../../packages/seed/src/demo-accounts.ts";

export { DEMO_ACCOUNTS, DEMO_PASSWORD };

export async function login(
  page: Page,
  app: "branch" | "school" | "card",
  who: DemoAccountKey,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(`/${app}/login`);
  await page.getByLabel("手机号或党员编号").fill(DEMO_ACCOUNTS[who].phone);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

export async function loginAndExpectHome(
  page: Page,
  app: "branch" | "school" | "card",
  who: DemoAccountKey,
): Promise<void> {
  await login(page, app, who);
  await expect(page).toHaveURL(new RegExp(`/${app}/?$`));
  await expect(page.getByText(DEMO_ACCOUNTS[who].displayName).first()).toBeVisible();
}

/** A query against the platform's database (npm test passes DATABASE_URL), for setting up a case. */
export async function queryDatabase<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
