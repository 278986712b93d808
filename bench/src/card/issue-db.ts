// Issuing e-party cards through the real use cases and PostgreSQL (issue 11): N members of one
// city region bind a phone each (bindDevice: member lock, random status index, issuer signature,
// one transaction, then the phone's sync), the worker's renewal job re-issues them all 25 days
// later (renewDueCards), and the region's signed status list is built. Figures per card, so that
// the city synthetic region (~490,000 members) can be read off; its generation (warnings bench)
// does not fit a few minutes on this machine, this does.
// Usage: pnpm --filter @dangjian/bench bench:card:db [members=5000]
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { migrate } from "@dangjian/db/migrate";
import { dataRoot, startPostgres } from "@dangjian/infra-dev";
import { createServices, type Actor } from "@dangjian/services";
import { markdownTable } from "../table.ts";
import { env } from "../warnings/env.ts";

const MEMBERS = Number(process.argv[2] ?? 5000);
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

let now = new Date();
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
  const memberIds: string[] = [];
  for (let b = 0; b * PER_BRANCH < MEMBERS; b++) {
    const branch = await org(randomUUID(), `中共第${b + 1}村支部委员会`, "BRANCH", county);
    const rows = Array.from({ length: Math.min(PER_BRANCH, MEMBERS - b * PER_BRANCH) }, (_, k) => {
      const i = b * PER_BRANCH + k;
      return {
        id: randomUUID(),
        memberNo: `DY${String(i + 1).padStart(8, "0")}`,
        name: "李春梅",
        gender: "FEMALE" as const,
        status: "FULL" as const,
        category: "ON_DUTY" as const,
        joinedOn: new Date("2010-07-01"),
        fullMemberOn: new Date("2011-07-01"),
        branchId: branch.id,
      };
    });
    await db.member.createMany({ data: rows });
    memberIds.push(...rows.map((r) => r.id));
  }
  const phones = memberIds.map(() => {
    const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
    return Buffer.concat([
      Buffer.from([4]),
      Buffer.from(jwk.x!, "base64url"),
      Buffer.from(jwk.y!, "base64url"),
    ]).toString("base64url");
  });
  const actor = (memberId: string): Actor => ({
    accountId: randomUUID(),
    sessionId: randomUUID(),
    displayName: "",
    memberId,
    branchId: null,
    branchName: null,
    grants: [],
  });

  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1e6;
  };
  let cpu0 = cpu();
  let t0 = performance.now();
  for (let i = 0; i < memberIds.length; i++)
    await services.card.bindDevice(actor(memberIds[i]!), { publicKey: phones[i]! });
  const bindS = (performance.now() - t0) / 1000;
  const bindCpu = cpu() - cpu0;

  now = new Date(now.getTime() + 25 * 86_400_000);
  cpu0 = cpu();
  t0 = performance.now();
  let renewed = 0;
  for (;;) {
    const n = await services.card.renewDue(2000);
    renewed += n;
    if (n < 2000) break;
  }
  const renewS = (performance.now() - t0) / 1000;
  const renewCpu = cpu() - cpu0;

  // 1 % of the phones lost: their bits set
  for (let i = 0; i < memberIds.length; i += 100)
    await services.card.applyStatus({ memberId: memberIds[i]!, action: "LOST_DEVICE" });
  t0 = performance.now();
  const list = await services.card.statusList(city.id, "https://example.org");
  const listMs = performance.now() - t0;
  const bytes = JSON.stringify(list).length;
  const indices =
    (await db.cardBinding.aggregate({ where: { regionId: city.id }, _max: { statusIndex: true } }))._max.statusIndex ??
    0;

  const perCard = (s: number, n: number) => `${((s / n) * 1000).toFixed(2)} ms`;
  const city490k = (s: number, n: number) => `${(((s / n) * 490_000) / 60).toFixed(0)} min`;
  console.log(
    `\n### Issuing through the database: ${MEMBERS.toLocaleString("en-US")} members of one city region (sequential, one connection at a time)\n`,
  );
  console.log(
    markdownTable(
      ["what", "total (wall)", "per card (wall)", "this process's CPU", "490,000 members at this rate (wall)"],
      [
        [
          "first issue: bind the phone + sync (bindDevice)",
          `${bindS.toFixed(1)} s`,
          perCard(bindS, MEMBERS),
          `${bindCpu.toFixed(1)} s`,
          city490k(bindS, MEMBERS),
        ],
        [
          `renewal by the worker's job (renewDueCards, batches of 2,000): ${renewed.toLocaleString("en-US")} cards`,
          `${renewS.toFixed(1)} s`,
          perCard(renewS, renewed),
          `${renewCpu.toFixed(1)} s`,
          city490k(renewS, renewed),
        ],
        ["signed status list of the region (query, gzip, sign)", `${listMs.toFixed(0)} ms`, "", "", ""],
        [
          "status list: entries / JSON bytes (1 % set)",
          `${list.credentialSubject.encodedList.length > 0 ? "" : ""}${(Math.ceil((indices + 1) / 131_072) * 131_072).toLocaleString("en-US")} entries, highest index ${indices.toLocaleString("en-US")}`,
          `${bytes.toLocaleString("en-US")} bytes`,
          "",
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
