// Heartbeats across gateway processes (ADR 1001), with real processes: two gateways started as
// child processes on one database, the platform's round-robin balancer in front (the one
// `DANGJIAN_GATEWAYS=N npm start` runs) that sends each request to the next process whatever it
// is, and one member whose two tabs' heartbeats (plus a storm of
// replays) are spread over both. The processes share nothing but PostgreSQL.
//  - With a clock the test sets in every process (IPC), the script is exact: two processes
//    credit what one process credits for the same requests, and never more than the wall clock.
//  - On the real clock, one of the two is killed with SIGKILL in the middle of the storm and
//    started again: at most the unflushed second is lost and nothing is credited twice.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMember,
  PASSWORD,
  regionDatabase,
  videoLesson,
  type Region,
  type TestDatabase,
} from "@dangjian/services/testing";
import { startBalancer as startRoundRobinProxy, type Balancer as RoundRobinProxy } from "@dangjian/infra-dev";

const FIXTURE = fileURLToPath(new URL("./fixtures/gateway-process.ts", import.meta.url));

interface GatewayProcess {
  url: string;
  child: ChildProcess;
  send(message: { clock?: number | null; flush?: boolean }): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

let t: TestDatabase;
let region: Region;
const started: GatewayProcess[] = [];
/** the two gateway processes both tests use (the second one replaces the first after killing it) */
let a: GatewayProcess;
let b: GatewayProcess;
let messageId = 0;

async function startGateway(): Promise<GatewayProcess> {
  const child = fork(FIXTURE, [t.url], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.on("message", (m: { url?: string }) => m.url && resolve(m.url));
    child.once("exit", (code) => reject(new Error(`gateway process exited (${code}) before listening`)));
  });
  const gateway: GatewayProcess = {
    url,
    child,
    send: (message) =>
      new Promise<void>((resolve, reject) => {
        const id = ++messageId;
        const onMessage = (m: { ack?: number; error?: string }) => {
          if (m.ack !== id) return;
          child.off("message", onMessage);
          if (m.error) reject(new Error(m.error));
          else resolve();
        };
        child.on("message", onMessage);
        child.send({ ...message, id });
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
  started.push(gateway);
  return gateway;
}

const hourLesson = async (title: string) =>
  (await videoLesson(t.services.deps.db, { title, durationSec: 3600 })).lessonId;

/** A member with two tabs, each on its own lesson, each opened by its playlist fetch (ADR 0753). */
async function watcher(phone: string, openedAt: Date) {
  const db = t.services.deps.db;
  const memberId = await createMember(db, { name: `多网关${phone.slice(-2)}`, branchId: region.branchA, phone });
  const { token } = await t.services.auth.login({ identifier: phone, password: PASSWORD, ip: null, userAgent: null });
  const tabs = [];
  for (const n of [1, 2]) {
    const lessonId = await hourLesson(`多网关课${phone.slice(-2)}-${n}`);
    const sessionId = crypto.randomUUID();
    await db.watchSession.create({ data: { id: sessionId, memberId, lessonId, playlistAt: openedAt } });
    tabs.push({ lessonId, sessionId, seq: 0, sent: [] as Beat[] });
  }
  return { memberId, cookie: `dj_session=${encodeURIComponent(token)}`, tabs };
}

interface Beat {
  lessonId: string;
  sessionId: string;
  seq: number;
  positionSec: number;
  playing: boolean;
  rate: number;
  visible: boolean;
}

async function post(base: string, cookie: string, beat: Beat): Promise<number> {
  const res = await fetch(`${base}/api/school/heartbeat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: base },
    body: JSON.stringify(beat),
  });
  await res.arrayBuffer();
  return res.status;
}

async function credited(memberId: string) {
  const db = t.services.deps.db;
  const credit = await db.studyCredit.aggregate({ where: { memberId }, _sum: { seconds: true } });
  const covered = await db.lessonProgress.aggregate({ where: { memberId }, _sum: { coveredSec: true } });
  return { credited: credit._sum.seconds ?? 0, covered: covered._sum.coveredSec ?? 0 };
}

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
  [a, b] = await Promise.all([startGateway(), startGateway()]);
}, 120_000);
afterAll(async () => {
  for (const g of started) await g.stop();
  await t.drop();
});

const STEP_MS = 5000;
const STEPS = 24;

/**
 * The script: both tabs play new material at once (3 s of video per 5 s step each, so together
 * they ask for more than the wall clock: the budget decides), and every step each tab's fresh
 * heartbeat goes out together with replays of its last three, all at once. Every process is
 * told the step's instant first and writes behind after the step.
 */
async function clockedStorm(proxy: RoundRobinProxy, gateways: GatewayProcess[], phone: string, start: number) {
  const w = await watcher(phone, new Date(start));
  const statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  for (let step = 0; step <= STEPS; step++) {
    await Promise.all(gateways.map((g) => g.send({ clock: start + step * STEP_MS })));
    const fresh = w.tabs.map((tab) => ({
      lessonId: tab.lessonId,
      sessionId: tab.sessionId,
      seq: tab.seq++,
      positionSec: step * 3,
      playing: true,
      rate: 1,
      visible: true,
    }));
    if (step === 0) {
      // the first beat reaches every process (in turn), so each one holds the anchor
      for (const beat of fresh) for (let i = 0; i <= gateways.length; i++) count(await post(proxy.url, w.cookie, beat));
    } else {
      const replays = w.tabs.flatMap((tab) => tab.sent.slice(-3));
      for (const s of await Promise.all([...fresh, ...replays].map((beat) => post(proxy.url, w.cookie, beat))))
        count(s);
    }
    w.tabs.forEach((tab, i) => tab.sent.push(fresh[i]!));
    await Promise.all(gateways.map((g) => g.send({ flush: true })));
  }
  return { memberId: w.memberId, statuses };
}

describe("heartbeats across gateway processes (ADR 1001)", () => {
  it("two gateways behind round-robin credit exactly what one gateway credits, never more than the wall clock", async () => {
    const start = Date.now();
    const alone = await startRoundRobinProxy([a.url]);
    const single = await clockedStorm(alone, [a], "13700000031", start);
    await alone.close();
    const both = await startRoundRobinProxy([a.url, b.url]);
    const double = await clockedStorm(both, [a, b], "13700000032", start + 3_600_000);
    await both.close();
    expect([...single.statuses.keys()]).toEqual([200]);
    expect([...double.statuses.keys()]).toEqual([200]);

    const one = await credited(single.memberId);
    const two = await credited(double.memberId);
    const wallClockSec = (STEPS * STEP_MS) / 1000;
    // both tabs asked for 6 s a step: the member's one budget pays 5, the wall clock
    expect(one.credited).toBe(wallClockSec);
    expect(two.credited).toBe(one.credited);
    // what is stored as covered is what was paid for: no second counted twice, none unpaid
    expect(two.covered).toBeCloseTo(two.credited, 6);
    const budget = await t.services.deps.db.studyBudget.findUniqueOrThrow({ where: { memberId: double.memberId } });
    expect(budget.creditedUntil.getTime()).toBeLessThanOrEqual(start + 3_600_000 + STEPS * STEP_MS);
  }, 60_000);

  it("a gateway killed with SIGKILL mid-storm and restarted loses at most its unflushed second and credits nothing twice", async () => {
    // the real clock from here: the processes flush on their own once a second
    await Promise.all([a, b].map((g) => g.send({ clock: null })));
    const w = await watcher("13700000033", new Date());
    const proxy = await startRoundRobinProxy([a.url, b.url]);
    const first = Date.now();
    let killedAt = 0;
    let phase: "before" | "down" | "after" = "before";
    let rejected = 0;
    let unanswered = 0;
    const beat = (tab: (typeof w.tabs)[number]): Beat => ({
      lessonId: tab.lessonId,
      sessionId: tab.sessionId,
      seq: tab.seq++,
      // each tab plays at 0.6× the wall clock: together they ask for more than it
      positionSec: ((Date.now() - first) / 1000) * 0.6,
      playing: true,
      rate: 1,
      visible: true,
    });
    let firstAnswered = 0;
    let lastFreshSent = 0;
    const storm = async () => {
      const fresh = w.tabs.map(beat);
      lastFreshSent = Date.now();
      const replays = w.tabs.flatMap((tab) => tab.sent.slice(-4));
      const statuses = await Promise.all([...fresh, ...replays].map((b2) => post(proxy.url, w.cookie, b2)));
      // 502 only for a request in flight at the moment of the kill: the balancer hands a refused
      // connection to the other process
      rejected += statuses.filter((s) => s !== 200 && s !== 502).length;
      unanswered += statuses.filter((s) => s === 502).length;
      w.tabs.forEach((tab, i) => tab.sent.push(fresh[i]!));
      firstAnswered ||= Date.now();
    };
    const tick = () => new Promise((resolve) => setTimeout(resolve, 150));
    let replacement: GatewayProcess | undefined;
    let restarting: Promise<GatewayProcess> | undefined;
    let iterations = 0;
    let afterRestart = 0;
    while (phase !== "after" || afterRestart < 12) {
      await storm();
      iterations += 1;
      if (phase === "before" && iterations >= 12) {
        await a.kill();
        killedAt = Date.now();
        phase = "down";
        // it is started again while the storm goes on: meanwhile the balancer finds it refusing
        // connections and hands its share to the other process; it comes back on a new port
        restarting = startGateway();
      }
      if (phase === "down" && restarting && (await Promise.race([restarting, null]))) {
        replacement = await restarting;
        proxy.upstreams = [replacement.url, b.url];
        phase = "after";
      }
      if (phase === "after") afterRestart += 1;
      await tick(); // the players' pace, not a synchronisation
    }
    // after the restart, every beat either process accepted before the kill is replayed once more
    await Promise.all(w.tabs.flatMap((tab) => tab.sent).map((b2) => post(proxy.url, w.cookie, b2)));
    const last = Date.now();
    await Promise.all([replacement!.stop(), b.stop()]);
    await proxy.close();
    expect(rejected).toBe(0);
    expect(unanswered).toBeLessThanOrEqual(2 * 10); // at most one storm's requests to the killed process
    expect(proxy.counts.get(replacement!.url) ?? 0).toBeGreaterThan(0); // the restarted process took its share
    expect(killedAt).toBeGreaterThan(0);

    const { credited: total, covered } = await credited(w.memberId);
    const wallClockSec = (last - first) / 1000;
    // within the wall clock, and every credited second is a distinct second of coverage
    expect(total).toBeLessThanOrEqual(Math.ceil(wallClockSec));
    // credited whole seconds are the covered seconds rounded down, per lesson (two lessons)
    expect(total).toBeLessThanOrEqual(covered + 1e-6);
    expect(covered - total).toBeLessThan(2);
    // the two tabs asked for 1.2× the wall clock, so the budget pays all the time between the
    // first beat (answered by then) and the last fresh one (sent by then), less at most the
    // second the killed process had not written and the fraction below a whole second of each
    // of the two lessons' coverage
    const spanSec = (lastFreshSent - firstAnswered) / 1000;
    expect(total).toBeGreaterThanOrEqual(spanSec - 1 - 2);
  }, 90_000);
});
