#!/usr/bin/env node
// Entry point of README's two commands. It must run on a fresh machine with only Node and npm,
// so it uses nothing but Node's standard library until the workspace is installed; then it
// hands over to infra/dev/src/main.ts (run through tsx) for everything else.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const PNPM_VERSION = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const command = process.argv[2] ?? "start";
const rest = process.argv.slice(3);

const SYSTEM_PACKAGES = {
  // binary -> Debian package, and which commands need it
  chromium: { pkg: "chromium", paths: ["/usr/bin/chromium"], neededBy: ["test"], why: "端到端测试（Playwright）" },
  ffmpeg: {
    pkg: "ffmpeg",
    paths: ["/usr/bin/ffmpeg"],
    neededBy: ["start", "test", "test:faults"],
    why: "网上党校视频转码",
  },
  // Debian's own Python modules (the e-party card's interop test verifies cards with them)
  "python3-cbor2": {
    pkg: "python3-cbor2",
    module: "cbor2",
    neededBy: ["test"],
    why: "电子党证互通测试（独立的 Python 实现）",
  },
  "python3-cryptography": {
    pkg: "python3-cryptography",
    module: "cryptography",
    neededBy: ["test"],
    why: "电子党证互通测试（独立的 Python 实现）",
  },
};

function present(bin, spec) {
  if (spec.module)
    return spawnSync("/usr/bin/python3", ["-c", `import ${spec.module}`], { stdio: "ignore" }).status === 0;
  return Boolean(which(bin)) || spec.paths.some((p) => existsSync(p));
}

function log(message) {
  console.log(`\x1b[36m[dangjian]\x1b[0m ${message}`);
}
function fail(message) {
  console.error(`\x1b[31m[dangjian] ${message}\x1b[0m`);
  process.exit(1);
}
function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) fail(`无法运行 ${cmd}: ${result.error.message}`);
  return result.status ?? 1;
}
function output(cmd, args) {
  const result = spawnSync(cmd, args, { encoding: "utf8", cwd: root });
  return result.status === 0 ? result.stdout.trim() : null;
}
function which(bin) {
  return output("sh", ["-c", `command -v ${bin}`]);
}

function ensurePnpm() {
  if (output("pnpm", ["--version"]) === PNPM_VERSION) return;
  log(`安装 pnpm ${PNPM_VERSION}（npm i -g）…`);
  if (run("npm", ["i", "-g", `pnpm@${PNPM_VERSION}`]) !== 0)
    fail(`pnpm ${PNPM_VERSION} 安装失败：请手动运行 npm i -g pnpm@${PNPM_VERSION}`);
}

function ensureSystemPackages() {
  const missing = Object.entries(SYSTEM_PACKAGES).filter(
    ([bin, spec]) => spec.neededBy.includes(command) && !present(bin, spec),
  );
  if (missing.length === 0) return;
  const pkgs = missing.map(([, spec]) => spec.pkg);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = Boolean(which("apt-get"));
  if (!isRoot || !hasApt) {
    fail(
      `缺少系统软件包：${missing.map(([, s]) => `${s.pkg}（${s.why}）`).join("、")}。\n` +
        `请先安装：sudo apt-get install -y ${pkgs.join(" ")}`,
    );
  }
  log(`安装系统软件包：${pkgs.join(" ")}（apt-get）…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (run("apt-get", ["update", "-qq"], { env }) !== 0) fail("apt-get update 失败");
  if (run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], { env }) !== 0) {
    fail(`apt-get install ${pkgs.join(" ")} 失败`);
  }
}

function installWorkspace() {
  log("安装依赖（pnpm install）…");
  const frozen = existsSync(join(root, "pnpm-lock.yaml")) && process.env.CI ? ["--frozen-lockfile"] : [];
  if (run("pnpm", ["install", ...frozen]) !== 0) fail("pnpm install 失败");
  log("生成 Prisma 客户端…");
  if (run("pnpm", ["--filter", "@dangjian/db", "run", "generate"]) !== 0) fail("prisma generate 失败");
}

if (!["start", "test", "test:faults", "setup", "stack", "backup", "restore"].includes(command))
  fail(`未知命令：${command}（可用：start、test、test:faults、setup、backup、restore）`);
ensurePnpm();
ensureSystemPackages();
if (!process.env.DANGJIAN_SKIP_INSTALL) installWorkspace();
if (command === "setup") process.exit(0);
// Ctrl-C reaches every process of the terminal's group; this one waits for main.ts to stop
// the platform (PostgreSQL included) instead of exiting first.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => {});
// node --import tsx, not the tsx CLI: the CLI relays signals with a short timeout and can kill
// the orchestrator before it has stopped PostgreSQL.
const child = spawn(process.execPath, ["--import", "tsx", "infra/dev/src/main.ts", command, ...rest], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
