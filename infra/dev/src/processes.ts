// Child processes of `start` and `test`: prefixed output, and a clean stop of all of them.
import { spawn, type ChildProcess } from "node:child_process";
import { repoRoot } from "./paths.ts";

export interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number>;
}

const COLORS = ["\x1b[35m", "\x1b[32m", "\x1b[33m", "\x1b[34m"];
let colorIndex = 0;

export function startChild(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd = repoRoot,
): Child {
  const color = COLORS[colorIndex++ % COLORS.length];
  // Own process group: a terminal's Ctrl-C reaches only the orchestrator, which then stops
  // the children in order (web and worker first, the database last).
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const killOnExit = () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  };
  process.on("exit", killOnExit);
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => `${color}[${name}]\x1b[0m ${line}`)
      .join("\n");
  child.stdout?.on("data", (chunk: Buffer) => console.log(prefix(chunk)));
  child.stderr?.on("data", (chunk: Buffer) => console.error(prefix(chunk)));
  const exited = new Promise<number>((resolve) =>
    child.on("exit", (code, signal) => {
      process.off("exit", killOnExit);
      resolve(code ?? (signal ? 128 : 1));
    }),
  );
  return { name, process: child, exited };
}

export async function stopChildren(children: Child[], timeoutMs = 10_000): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.process.exitCode !== null || child.process.signalCode !== null) return;
      // signal the whole group: pnpm → tsx → node
      const signal = (sig: NodeJS.Signals) => child.process.pid && process.kill(-child.process.pid, sig);
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), timeoutMs);
      await child.exited;
      clearTimeout(timer);
    }),
  );
}

/** Runs a command to completion with inherited output; resolves with its exit code. */
export function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} 在 ${timeoutMs / 1000} 秒内没有响应`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
