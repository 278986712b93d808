// `npm start` and `npm test` after the workspace is installed (see ../bin/dangjian.mjs).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { migrate } from "@dangjian/db/migrate";
import { piiKeys } from "@dangjian/db/pii";
import { migratePersonalData } from "@dangjian/db/pii-migrate";
import { createDb } from "@dangjian/db";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@dangjian/seed/demo-accounts";
import { seedDemo } from "@dangjian/seed";
import { t, type MessageKey } from "@dangjian/core";
import { log, warn } from "./log.ts";
import { dataRoot, repoRoot } from "./paths.ts";
import { ensureDatabase, recreateDatabase, startPostgres, type PostgresServer } from "./postgres.ts";
import { startS3, type S3Server } from "./s3.ts";
import { run, startChild, stopChildren, waitForHttp, type Child } from "./processes.ts";
import { freePort, startBalancer } from "./balancer.ts";
import { prepareTemplate, TEMPLATE_DB, TEST_PG_PORT } from "./test-stack.ts";
import { backupCommand, restoreCommand } from "./backup-cli.ts";
import { startReplica } from "./replica.ts";
import { WORKER_NODE_FLAGS } from "./worker-flags.ts";

const env = process.env;
const command = process.argv[2];
const stoppers: Array<() => Promise<void>> = [];
let children: Child[] = [];

let shuttingDown: Promise<never> | null = null;
/** Stops everything once, in order: web and worker, then S3, then PostgreSQL. */
function shutdown(code: number): Promise<never> {
  shuttingDown ??= (async () => {
    await stopChildren(children);
    for (const stop of stoppers.reverse()) await stop().catch((e: Error) => warn(e.message));
    log("已全部停止");
    process.exit(code);
  })();
  return shuttingDown;
}

function s3Env(s3: S3Server | null): Record<string, string> {
  if (!s3) return {};
  return {
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_FORCE_PATH_STYLE: "true",
  };
}

async function seedIfNew(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl, { max: 2 });
  try {
    const started = Date.now();
    // The reference is today, so that each branch has an upcoming planned meeting; the seeded year ends last month.
    const result = await seedDemo(db, { log, referenceDate: new Date() });
    if (result.seeded)
      log(`演示数据已生成（${((Date.now() - started) / 1000).toFixed(1)} 秒）：${JSON.stringify(result.counts)}`);
    else log("沿用已有的演示数据");
  } finally {
    await db.$disconnect();
  }
}

/** Builds the three web apps (turbo caches unchanged ones). */
async function buildApps(): Promise<void> {
  log("构建三个应用（网上支部、网上党校、电子党证）…");
  const code = await run("pnpm", [
    "exec",
    "turbo",
    "run",
    "build",
    "--filter=@dangjian/branch",
    "--filter=@dangjian/school",
    "--filter=@dangjian/card",
    "--output-logs=errors-only",
  ]);
  if (code !== 0) throw new Error("应用构建失败");
}

/**
 * The e-party card's key-encryption key: DANGJIAN_CARD_KEK when set, else one generated into
 * .data/card-kek on the first start (readable by this user only) and reused after.
 */
function cardKek(): string {
  if (env.DANGJIAN_CARD_KEK) return env.DANGJIAN_CARD_KEK;
  const file = join(dataRoot, "card-kek");
  if (!existsSync(file)) {
    mkdirSync(dataRoot, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64") + "\n", { mode: 0o600 });
    log("已生成电子党证密钥加密密钥（.data/card-kek）");
  }
  return readFileSync(file, "utf8").trim();
}

/**
 * The key ID numbers and phones are encrypted with (ADR 0752): DANGJIAN_PII_KEY when set, else
 * one generated into .data/pii-key on the first start (readable by this user only) and reused.
 * Losing it loses every encrypted ID number and phone: back it up with the database.
 */
function piiKey(): string {
  if (env.DANGJIAN_PII_KEY) return env.DANGJIAN_PII_KEY;
  const file = join(dataRoot, "pii-key");
  if (!existsSync(file)) {
    mkdirSync(dataRoot, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64") + "\n", { mode: 0o600 });
    log("已生成个人信息加密密钥（.data/pii-key）");
  }
  const key = readFileSync(file, "utf8").trim();
  piiKeys(key); // validated once, here: a bad key stops the start with a clear message
  env.DANGJIAN_PII_KEY = key;
  return key;
}

/** Encrypts ID numbers and phones still stored in clear (a no-op once done; resumes if interrupted). */
async function encryptPersonalData(databaseUrl: string): Promise<void> {
  const done = await migratePersonalData(databaseUrl, piiKeys(piiKey()));
  if (done.members + done.accounts > 0) log(`个人信息加密：党员 ${done.members} 条，账号 ${done.accounts} 条`);
}

/**
 * The bearer token of /metrics (gateway and worker, ADR 1021): METRICS_TOKEN when set, else one
 * generated into .data/metrics-token on the first start (readable by this user only).
 */
function metricsToken(): string {
  if (env.METRICS_TOKEN) return env.METRICS_TOKEN;
  const file = join(dataRoot, "metrics-token");
  if (!existsSync(file)) {
    mkdirSync(dataRoot, { recursive: true });
    writeFileSync(file, randomBytes(24).toString("hex") + "\n", { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

async function startPlatform(options: {
  databaseUrl: string;
  s3: S3Server | null;
  port: number;
  demoVideos?: boolean;
  /** pino level of the gateway and worker (info under `npm start`, warn under `npm test`) */
  logLevel?: string;
  /** gateway processes (DANGJIAN_GATEWAYS, default 1) */
  gateways?: number;
  /** a streaming replica for the gateways' lag-tolerant reads (DANGJIAN_REPLICA=1, ADR 1002) */
  replicaUrl?: string | undefined;
}): Promise<string> {
  const platformEnv = {
    DATABASE_URL: options.databaseUrl,
    ...(options.replicaUrl ? { DATABASE_REPLICA_URL: options.replicaUrl } : {}),
    PORT: String(options.port),
    ...s3Env(options.s3),
    NODE_ENV: "production",
    DANGJIAN_CARD_KEK: cardKek(),
    DANGJIAN_PII_KEY: piiKey(),
    DANGJIAN_DEMO_VIDEOS: options.demoVideos ? "1" : "0",
    // readable lines in the terminal; production runs without it and writes JSON (docs/operations.md)
    LOG_FORMAT: env.LOG_FORMAT ?? "pretty",
    LOG_LEVEL: env.LOG_LEVEL ?? options.logLevel ?? "info",
    METRICS_TOKEN: metricsToken(),
    // the worker's listener (probes and /metrics): a free port, printed in its log (WORKER_HTTP_PORT to fix it)
    WORKER_HTTP_PORT: env.WORKER_HTTP_PORT ?? "0",
  };
  const worker = startChild(
    "worker",
    process.execPath,
    // node --import tsx directly (no pnpm/tsx wrappers): signals reach the process itself; the
    // worker's heap flags are set for the warning pass (ADR 0301, 1081)
    [...WORKER_NODE_FLAGS, "--import", "tsx", "src/main.ts"],
    platformEnv,
    join(repoRoot, "apps/worker"),
  );
  children = [worker];
  const url = `http://localhost:${options.port}`;
  const failed = () =>
    children.map((c) => c.exited.then((code) => Promise.reject(new Error(`${c.name} 意外退出（${code}）`))));
  const gateways = options.gateways ?? 1;
  if (gateways <= 1) {
    children.push(
      startChild(
        "web",
        process.execPath,
        ["--import", "tsx", "src/main.ts"],
        platformEnv,
        join(repoRoot, "apps/gateway"),
      ),
    );
  } else {
    // N gateway processes on ports of their own choosing, behind a round-robin balancer on the
    // platform's port (ADR 1001: any process may take any request, heartbeats included)
    const upstreams: string[] = [];
    for (let i = 0; i < gateways; i++) {
      const port = await freePort();
      upstreams.push(`http://127.0.0.1:${port}`);
      children.push(
        startChild(
          `web${i + 1}`,
          process.execPath,
          ["--import", "tsx", "src/main.ts"],
          { ...platformEnv, PORT: String(port), HOST: "127.0.0.1", TRUST_PROXY: "1" },
          join(repoRoot, "apps/gateway"),
        ),
      );
    }
    await Promise.race([Promise.all(upstreams.map((u) => waitForHttp(`${u}/healthz`))), ...failed()]);
    const balancer = await startBalancer(upstreams, { port: options.port, host: env.HOST ?? "127.0.0.1" });
    stoppers.push(() => balancer.close());
    log(`${gateways} 个网关进程，轮询分发：${upstreams.join("、")}`);
  }
  await Promise.race([waitForHttp(`${url}/healthz`), ...failed()]);
  return url;
}

/**
 * DANGJIAN_REPLICA=1: a streaming replica of the embedded server, made afresh at every start from
 * an online base backup (.data/pg-replica, a free port); the gateways read dashboards, reports,
 * search and lists from it (ADR 1002). Only with the embedded PostgreSQL.
 */
async function replicaIfAsked(
  pg: PostgresServer,
  dir = "pg-replica",
  database = "dangjian",
): Promise<string | undefined> {
  if (env.DANGJIAN_REPLICA !== "1") return undefined;
  const replica = await startReplica({ primary: pg, dir: join(dataRoot, dir), port: await freePort() });
  stoppers.push(() => replica.stop());
  log(`只读副本已启动（端口 ${replica.port}，流复制，数据在 .data/${dir}）`);
  return replica.url(database);
}

/** DANGJIAN_GATEWAYS: how many gateway processes `npm start` runs (1–16, default 1). */
function gatewayCount(): number {
  const raw = env.DANGJIAN_GATEWAYS;
  if (raw === undefined || raw === "") return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 16)
    throw new Error(`DANGJIAN_GATEWAYS 应为 1 到 16 之间的整数（现为 ${raw}）`);
  return n;
}

async function start(): Promise<void> {
  let pg: PostgresServer | null = null;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    pg = await startPostgres({ dir: join(dataRoot, "pg"), port: Number(env.DANGJIAN_PG_PORT ?? 54329) });
    stoppers.push(() => pg!.stop());
    await ensureDatabase(pg, "dangjian");
    databaseUrl = pg.url("dangjian");
    log(`PostgreSQL 已启动（端口 ${pg.port}，数据在 .data/pg）`);
  } else log("使用外部 PostgreSQL（DATABASE_URL）");
  const migrated = await migrate(databaseUrl);
  log(`数据库迁移：新应用 ${migrated.applied.length} 个，已有 ${migrated.alreadyApplied} 个`);
  await encryptPersonalData(databaseUrl);
  await seedIfNew(databaseUrl);
  const replicaUrl = pg ? await replicaIfAsked(pg) : undefined;
  if (!pg && env.DANGJIAN_REPLICA === "1")
    warn("DANGJIAN_REPLICA=1 只适用于内置 PostgreSQL；外部数据库请设置 DATABASE_REPLICA_URL（见 docs/operations.md）");

  let s3: S3Server | null = null;
  if (!env.S3_ENDPOINT) {
    s3 = await startS3({ dir: join(dataRoot, "s3"), port: Number(env.DANGJIAN_S3_PORT ?? 54390) });
    stoppers.push(() => s3!.stop());
    log(`S3 对象存储已启动：${s3.endpoint}（数据在 .data/s3）`);
  } else log(`使用外部 S3：${env.S3_ENDPOINT}`);

  await buildApps();
  // the demo lessons' videos are generated and transcoded by the worker in the background (ADR 0804)
  const url = await startPlatform({
    databaseUrl,
    s3,
    port: Number(env.PORT ?? 3000),
    demoVideos: env.DANGJIAN_DEMO_VIDEOS !== "0",
    gateways: gatewayCount(),
    replicaUrl,
  });
  const accounts = Object.values(DEMO_ACCOUNTS)
    .map((a) => `  ${t(`role.${a.role}` as MessageKey).padEnd(7, "　")} ${a.phone}   ${a.displayName}（${a.orgName}）`)
    .join("\n");
  console.log(`
\x1b[1m党建云平台已启动\x1b[0m
  网上支部  ${url}/branch/
  网上党校  ${url}/school/
  电子党证  ${url}/card/

演示账号（手机号登录，密码均为 ${DEMO_PASSWORD}）：
${accounts}

运维指标：${url}/metrics（Authorization: Bearer <.data/metrics-token>，见 docs/operations.md）
按 Ctrl-C 停止全部服务（包括 PostgreSQL）。
`);
  const code = await Promise.race(children.map((c) => c.exited));
  if (shuttingDown) return;
  warn(`有进程意外退出（${code}），正在停止其余服务`);
  await shutdown(code === 0 ? 1 : code);
}

async function test(): Promise<void> {
  const started = Date.now();
  const step = async (name: string, cmd: string, args: string[], extraEnv: Record<string, string> = {}) => {
    log(`▶ ${name}`);
    const t0 = Date.now();
    const code = await run(cmd, args, extraEnv);
    log(`${code === 0 ? "✔" : "✘"} ${name}（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`);
    if (code !== 0) {
      warn(`${name} 失败`);
      await shutdown(code);
    }
  };

  const pg = await startPostgres({ dir: join(dataRoot, "test-pg"), port: TEST_PG_PORT, fast: true });
  stoppers.push(() => pg.stop());
  await prepareTemplate(pg);
  const testEnv = {
    DANGJIAN_TEST_PG_BASE_URL: pg.url(""),
    DANGJIAN_TEST_TEMPLATE_DB: TEMPLATE_DB,
    DANGJIAN_CARD_KEK: cardKek(),
    DANGJIAN_PII_KEY: piiKey(),
  };

  // `npm test -- e2e [playwright args]` runs only the browser tests (while developing specs).
  const e2eOnly = process.argv[3] === "e2e";
  const playwrightArgs = e2eOnly ? process.argv.slice(4) : [];
  if (!e2eOnly) {
    await step("代码格式（Prettier）", "pnpm", ["run", "format:check"]);
    await step("类型检查（typecheck）", "pnpm", ["exec", "turbo", "run", "typecheck", "--output-logs=errors-only"]);
    await step("代码检查（eslint + 依赖规则）", "pnpm", ["run", "lint"]);
    await step("迁移与 schema 一致", "pnpm", ["--filter", "@dangjian/db", "run", "migration:check"], {
      DATABASE_URL: pg.url(TEMPLATE_DB),
    });
    await step(
      "单元与集成测试（Vitest，真实 PostgreSQL）",
      "pnpm",
      ["exec", "turbo", "run", "test", "--concurrency=1"],
      testEnv,
    );
  }

  // End-to-end: the real platform on a seeded database, driven by Chromium.
  await recreateDatabase(pg, "e2e", TEMPLATE_DB);
  const databaseUrl = pg.url("e2e");
  await seedIfNew(databaseUrl);
  const s3 = await startS3({ dir: join(dataRoot, "test-s3"), port: Number(env.DANGJIAN_TEST_S3_PORT ?? 54391) });
  stoppers.push(() => s3.stop());
  await buildApps();
  const port = Number(env.DANGJIAN_E2E_PORT ?? 3900);
  // DANGJIAN_GATEWAYS=N runs the browser tests through N gateway processes too, DANGJIAN_REPLICA=1
  // with their lag-tolerant reads on a streaming replica (ADR 1002)
  const replicaUrl = await replicaIfAsked(pg, "test-pg-replica", "e2e");
  const baseUrl = await startPlatform({
    databaseUrl,
    s3,
    port,
    logLevel: "warn",
    gateways: gatewayCount(),
    replicaUrl,
  });
  await step(
    "端到端测试（Playwright + Chromium）",
    "pnpm",
    ["exec", "playwright", "test", "--config", "e2e/playwright.config.ts", ...playwrightArgs],
    { E2E_BASE_URL: baseUrl, DATABASE_URL: databaseUrl, DANGJIAN_PII_KEY: piiKey() },
  );
  log(`全部测试通过，用时 ${((Date.now() - started) / 1000).toFixed(0)} 秒`);
  await shutdown(0);
}

/**
 * `npm run test:faults`: the fault tests (infra/faults, ADR 1040). They kill and restart real
 * processes and need minutes, so they run in their own lane after `npm test` (CI runs both).
 * The shared test PostgreSQL and its migrated template are started here; a test that restarts
 * PostgreSQL or stops S3 starts its own.
 */
async function testFaults(): Promise<void> {
  const started = Date.now();
  const pg = await startPostgres({ dir: join(dataRoot, "test-pg"), port: TEST_PG_PORT, fast: true });
  stoppers.push(() => pg.stop());
  await prepareTemplate(pg);
  log("▶ 故障测试（进程被杀、数据库重启、对象存储不可用）");
  const code = await run("pnpm", ["--filter", "@dangjian/faults", "run", "test:faults", ...process.argv.slice(3)], {
    DANGJIAN_TEST_PG_BASE_URL: pg.url(""),
    DANGJIAN_TEST_TEMPLATE_DB: TEMPLATE_DB,
    DANGJIAN_CARD_KEK: cardKek(),
    DANGJIAN_PII_KEY: piiKey(),
  });
  log(`${code === 0 ? "✔" : "✘"} 故障测试（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
  await shutdown(code);
}

process.on("SIGINT", () => {
  if (!shuttingDown) log("正在停止…");
  void shutdown(130);
});
process.on("SIGTERM", () => void shutdown(143));

try {
  if (command === "start") await start();
  else if (command === "test") await test();
  else if (command === "test:faults") await testFaults();
  else if (command === "backup") {
    await backupCommand(process.argv[3]);
    await shutdown(0);
  } else if (command === "restore") {
    await restoreCommand(process.argv[3]);
    await shutdown(0);
  } else throw new Error(`未知命令：${command}`);
} catch (error) {
  console.error(`\x1b[31m[dangjian] ${(error as Error).message}\x1b[0m`);
  await shutdown(1);
}
