// `pnpm --filter @dangjian/db run migrate`: applies the SQL migrations to DATABASE_URL (production
// deploys run it once before starting new gateways and workers; infra/compose.yaml's `migrate`),
// then encrypts any ID numbers and phones still stored in clear (ADR 0752; a no-op on new data).
import { migrate } from "../src/migrate.ts";
import { piiKeys } from "../src/pii.ts";
import { migratePersonalData } from "../src/pii-migrate.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL 未设置");
  process.exit(2);
}
const result = await migrate(databaseUrl);
console.log(`数据库迁移：新应用 ${result.applied.length} 个，已有 ${result.alreadyApplied} 个`);
const done = await migratePersonalData(databaseUrl, piiKeys(process.env.DANGJIAN_PII_KEY));
if (done.members + done.accounts > 0) console.log(`个人信息加密：党员 ${done.members} 条，账号 ${done.accounts} 条`);
