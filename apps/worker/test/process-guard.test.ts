// Defect 10: an error that escapes a job must not end the worker process.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("./fixtures/escaping-errors.ts", import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", fixture, ...args], { encoding: "utf8", timeout: 20_000 });

describe("worker process guards", () => {
  it("without them, an unawaited rejection kills the process (what main.ts had)", () => {
    const result = run();
    expect(result.status).not.toBe(0);
    expect(result.stdout).not.toContain("still running");
  });

  it("with them, both escapes are logged and the process keeps running", () => {
    const result = run("--guarded");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("未处理的异步错误（已记录，进程继续运行）：Error: progress write failed");
    expect(result.stdout).toContain("未捕获的异常（已记录，进程继续运行）：Error: timer callback threw");
    expect(result.stdout).toContain("still running");
  });
});
