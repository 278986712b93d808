import { expect, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccountKey } from "../../packages/db/src/seed/demo-accounts.ts";
import { isEncryptedPii, openPii, piiHash, piiKeysFromEnv } from "../../packages/db/src/pii.ts";

export { DEMO_ACCOUNTS, DEMO_PASSWORD };

export async function login(page: Page, app: "branch" | "school" | "card", who: DemoAccountKey, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`/${app}/login`);
  await page.getByLabel("手机号或党员编号").fill(DEMO_ACCOUNTS[who].phone);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

export async function loginAndExpectHome(page: Page, app: "branch" | "school" | "card", who: DemoAccountKey): Promise<void> {
  await login(page, app, who);
  await expect(page).toHaveURL(new RegExp(`/${app}/?$`));
  await expect(page.getByText(DEMO_ACCOUNTS[who].displayName).first()).toBeVisible();
}

/**
 * A query against the platform's database (npm test passes DATABASE_URL and DANGJIAN_PII_KEY),
 * for setting up a case. Encrypted ID numbers and phones in the answer come back decrypted.
 */
export async function queryDatabase<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const rows = (await client.query<T>(sql, params)).rows;
    for (const row of rows as Array<Record<string, unknown>>) {
      for (const [key, value] of Object.entries(row)) if (typeof value === "string" && isEncryptedPii(value)) row[key] = openPii(piiKeysFromEnv(), value);
    }
    return rows;
  } finally {
    await client.end();
  }
}

/** The keyed hash a phone is found by in the database (phones are stored encrypted). */
export function phoneHash(phone: string): string {
  return piiHash(piiKeysFromEnv(), "phone", phone);
}
