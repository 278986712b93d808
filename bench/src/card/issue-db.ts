// Issuing e-party cards through the real use cases and PostgreSQL (issue 11) for a city-sized
// region: N members (default 490,000, the city synthetic region's size) in one city region, in
// branches of 40. A sample of them (default 2,000) bind a phone each through the real use case
// (bindDevice: member lock, random status index, issuer signature, one transaction, then the
// phone's sync); every other member's binding is written in bulk as if bound earlier (a random free
// status index each, the list kept at most half full; no card yet). Then the worker's renewal job
// (renewDueCards, ADR 0508) issues a card to every one of those, and the region's signed status list
// is built with 1 % of the bindings ended.
// Usage: pnpm --filter @dangjian/bench bench:card:db [members=490000] [sample=2000]
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { encodedListBytes, statusListBits } from "@dangjian/core/card";
import { migrate } from "@dangjian/db/migrate";
import { dataRoot, startPostgres } from "@dangjian/infra-dev";
import { actorWithoutSession, createServices } from "@dangjian/services";
import { markdownTable } from "../table.ts";
import { env } from "../warnings/env.ts";

const MEMBERS = Number(process.argv[2] ?? 490_000);
const SAMPLE = Math.min(MEMBERS, Number(process.argv[3] ?? 2000));
const PER_BRANCH = 40;
const server =
  env.BENCH_DATABASE_URL || env.DANGJIAN_PG_PORT
    ? null
    : await startPostgres({ dir: join(dataRoot, "bench-card-pg"), port: env.DANGJIAN_BENCH_PG_PORT });
const name = `dangjian_bench_card_${Date.now()}`;
const url =
  env.BENCH_DATABASE_URL ??
  (server ? server.url(name) : `postgresql://postgres@127.0.0.1:${env.DANGJIAN_PG_PORT}/${name}`);
const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString() });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
await migrate(url);

const now = new Date();
const services = createServices({
  databaseUrl: url,
  poolSize: 4,
  now: () => now,
  cardKek: randomBytes(32).toString("base64"),
  // members' ID numbers and phones are stored encrypted (a fresh key: this database is thrown away)
  piiKey: randomBytes(32).toString("base64"),
});
const db = services.deps.db;

try {
  // a city → county → branches of 40 members
  const org = async (
    id: string,
    orgName: string,
    level: "CITY" | "COUNTY" | "BRANCH",
    parent: { id: string; path: string; ancestorIds: string[]; depth: number } | null,
  ) => {
    const path = `${parent?.path ?? "/"}${id}/`;
    await db.org.create({
      data: {
        id,
        name: orgName,
        kind: level === "BRANCH" ? "BRANCH" : "COMMITTEE",
        level,
        parentId: parent?.id ?? null,
        ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [],
        path,
        depth: parent ? parent.depth + 1 : 0,
      },
    });
    return {
      id,
      path,
      ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [],
      depth: parent ? parent.depth + 1 : 0,
    };
  };
  const city = await org(randomUUID(), "中共江川市委员会", "CITY", null);
  const county = await org(randomUUID(), "中共江川县委员会", "COUNTY", city);
  const setup0 = performance.now();
  // branches and members in bulk (the setup, not measured as issuing)
  const branches = Array.from({ length: Math.ceil(MEMBERS / PER_BRANCH) }, () => randomUUID());
  for (let i = 0; i < branches.length; i += 2000) {
    await db.org.createMany({
      data: branches.slice(i, i + 2000).map((id, k) => ({
        id,
        name: `中共第${i + k + 1}村支部委员会`,
        kind: "BRANCH" as const,
        level: "BRANCH" as const,
        parentId: county.id,
        ancestorIds: [...county.ancestorIds, county.id],
        path: `${county.path}${id}/`,
        depth: county.depth + 1,
      })),
    });
  }
  await db.$executeRawUnsafe(
    `INSERT INTO "Member" (id, "memberNo", name, gender, status, category, "joinedOn", "fullMemberOn", "branchId", "updatedAt")
     SELECT gen_random_uuid(), 'DY' || lpad(i::text, 8, '0'), '李春梅', 'FEMALE', 'FULL', 'ON_DUTY', DATE '2010-07-01', DATE '2011-07-01',
            ($1::uuid[])[(i - 1) / ${PER_BRANCH} + 1], now()
     FROM generate_series(1, $2::int) i`,
    branches,
    MEMBERS,
  );
  const memberIds = (await db.member.findMany({ select: { id: true }, orderBy: { memberNo: "asc" } })).map((m) => m.id);
  // phones: a pool of distinct keys (a card is bound to one; which one does not change the work)
  const phones = Array.from({ length: Math.min(SAMPLE, 2000) }, () => {
    const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
    return Buffer.concat([
      Buffer.from([4]),
      Buffer.from(jwk.x!, "base64url"),
      Buffer.from(jwk.y!, "base64url"),
    ]).toString("base64url");
  });
  const setupS = (performance.now() - setup0) / 1000;
  const actor = (memberId: string) =>
    actorWithoutSession({ accountId: randomUUID(), sessionId: randomUUID(), memberId });

  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1e6;
  };
  // 1. the sample binds through the real use case
  let cpu0 = cpu();
  let t0 = performance.now();
  for (let i = 0; i < SAMPLE; i++)
    await services.card.bindDevice(actor(memberIds[i]!), { publicKey: phones[i % phones.length]! });
  const bindS = (performance.now() - t0) / 1000;
  const bindCpu = cpu() - cpu0;

  // 2. every other member bound earlier: random free indices of a list kept at most half full
  t0 = performance.now();
  const listBits = statusListBits(2 * MEMBERS);
  const deviceKeys = await db.cardBinding.findMany({ select: { devicePublicKey: true }, take: 2000 });
  await db.$executeRawUnsafe(
    `WITH m AS (SELECT id, row_number() OVER (ORDER BY "memberNo") AS n FROM "Member"
                WHERE id NOT IN (SELECT "memberId" FROM "CardBinding")),
          ix AS (SELECT i, row_number() OVER (ORDER BY random()) AS n FROM generate_series(0, $2::int - 1) i
                 WHERE i NOT IN (SELECT "statusIndex" FROM "CardBinding" WHERE "regionId" = $1::uuid))
     INSERT INTO "CardBinding" (id, "memberId", "regionId", "statusIndex", "devicePublicKey", "createdAt", "expiresAt")
     SELECT gen_random_uuid(), m.id, $1::uuid, ix.i, ($3::text[])[(m.n % array_length($3::text[], 1))::int + 1], $4::timestamp(3), $5::timestamp(3)
     FROM m JOIN ix USING (n)`,
    city.id,
    listBits,
    deviceKeys.map((k) => k.devicePublicKey),
    now.toISOString(),
    new Date(now.getTime() + 86_400_000).toISOString(),
  );
  const bulkS = (performance.now() - t0) / 1000;

  // 3. the renewal job issues every due card (the bulk bindings: due tomorrow, no card yet)
  const renewAll = async () => {
    let n = 0;
    for (;;) {
      const batch = await services.card.renewDue(2000);
      n += batch;
      if (batch === 0) break;
    }
    return n;
  };
  cpu0 = cpu();
  t0 = performance.now();
  const issued = await renewAll();
  const issueS = (performance.now() - t0) / 1000;
  const issueCpu = cpu() - cpu0;

  // 1 % of the phones lost: the sample's through the use case, the others' bindings ended directly
  for (let i = 0; i < SAMPLE; i += 100)
    await services.card.applyStatus({ memberId: memberIds[i]!, action: "LOST_DEVICE" });
  await db.$executeRawUnsafe(
    `UPDATE "CardBinding" SET "endedAt" = now(), "endReason" = 'LOST_DEVICE'
     WHERE "endedAt" IS NULL AND "memberId" = ANY($1::uuid[])`,
    memberIds.slice(SAMPLE).filter((_, i) => i % 100 === 0),
  );
  t0 = performance.now();
  const list = await services.card.statusList(city.id, "https://example.org");
  const listMs = performance.now() - t0;
  const bytes = JSON.stringify(list).length;
  const gzBytes = encodedListBytes(list)?.length ?? 0;
  const indices =
    (await db.cardBinding.aggregate({ where: { regionId: city.id }, _max: { statusIndex: true } }))._max.statusIndex ??
    0;
  const cards = await db.cardBinding.aggregate({
    where: { regionId: city.id, credential: { not: null } },
    _count: { _all: true },
  });

  const perCard = (s: number, n: number) => `${((s / n) * 1000).toFixed(2)} ms`;
  const rate = (s: number, n: number) => `${Math.round(n / s).toLocaleString("en-US")} cards/s`;
  console.log(
    `\n### Issuing through the database: ${MEMBERS.toLocaleString("en-US")} members of one city region (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ")} at the end)\n`,
  );
  console.log(
    markdownTable(
      ["what", "total (wall)", "per card (wall)", "rate (wall)", "this process's CPU"],
      [
        [
          `setup: ${branches.length.toLocaleString("en-US")} branches, ${MEMBERS.toLocaleString("en-US")} members (bulk SQL)`,
          `${setupS.toFixed(1)} s`,
          "",
          "",
          "",
        ],
        [
          `first issue: bind the phone + sync (bindDevice), ${SAMPLE.toLocaleString("en-US")} members one after another`,
          `${bindS.toFixed(1)} s`,
          perCard(bindS, SAMPLE),
          rate(bindS, SAMPLE),
          `${bindCpu.toFixed(1)} s`,
        ],
        [
          `the other ${(MEMBERS - SAMPLE).toLocaleString("en-US")} bindings written in bulk (random free indices)`,
          `${bulkS.toFixed(1)} s`,
          "",
          "",
          "",
        ],
        [
          `**issuing by the renewal job (renewDueCards, batches of 250 in one transaction each): ${issued.toLocaleString("en-US")} cards**`,
          `**${issueS.toFixed(1)} s**`,
          perCard(issueS, issued),
          rate(issueS, issued),
          `${issueCpu.toFixed(1)} s`,
        ],
        ["cards stored (live or ended bindings with a card)", cards._count._all.toLocaleString("en-US"), "", "", ""],
        ["signed status list of the region (query, gzip, sign)", `${listMs.toFixed(0)} ms`, "", "", ""],
        [
          "status list (1 % of the bindings ended)",
          `${statusListBits(indices).toLocaleString("en-US")} entries, highest index ${indices.toLocaleString("en-US")}`,
          `gzip ${gzBytes.toLocaleString("en-US")} bytes`,
          `JSON ${bytes.toLocaleString("en-US")} bytes`,
          "",
        ],
      ],
    ),
  );
} finally {
  await services.close();
  await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  await server?.stop();
}
