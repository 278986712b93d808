// What the heartbeat benchmarks share: one branch of members with accounts, READY one-hour video
// lessons, their logins, the gateway child process, and autocannon's heartbeat request (each
// request a valid heartbeat of one watch session: increasing sequence, position by wall clock).
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import autocannon, { type Request as AutocannonRequest } from "autocannon";
import { createDb, type Db } from "@dangjian/db";
import { migrate } from "@dangjian/db/migrate";
import { piiKeysFromEnv, sealAccountRow, sealMemberRow } from "@dangjian/db/pii";
import { dataRoot, recreateDatabase, startPostgres } from "@dangjian/infra-dev";
import { createServices, hashPassword } from "@dangjian/services";
import { env } from "./env.ts";

// benchmarks write synthetic people: a throwaway key unless one is given (ADR 0752)
// eslint-disable-next-line no-restricted-properties
process.env.DANGJIAN_PII_KEY ??= (await import("node:crypto")).randomBytes(32).toString("base64");

const PASSWORD = "Bench@2026";
const phoneOf = (i: number) => `1770000${String(i).padStart(4, "0")}`;

export interface HeartbeatBench {
  /** One list of lesson ids per lesson set. */
  lessonIds: string[][];
  memberIds: string[];
}

/** One branch, `members` members with accounts, and `lessons` READY video lessons per lesson set. */
async function seedHeartbeatBench(
  db: Db,
  options: { members: number; lessons: number; sets: string[] },
): Promise<HeartbeatBench> {
  const org = await db.org.create({
    data: { name: "基准测试支部", kind: "BRANCH", level: "BRANCH", ancestorIds: [], path: "/b/", depth: 0 },
  });
  const course = await db.course.create({ data: { title: "基准课程", category: "理论学习", published: true } });
  const lessonIds: string[][] = [];
  for (const set of options.sets) {
    const ids: string[] = [];
    for (let i = 0; i < options.lessons; i++) {
      const asset = await db.videoAsset.create({
        data: {
          sourceKey: `bench/${set}${i}`,
          fileName: "a.mp4",
          contentType: "video/mp4",
          sizeBytes: BigInt(1),
          status: "READY",
          durationSec: 3600,
          outputPrefix: "bench/",
        },
      });
      const title = `课时 ${set.replace(/\/$/, "-")}${i}`;
      const lesson = await db.lesson.create({
        data: { courseId: course.id, title, kind: "VIDEO", durationSec: 3600, videoAssetId: asset.id },
      });
      ids.push(lesson.id);
    }
    lessonIds.push(ids);
  }
  const passwordHash = await hashPassword(PASSWORD);
  const memberIds: string[] = [];
  for (let i = 0; i < options.members; i++) {
    const phone = phoneOf(i);
    const member = await db.member.create({
      data: sealMemberRow(piiKeysFromEnv(), {
        memberNo: `BM${i}`,
        name: `党员${i}`,
        gender: "MALE" as const,
        status: "FULL" as const,
        category: "ON_DUTY" as const,
        joinedOn: new Date("2010-01-01"),
        branchId: org.id,
        phone,
      }),
    });
    memberIds.push(member.id);
    await db.account.create({
      data: {
        memberId: member.id,
        displayName: `党员${i}`,
        ...sealAccountRow(piiKeysFromEnv(), { phone }),
        passwordHash,
        roleGrants: { create: [{ role: "MEMBER", orgId: org.id }] },
      },
    });
  }
  return { lessonIds, memberIds };
}

/** A session token per member, by a real login. */
async function loginMembers(databaseUrl: string, members: number): Promise<string[]> {
  const services = createServices({ databaseUrl, poolSize: 4 });
  const tokens: string[] = [];
  for (let i = 0; i < members; i++) {
    const session = await services.auth.login({
      identifier: phoneOf(i),
      password: PASSWORD,
      ip: null,
      userAgent: null,
    });
    tokens.push(session.token);
  }
  await services.close();
  return tokens;
}

/** The gateway in a child process (heartbeat-server.ts); `stop` waits for its final flush. */
async function startHeartbeatServer(
  databaseUrl: string,
  children: ChildProcess[],
  nodeArgs: string[] = [],
): Promise<{ url: string; stop: () => Promise<void> }> {
  const script = join(import.meta.dirname, "heartbeat-server.ts");
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script, databaseUrl], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const m = /URL (\S+)/.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM"); // closes and writes everything behind (final flush)
      await exited;
    },
  };
}

export interface WatchSession {
  member: number;
  lessonId: string;
  sessionId: string;
  seq: number;
  startedAt: number;
}

/** Member i watches lesson (i + k) mod lessons in its k-th session. */
function watchSessions(lessonIds: string[], members: number, perMember: number): WatchSession[] {
  return Array.from({ length: members * perMember }, (_, n) => ({
    member: n % members,
    lessonId: lessonIds[(n + Math.floor(n / members)) % lessonIds.length]!,
    sessionId: crypto.randomUUID(),
    seq: 0,
    startedAt: 0,
  }));
}

/** Every session was opened by its player's playlist fetch (ADR 0753): heartbeats are believed only then. */
async function openWatchSessions(db: Db, sessions: WatchSession[], memberIds: string[]): Promise<void> {
  await db.watchSession.createMany({
    data: sessions.map((s) => ({
      id: s.sessionId,
      memberId: memberIds[s.member]!,
      lessonId: s.lessonId,
      playlistAt: new Date(),
    })),
  });
}

/** autocannon's request: the next session's next heartbeat, round robin. */
function heartbeatRequest(
  sessions: WatchSession[],
  tokens: string[],
  onResponse: (status: number, body: string) => void,
): AutocannonRequest {
  let next = 0;
  return {
    setupRequest: (req) => {
      const s = sessions[next++ % sessions.length]!;
      const now = Date.now();
      if (s.startedAt === 0) s.startedAt = now;
      return {
        ...req,
        headers: { "content-type": "application/json", cookie: `dj_session=${tokens[s.member]}` },
        body: JSON.stringify({
          lessonId: s.lessonId,
          sessionId: s.sessionId,
          seq: s.seq++,
          positionSec: Math.min(3599, (now - s.startedAt) / 1000),
          playing: true,
          rate: 1,
          visible: true,
        }),
      };
    },
    onResponse,
  };
}

export type HeartbeatLimit = { duration: number } | { amount: number };

/**
 * A fresh database in the bench PostgreSQL (DANGJIAN_TEST_PG_PORT), migrated and seeded, the
 * members logged in; then watch sessions, gateway processes and autocannon runs on demand.
 * `close` stops what is still running.
 */
export async function openHeartbeatBench(
  name: string,
  options: { members: number; lessons: number; sets: string[]; sessionsPerMember: number },
) {
  const pg = await startPostgres({ dir: join(dataRoot, "bench-pg"), port: env.DANGJIAN_TEST_PG_PORT, fast: true });
  const url = pg.url(name);
  const children: ChildProcess[] = [];
  const db = createDb(url, { max: 4 });
  const close = async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    await db.$disconnect();
    await pg.stop();
  };
  try {
    await recreateDatabase(pg, name);
    await migrate(url);
    const seeded = await seedHeartbeatBench(db, options);
    const tokens = await loginMembers(url, options.members);
    return {
      url,
      db,
      ...seeded,
      close,
      /** Watch sessions of these lessons, opened as a player's playlist fetch opens them. */
      openSessions: async (lessonIds: string[]) => {
        const sessions = watchSessions(lessonIds, options.members, options.sessionsPerMember);
        await openWatchSessions(db, sessions, seeded.memberIds);
        return sessions;
      },
      startServer: (nodeArgs: string[] = []) => startHeartbeatServer(url, children, nodeArgs),
      /**
       * An autocannon run of heartbeats over these gateways (connection i → gateway i mod n);
       * `onResponse` hears the answers of recorded runs only.
       */
      load: (
        gateways: string[],
        sessions: WatchSession[],
        connections: number,
        onResponse: (status: number, body: string) => void,
      ) => {
        let record = false;
        const request = heartbeatRequest(sessions, tokens, (status, body) => {
          if (record) onResponse(status, body);
        });
        return (limit: HeartbeatLimit, recording: boolean) => {
          record = recording;
          return autocannon({
            // several URLs: autocannon's types say one string
            url: gateways.map((g) => `${g}/api/school/heartbeat`) as unknown as string,
            method: "POST",
            connections,
            ...limit,
            requests: [request],
          });
        };
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
