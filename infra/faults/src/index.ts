// Helpers of the fault tests: a PostgreSQL of a test's own (so it can be stopped and started
// again without touching the lane's shared server), child processes with captured output, and
// waiting for a condition instead of sleeping.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  freePort,
  prepareTemplate,
  recreateDatabase,
  repoRoot,
  startPostgres,
  TEMPLATE_DB,
  type PostgresServer,
} from "@dangjian/infra-dev";

/** Polls `fn` until it returns a truthy value (returned), or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ""}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
}

export interface OwnPostgres {
  /** postgresql://…/faults (a migrated database) */
  url: string;
  port: number;
  server(): PostgresServer;
  /** fast shutdown (SIGINT): open transactions roll back, connections are cut */
  stop(): Promise<void>;
  /** starts it again on the same port and data */
  start(): Promise<void>;
  /** stops it for good and removes its data */
  destroy(): Promise<void>;
  /** SIGSTOP to the server and all its backends: connections stay open, nothing answers */
  freeze(): void;
  /** SIGCONT: it answers again */
  thaw(): void;
}

/** A PostgreSQL cluster of the test's own on a free port, with a migrated database `faults`. */
export async function ownPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "dangjian-faults-pg-"));
  const port = await freePort();
  let server = await startPostgres({ dir, port, fast: true });
  await prepareTemplate(server);
  await recreateDatabase(server, "faults", TEMPLATE_DB);
  let running = true;
  // the postmaster (first line of postmaster.pid) and its children: each backend calls setsid(),
  // so they are found by parent, not by process group
  const serverProcesses = (): number[] => {
    const postmaster = Number(readFileSync(join(dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    const children = readdirSync("/proc")
      .filter((pid) => /^\d+$/.test(pid))
      .filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
          return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
        } catch {
          return false;
        }
      })
      .map(Number);
    return [postmaster, ...children];
  };
  return {
    url: server.url("faults"),
    port,
    server: () => server,
    async stop() {
      if (!running) return;
      await server.stop();
      running = false;
    },
    async start() {
      if (running) return;
      server = await startPostgres({ dir, port, fast: true });
      running = true;
    },
    freeze() {
      // the postmaster first, so that it forks no backend after the children were listed (a
      // connection opened in that window kept answering: /readyz said 200 while "frozen");
      // then every child, listed once it can no longer fork
      const [postmaster, ...children] = serverProcesses();
      process.kill(postmaster!, "SIGSTOP");
      for (const pid of new Set([...children, ...serverProcesses().slice(1)])) {
        try {
          process.kill(pid, "SIGSTOP");
        } catch {
          // a backend that exited meanwhile has nothing to answer
        }
      }
    },
    thaw() {
      for (const pid of serverProcesses()) process.kill(pid, "SIGCONT");
    },
    async destroy() {
      if (running) await server.stop();
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Proc {
  name: string;
  child: ChildProcess;
  /** everything written to stdout and stderr so far */
  output(): string;
  /** resolves with the first match of `pattern` in the output (already written or to come) */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the process alone (its own children, e.g. ffmpeg, are not signalled) */
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL to the whole group after `graceMs` */
  stop(graceMs?: number): Promise<void>;
}

/** A Node process running a TypeScript entry (through tsx), in its own process group. */
export function spawnNode(name: string, entry: string, env: Record<string, string>, cwd = repoRoot): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const watchers = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.DANGJIAN_FAULTS_VERBOSE) process.stderr.write(`[${name}] ${chunk.toString()}`);
    for (const w of watchers) w();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup("SIGKILL");
  process.on("exit", onExit);
  void exited.then(() => process.off("exit", onExit));
  return {
    name,
    child,
    output: () => output,
    waitForOutput(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name}: no output matching ${pattern} in ${timeoutMs / 1000} s:\n${output.slice(-3000)}`));
        }, timeoutMs);
        const onEnd = () => {
          cleanup();
          reject(new Error(`${name} exited before printing ${pattern}:\n${output.slice(-3000)}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          watchers.delete(check);
          child.off("exit", onEnd);
        };
        watchers.add(check);
        child.once("exit", onEnd);
        check();
      });
    },
    exited,
    kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup("SIGTERM");
      const timer = setTimeout(() => killGroup("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function getJson(url: string, timeoutMs = 10_000): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body, ms: performance.now() - started };
}
