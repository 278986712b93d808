// Reads that may lag go to a real streaming replica; writes and read-your-own-write stay on the
// primary (ADR 1002). A primary of its own and a hot standby made from it with the embedded
// binaries (base backup as in ADR 1022, standby.signal, a replication slot), two gateways in
// front (each with its own services, pools and replica monitor: they share only PostgreSQL and
// what the browser carries). Replay on the standby is paused to hold it back deterministically.
// The observable: a change made directly on the primary, invisible to a read while replay is
// paused, shows that the read was answered by the standby; visible, that the primary answered.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idNumberCheckChar } from "@dangjian/core";
import { startReplicatedPostgres, freePort, type ReplicatedPostgres } from "@dangjian/infra-dev";
import { testStorageConfig } from "@dangjian/infra-dev/vitest";
import { renderMetrics } from "@dangjian/observability";
import { createServices, parseLsn, type Actor, type Services } from "@dangjian/services";
import { createRegion, PASSWORD, type Region } from "@dangjian/services/testing";
import { createGateway, type Gateway } from "../src/index.ts";

let dir: string;
let pg: ReplicatedPostgres;
let region: Region;
/** seeds the region and makes direct changes: primary only */
let plain: Services;
const opened: Services[] = [];
const gateways: Gateway[] = [];
let one: Gateway;
let two: Gateway;

function services(replica: { url: string; maxLagMs?: number; pollMs?: number } | null): Services {
  const s = createServices({
    databaseUrl: pg.primaryUrl,
    poolSize: 3,
    storage: testStorageConfig(),
    ...(replica ? { replica: { pollMs: 100, maxLagMs: 60_000, poolSize: 3, ...replica } } : {}),
  });
  opened.push(s);
  return s;
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const onReplica = <T>(sql: string) => pg.replica.admin(async (c) => (await c.query(sql)).rows as T[]);
const pauseReplay = () => onReplica("SELECT pg_wal_replay_pause()");
const resumeReplay = () => onReplica("SELECT pg_wal_replay_resume()");
async function primaryLsn(): Promise<string> {
  const [row] = await pg.primary.admin(
    async (c) => (await c.query("SELECT pg_current_wal_insert_lsn()::text AS lsn")).rows,
  );
  return (row as { lsn: string }).lsn;
}
async function rename(memberId: string, name: string): Promise<void> {
  await plain.deps.db.member.update({ where: { id: memberId }, data: { name } });
}

/** The standby has replayed past `lsn`, and both gateways' monitors have seen it. */
async function monitorsPassed(lsn: string): Promise<void> {
  for (const s of [opened[1]!, opened[2]!]) {
    await until("the monitor saw the replay pass the position", () => {
      const state = s.reads.replica();
      return state?.status === "streaming" && parseLsn(state.replayLsn)! >= parseLsn(lsn)!;
    });
  }
}

/** A browser: its cookies, kept across gateways like a real one's (one origin behind a balancer). */
class Browser {
  cookies = new Map<string, string>();
  private keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, value] = pair!.split("=") as [string, string];
      const gone = attributes.some((a) => /^\s*max-age=0$/i.test(a)) || value === "";
      if (gone) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }
  private header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  async mutation<T>(gateway: Gateway, path: string, input: unknown): Promise<T> {
    const response = await fetch(`${gateway.url}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: this.header(), origin: gateway.url },
      body: JSON.stringify(superjson.serialize(input)),
    });
    this.keep(response);
    const body = (await response.json()) as { result?: { data: never }; error?: unknown };
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body.error)}`);
    return superjson.deserialize(body.result!.data);
  }
  async query<T>(gateway: Gateway, path: string, input: unknown): Promise<T> {
    const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
    const response = await fetch(`${gateway.url}/api/trpc/${path}?input=${encoded}`, {
      headers: { cookie: this.header() },
    });
    this.keep(response);
    const body = (await response.json()) as { result?: { data: never }; error?: unknown };
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body.error)}`);
    return superjson.deserialize(body.result!.data);
  }
  async login(gateway: Gateway, phone: string): Promise<void> {
    const { token } = await this.mutation<{ token: string }>(gateway, "auth.login", {
      identifier: phone,
      password: PASSWORD,
    });
    this.cookies.set("dj_session", encodeURIComponent(token)); // the apps' login action sets it
  }
}

type Roster = { members: Array<{ id: string; name: string }> };
const names = (roster: Roster) => roster.members.map((m) => m.name);

let idSeq = 0;
function newMember(name: string) {
  idSeq += 1;
  const body = `53040219900101${String(100 + idSeq)}`;
  return {
    name,
    idNumber: body + idNumberCheckChar(body),
    status: "FULL" as const,
    category: "ON_DUTY" as const,
    joinedOn: new Date("2015-07-01"),
    fullMemberOn: new Date("2016-07-01"),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dangjian-replica-"));
  chmodSync(dir, 0o755); // the server runs as `postgres` when the tests run as root
  pg = await startReplicatedPostgres({ dir });
  plain = services(null);
  region = await createRegion(plain.deps.db);
  one = await createGateway({ services: services({ url: pg.replicaUrl }), port: 0, withoutApps: true });
  two = await createGateway({ services: services({ url: pg.replicaUrl }), port: 0, withoutApps: true });
  gateways.push(one, two);
  // the standby has replayed the seeded region, and both monitors have seen it
  const seeded = await primaryLsn();
  await until("the replica has the region", async () => {
    const [row] = await onReplica<{ ok: boolean }>(`SELECT pg_last_wal_replay_lsn() >= '${seeded}'::pg_lsn AS ok`);
    return row!.ok;
  });
  for (const s of opened.slice(1))
    await until("the monitor sees a streaming replica", () => s.reads.replica()?.status === "streaming");
}, 120_000);

afterAll(async () => {
  for (const g of gateways) await g.close().catch(() => undefined);
  for (const s of opened) await s.close().catch(() => undefined);
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a real streaming replica", () => {
  it("is a hot standby of the primary, streaming through its slot", async () => {
    const [standby] = await onReplica<{ recovery: boolean }>("SELECT pg_is_in_recovery() AS recovery");
    expect(standby!.recovery).toBe(true);
    const [slot] = await pg.primary.admin(
      async (c) =>
        (await c.query("SELECT active FROM pg_replication_slots WHERE slot_name = $1", [pg.replica.slot])).rows,
    );
    expect(slot).toEqual({ active: true });
    // a write on the standby is refused: writes can only have gone to the primary
    await expect(onReplica("CREATE TABLE nope (id int)")).rejects.toThrow(/read-only/);
  });
});

describe("routing (ADR 1002)", () => {
  const secretary = new Browser();
  const sameAccountElsewhere = new Browser();
  let fence: string;

  it("sends lists to the replica and writes to the primary; the writer then reads its write, on any gateway", async () => {
    await secretary.login(one, region.phones.secretary);
    await sameAccountElsewhere.login(two, region.phones.secretary);
    await monitorsPassed(await primaryLsn()); // both logins (their fences) replayed

    await pauseReplay();
    // a change made directly on the primary: a read that shows the old name came from the standby
    await rename(region.members.alice, "李红（主库已改）");
    for (const gateway of [one, two]) {
      const roster = await sameAccountElsewhere.query<Roster>(gateway, "members.list", {});
      expect(names(roster)).toContain("李红");
      expect(names(roster)).not.toContain("李红（主库已改）");
    }

    // the secretary adds a member: the write goes to the primary (the standby refuses writes)
    const added = await secretary.mutation<{ id: string }>(one, "members.add", newMember("孙副本"));
    fence = secretary.cookies.get("dj_read_after")!;
    expect(fence).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect((await plain.deps.db.member.findUnique({ where: { id: added.id } }))?.name).toBe("孙副本");

    // read-your-own-write: the next read, on the other gateway, while the standby is held back
    const own = await secretary.query<Roster>(two, "members.list", {});
    expect(names(own)).toContain("孙副本");
    expect(names(own)).toContain("李红（主库已改）"); // answered by the primary
    // another session of the same account has no such write to wait for: still the standby
    const other = await sameAccountElsewhere.query<Roster>(two, "members.list", {});
    expect(names(other)).not.toContain("孙副本");
    expect(names(other)).toContain("李红");
  });

  it("goes back to the replica once it has replayed past the write", async () => {
    await resumeReplay();
    await monitorsPassed(fence);
    await pauseReplay();
    await rename(region.members.carol, "张芳（主库再改）");
    // the secretary's fence is behind the standby now: the same read is answered by it again
    const own = await secretary.query<Roster>(two, "members.list", {});
    expect(names(own)).toContain("孙副本");
    expect(names(own)).toContain("李红（主库已改）");
    expect(names(own)).toContain("张芳");
    expect(names(own)).not.toContain("张芳（主库再改）");
  });

  it("sends lag-tolerant reads to the primary while the replica is staler than the bound", async () => {
    // replay is paused (previous test); a monitor with a one-second bound gives up on it
    const strict = services({ url: pg.replicaUrl, maxLagMs: 1000 });
    await until("the strict monitor has checked", () => strict.reads.replica()?.status !== "starting");
    const actor = await actorOf(strict, region.phones.secretary);
    await until("stale beyond the bound", () => strict.reads.replica()?.status === "lagging", 10_000);
    expect(names(await strict.members.list(actor, {}))).toContain("张芳（主库再改）");
    // the lenient gateways still read the standby
    expect(names(await sameAccountElsewhere.query<Roster>(one, "members.list", {}))).toContain("张芳");
    const ready = (await (await fetch(`${one.url}/readyz`)).json()) as { ready: boolean; replica: { status: string } };
    expect(ready.replica.status).toBe("streaming");
    await resumeReplay();
    // what operators see: where these reads went and why, and the replica's staleness
    const { body } = await renderMetrics();
    expect(body).toMatch(/dangjian_lag_tolerant_reads_total\{served_by="replica",reason="replica"\} [1-9]/);
    expect(body).toMatch(/dangjian_lag_tolerant_reads_total\{served_by="primary",reason="own_write"\} [1-9]/);
    expect(body).toMatch(/dangjian_lag_tolerant_reads_total\{served_by="primary",reason="replica_lagging"\} [1-9]/);
    // the gauge is exported; right after replay resumes it may read -1 ("unknown", as its help says)
    expect(body).toMatch(/^dangjian_db_replica_staleness_seconds -?\d/m);
  });
});

async function actorOf(s: Services, phone: string): Promise<Actor> {
  const { token } = await s.auth.login({ identifier: phone, password: PASSWORD, ip: null, userAgent: null });
  const session = await s.auth.resolveSession(token);
  if (session.kind !== "ok") throw new Error("login failed");
  return session.actor;
}

describe("unhappy paths: reads fall back to the primary, never an error", () => {
  it("a replica URL that names the primary itself is never used as a replica", async () => {
    const self = services({ url: pg.primaryUrl });
    await until("checked", () => self.reads.replica()?.status !== "starting");
    expect(self.reads.replica()?.status).toBe("not_standby");
    const actor = await actorOf(self, region.phones.secretary);
    expect(names(await self.members.list(actor, {}))).toContain("张芳（主库再改）");
    const readiness = await self.readiness({ timeoutMs: 2000 });
    expect(readiness.replica?.status).toBe("not_standby");
  });

  it("a replica unreachable from the start: reads on the primary, ready all the same", async () => {
    const nobody = services({ url: `postgresql://dangjian:dangjian@127.0.0.1:${await freePort()}/dangjian` });
    const gateway = await createGateway({ services: nobody, port: 0, withoutApps: true });
    gateways.push(gateway);
    await until("checked", () => nobody.reads.replica()?.status === "down");
    const browser = new Browser();
    await browser.login(gateway, region.phones.secretary);
    expect(names(await browser.query<Roster>(gateway, "members.list", {}))).toContain("张芳（主库再改）");
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { replica: { status: string } };
    expect(body.replica.status).toBe("down");
    expect(JSON.stringify(body)).not.toContain("127.0.0.1");
  });

  it("the replica stops under a process that still thinks it streams: the read is asked of the primary", async () => {
    // a monitor that checks once a minute: it cannot notice the stop before the read does. Its
    // first check must find the replica caught up with the primary's position at that instant;
    // WAL written meanwhile (the earlier tests' writes still replaying, a checkpoint) shows it as
    // lagging for the next minute, so such a monitor is closed and a new one asked (at most 10)
    let slow: Services | undefined;
    for (let attempt = 0; attempt < 10 && !slow; attempt++) {
      const monitor = services({ url: pg.replicaUrl, pollMs: 60_000 });
      await until("the first check", () => monitor.reads.replica()?.status !== "starting");
      if (monitor.reads.replica()?.status === "streaming") slow = monitor;
    }
    if (!slow) throw new Error("no monitor found the replica streaming and caught up at its first check");
    const actor = await actorOf(slow, region.phones.secretary);
    delete actor.readAfterLsn;
    await until("the replica has the login", async () => {
      const lsn = await primaryLsn();
      const [row] = await onReplica<{ ok: boolean }>(`SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS ok`);
      return row!.ok;
    });
    await slow.members.list(actor, {}); // a pooled connection to the replica exists
    await pg.replica.stop();
    await rename(region.members.carol, "张芳（副本已停）");
    expect(slow.reads.replica()?.status).toBe("streaming");
    expect(names(await slow.members.list(actor, {}))).toContain("张芳（副本已停）");
    expect(slow.reads.replica()?.status).toBe("down");
    // the gateways' monitors notice by themselves; reads over HTTP go on
    const browser = new Browser();
    await browser.login(two, region.phones.secretary);
    await until("gateway two's monitor saw it", () => opened[2]!.reads.replica()?.status === "down");
    expect(names(await browser.query<Roster>(two, "members.list", {}))).toContain("张芳（副本已停）");
  });
});
