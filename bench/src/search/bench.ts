// Search benchmark (issue 12): index 100,000 generated Chinese documents into the embedded engine
// (time, size), query p50/p95 with a committee's scope filter, and the write-path cost of
// indexing on a recorded meeting (demo region). Prints Markdown tables for docs/benchmarks.md.
// Run: pnpm --filter @dangjian/bench bench:search [documents]   (default 100000)
//   BENCH_SEARCH_REUSE=1   keep the indexed database of an earlier run with the same document count
//                          (pending migrations are applied to it; the indexing row then says so)
//   BENCH_SEARCH_SKIP_WRITE=1  queries only (no write-path measurement)
// Uses its own cluster in .data/bench-search-pg on DANGJIAN_BENCH_PG_PORT (default 55439).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import pg from "pg";
import {
  actorTokens,
  coveredBy,
  courseAcl,
  memberAcl,
  orgAcl,
  taskAcl,
  type OrgRef,
  type SearchType,
} from "@dangjian/core";
import { createDb } from "@dangjian/db";
import { migrate } from "@dangjian/db/migrate";
import { seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from "@dangjian/seed";
import { EmbeddedEngine, type SearchDocument, type SearchFilters, type SqlExecutor } from "@dangjian/search";
import { createServices, indexInTx, type Actor } from "@dangjian/services";
import { dataRoot, ensureDatabase, recreateDatabase, startPostgres } from "@dangjian/infra-dev";
import { markdownTable, percentile } from "../table.ts";
import { env } from "../warnings/env.ts";
import { searchEnv } from "./env.ts";

// benchmarks write synthetic people: a throwaway key unless one is given (ADR 0752)
// eslint-disable-next-line no-restricted-properties
process.env.DANGJIAN_PII_KEY ??= (await import("node:crypto")).randomBytes(32).toString("base64");

const TOTAL = Number(process.argv[2] ?? 100_000);
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Deterministic pseudo-random numbers (mulberry32), so that every run indexes the same text. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

const PLACES = [
  "河口",
  "柏树",
  "柳坪",
  "新桥",
  "青岚",
  "石门",
  "湖滨",
  "龙泉",
  "东山",
  "大营",
  "小河",
  "海晏",
  "云岭",
  "松林",
  "白沙",
  "金竹",
  "凤凰",
  "杨柳",
  "桃源",
  "清水",
];
const SUFFIX = ["村", "社区", "镇机关", "中心学校", "卫生院", "茶业公司", "合作社"];
const TOPICS = [
  "学习贯彻党的二十大精神",
  "清明祭英烈 缅怀革命先烈",
  "学雷锋志愿服务",
  "新春走访慰问困难党员",
  "党纪学习教育专题学习",
  "重温入党誓词",
  "乡村振兴产业发展座谈",
  "三会一课制度落实情况检查",
  "两学一做学习教育",
  "主题党日：环境整治",
  "森林防火宣传",
  "网上党校学习交流",
  "区域化党建联席会议",
  "发展党员工作推进会",
  "党费收缴情况通报",
  "组织生活会对照检查",
  "民主评议党员",
  "基层治理网格化管理",
];
const SENTENCES = [
  "书记主持会议，传达上级文件精神。",
  "党员逐一发言，结合岗位谈体会。",
  "会议研究了下一阶段重点工作，明确责任人和完成时限。",
  "全体党员参加志愿服务，清理河道垃圾。",
  "走访独居老人和困难群众，送去米面油。",
  "集体学习《中国共产党章程》总纲。",
  "观看专题片，交流学习心得。",
  "对照检查存在的问题，提出整改措施。",
  "讨论村级集体经济发展项目，表决通过。",
  "开展政策宣讲，发放宣传资料二百余份。",
  "组织党员到烈士陵园敬献花篮。",
  "现场缴纳党费，诵读入党誓词。",
  "围绕乡村振兴，交流茶叶种植和电商销售经验。",
  "通报上月党费收缴和组织生活开展情况。",
  "布置春耕生产和防汛工作。",
];
const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单";
const GIVEN = "建国明华丽芳伟强军敏静秀英桂兰玉梅红霞志文杰涛斌磊洋勇艳娟平刚辉鹏超波春燕海云飞霞亮成龙凤";

interface Org extends OrgRef {
  name: string;
  level: "city" | "county" | "town" | "branch";
}

function region(): Org[] {
  const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  let n = 0;
  const city: Org = { id: uuid(++n), ancestorIds: [], name: "中共江川市委员会", level: "city" };
  const orgs: Org[] = [city];
  for (let c = 0; c < 8; c++) {
    const county: Org = { id: uuid(++n), ancestorIds: [city.id], name: `中共${PLACES[c]}县委员会`, level: "county" };
    orgs.push(county);
    for (let t = 0; t < 10; t++) {
      const town: Org = {
        id: uuid(++n),
        ancestorIds: [city.id, county.id],
        name: `中共${PLACES[(c + t) % 20]}${t}镇委员会`,
        level: "town",
      };
      orgs.push(town);
      for (let b = 0; b < 25; b++) {
        orgs.push({
          id: uuid(++n),
          ancestorIds: [city.id, county.id, town.id],
          name: `中共${PLACES[(c * 7 + t * 3 + b) % 20]}${SUFFIX[b % SUFFIX.length]}${b}支部委员会`,
          level: "branch",
        });
      }
    }
  }
  return orgs;
}

function generate(total: number, orgs: Org[]): SearchDocument[] {
  const r = rng(2026);
  const branches = orgs.filter((o) => o.level === "branch");
  const committees = orgs.filter((o) => o.level !== "branch");
  const docs: SearchDocument[] = [];
  const paragraph = (min: number, max: number) =>
    Array.from({ length: r.int(min, max) }, () => r.pick(SENTENCES)).join("");
  for (const o of orgs)
    docs.push({
      type: "org",
      id: o.id,
      title: o.name,
      orgId: o.id,
      orgName: o.name,
      at: null,
      url: "/",
      acl: orgAcl(o),
    });
  let i = 0;
  while (docs.length < total) {
    i += 1;
    const kind = i % 20;
    const branch = r.pick(branches);
    const at = new Date(Date.UTC(2024 + r.int(0, 2), r.int(0, 11), r.int(1, 28), 6));
    const id = `${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`;
    if (kind < 11) {
      docs.push({
        type: "meeting",
        id,
        title: `${at.getUTCFullYear()}年${at.getUTCMonth() + 1}月 ${r.pick(TOPICS)}`,
        body: paragraph(4, 12),
        keywords: ["主题党日"],
        orgId: branch.id,
        orgName: branch.name,
        at,
        url: "/",
        acl: coveredBy("branch.overview", branch),
      });
    } else if (kind < 16) {
      const name = r.pick([...SURNAMES]) + r.pick([...GIVEN]) + (r.next() < 0.6 ? r.pick([...GIVEN]) : "");
      docs.push({
        type: "member",
        id,
        title: name,
        personName: true,
        orgId: branch.id,
        orgName: branch.name,
        at: null,
        url: "/",
        acl: memberAcl({ memberId: id, branch }),
      });
    } else if (kind < 18) {
      docs.push({
        type: "lesson",
        id,
        title: `第${r.int(1, 12)}讲 ${r.pick(TOPICS)}`,
        body: paragraph(10, 30),
        orgId: null,
        orgName: null,
        at,
        url: "/",
        acl: courseAcl({ published: true, audienceOrgId: null }),
      });
    } else {
      const sender = r.pick(committees);
      docs.push({
        type: r.next() < 0.5 ? "notice" : "task",
        id,
        title: `关于做好${r.pick(TOPICS)}工作的通知`,
        body: paragraph(2, 6),
        orgId: sender.id,
        orgName: sender.name,
        at,
        url: "/",
        acl: taskAcl({ kind: "TASK", sender, targets: [branch] }),
      });
    }
  }
  return docs.slice(0, total);
}

async function main() {
  const server = await startPostgres({
    dir: join(dataRoot, "bench-search-pg"),
    port: env.DANGJIAN_BENCH_PG_PORT,
    fast: true,
    settings: { shared_buffers: "1GB", work_mem: "16MB" },
  });
  try {
    const url = server.url("bench_search");
    let reuse = false;
    if (searchEnv.BENCH_SEARCH_REUSE === "1" && !(await ensureDatabase(server, "bench_search"))) {
      const migrated = await migrate(url).then(
        () => true,
        (error: Error) => (console.log(`not reused: ${error.message}`), false),
      );
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const n = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "SearchDocument"`).then(
        (r) => r.rows[0]!.n,
        () => -1,
      );
      await client.end();
      reuse = migrated && n === TOTAL;
    }
    if (!reuse) {
      await recreateDatabase(server, "bench_search");
      await migrate(url);
    }
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    pool.on("error", () => undefined); // idle connections closed by the server's stop
    const exec: SqlExecutor = async <T>(sql: string, params: readonly unknown[]) =>
      (await pool.query(sql, params as unknown[])).rows as T[];
    const engine = new EmbeddedEngine(exec);
    const orgs = region();
    const docs = generate(TOTAL, orgs);

    const started = performance.now();
    if (!reuse) for (let i = 0; i < docs.length; i += 1000) await engine.upsert(docs.slice(i, i + 1000));
    const indexMs = performance.now() - started;
    await pool.query(`VACUUM ANALYZE "SearchDocument"`);
    const [size] = (
      await pool.query<{ table: string; indexes: string; total: string }>(
        `SELECT pg_size_pretty(pg_table_size('"SearchDocument"')) AS table, pg_size_pretty(pg_indexes_size('"SearchDocument"')) AS indexes, pg_size_pretty(pg_total_relation_size('"SearchDocument"')) AS total`,
      )
    ).rows;
    const indexRows = [
      reuse
        ? [`${docs.length.toLocaleString("en")} documents indexed by an earlier run (BENCH_SEARCH_REUSE=1)`, "—", "—"]
        : [
            `index ${docs.length.toLocaleString("en")} documents (normalise + jieba + pinyin in Node, upsert in batches of 500)`,
            `${(indexMs / 1000).toFixed(1)} s`,
            `${Math.round(docs.length / (indexMs / 1000))} docs/s`,
          ],
      ["size on disk: table / indexes / total", `${size!.table} / ${size!.indexes}`, size!.total],
    ];

    const county = orgs.find((o) => o.level === "county")!;
    const branch = orgs.find((o) => o.level === "branch" && o.ancestorIds.includes(county.id))!;
    const countyTokens = actorTokens({
      grants: [{ role: "COMMITTEE_STAFF", orgId: county.id }],
      branch: null,
      memberId: null,
    });
    const memberTokens = actorTokens({ grants: [{ role: "MEMBER", orgId: branch.id }], branch, memberId: null });
    const inScope = (
      await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "SearchDocument" WHERE acl && $1::text[]`, [
        countyTokens,
      ])
    ).rows[0]!.n;
    const queries = [
      "主题党日",
      "三会一课",
      "网上党校",
      "乡村振兴",
      "党费",
      "烈士陵园",
      "河口",
      "柏树村",
      "独居老人",
      "发展党员",
      "wsdx",
      "xczx",
      "zhutidangri",
      "王建国",
      "shanli",
      "2025年",
      "清明祭英烈",
      "党纪学习教育",
      "环境整治",
      "集体经济",
      "志愿服务",
      "组织生活会",
      "湖滨社区",
      "學習貫徹",
      "民主评议党员",
      "党",
      "区域化党建联席会议",
      "电商销售",
      "防汛",
      "宣传资料",
    ];
    // CPU time per query, which the other sessions' load hardly changes: the database backends'
    // (Linux schedstat, ns) plus this process's (normalising, jieba, parsing the answer). Two
    // connections, as a pool gives the services: a facet-filtered query runs its facet statement
    // beside the results statement (ADR 0607); both backends' CPU is counted.
    const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
    const backendPids: number[] = [];
    for (const c of clients) {
      await c.connect();
      backendPids.push((await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid);
    }
    const backendCpuNs = () => {
      try {
        return backendPids.map((pid) => Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]));
      } catch {
        return backendPids.map(() => Number.NaN);
      }
    };
    const busy = [false, false];
    const queryEngine = new EmbeddedEngine(async <T>(sql: string, params: readonly unknown[]) => {
      const i = busy[0] ? 1 : 0;
      busy[i] = true;
      try {
        return (await clients[i]!.query(sql, params as unknown[])).rows as T[];
      } finally {
        busy[i] = false;
      }
    });
    const cpuRows: Array<Array<string | number>> = [];
    const run = async (tokens: string[], label: string, rounds: number, filters: SearchFilters = {}) => {
      const times: number[] = [];
      const cpu: number[] = [];
      const path: number[] = [];
      let hits = 0;
      let capped = 0;
      for (let round = 0; round < rounds; round++) {
        for (const q of queries) {
          const t0 = performance.now();
          const b0 = backendCpuNs();
          const c0 = process.cpuUsage();
          const result = await queryEngine.search({ query: q, tokens, page: 1, pageSize: 10, filters });
          const own = process.cpuUsage(c0);
          times.push(performance.now() - t0);
          const b1 = backendCpuNs();
          const backends = b1.map((b, k) => (b - b0[k]!) / 1e6);
          const ownMs = (own.user + own.system) / 1000;
          cpu.push(backends.reduce((a, b) => a + b, 0) + ownMs);
          // the longer of the two statements (the facet statement runs beside the results one on
          // the second connection): what the query takes on an idle machine with two cores
          path.push(Math.max(...backends) + ownMs);
          hits += result.total;
          if (result.totalCapped) capped += 1;
        }
      }
      cpuRows.push([
        label,
        ms(percentile(cpu, 50)),
        ms(percentile(cpu, 95)),
        ms(percentile(cpu, 99)),
        ms(percentile(path, 50)),
        ms(percentile(path, 95)),
        ms(percentile(path, 99)),
      ]);
      return [
        `${label}: ${queries.length} queries × ${rounds}, results + total + facets`,
        ms(percentile(times, 50)),
        ms(percentile(times, 95)),
        ms(percentile(times, 99)),
        Math.round(hits / (queries.length * rounds)),
        `${Math.round((capped / (queries.length * rounds)) * 100)} %`,
      ];
    };
    for (const q of queries) await engine.search({ query: q, tokens: countyTokens, page: 1, pageSize: 10 }); // warm-up
    const queryRows = [
      await run(
        countyTokens,
        `county committee scope (${inScope.toLocaleString("en")} of ${docs.length.toLocaleString("en")} documents)`,
        10,
      ),
      await run(memberTokens, "a member (own branch + catalogue)", 10),
      await run(countyTokens, "county committee scope, narrowed to the year 2025 (facet filter)", 5, { year: 2025 }),
    ];
    await pool.end();
    for (const c of clients) await c.end();
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ");
    console.log(`\n### Search: embedded engine (${docs.length.toLocaleString("en")} documents)\n`);
    console.log(markdownTable(["step", "time", "rate / size"], indexRows));
    console.log(
      "\n" +
        markdownTable(
          [
            `queries (embedded engine; wall time, load average ${load})`,
            "p50",
            "p95",
            "p99",
            "avg total shown",
            "queries at the bound (1,000+)",
          ],
          queryRows,
        ),
    );
    console.log(
      "\n" +
        markdownTable(
          [
            "CPU time per query (database backends + this process)",
            "p50",
            "p95",
            "p99",
            "longer statement p50",
            "p95",
            "p99",
          ],
          cpuRows,
        ),
    );
    if (searchEnv.BENCH_SEARCH_SKIP_WRITE === "1") return;

    // write path: recording a meeting on the demo region (indexing inside the transaction)
    await recreateDatabase(server, "bench_search_demo");
    const demoUrl = server.url("bench_search_demo");
    await migrate(demoUrl);
    const seedDb = createDb(demoUrl);
    await seedDemo(seedDb);
    await seedDb.$disconnect();
    const services = createServices({ databaseUrl: demoUrl, poolSize: 4 });
    const { token } = await services.auth.login({
      identifier: DEMO_ACCOUNTS.secretary.phone,
      password: DEMO_PASSWORD,
      ip: null,
      userAgent: null,
    });
    const session = await services.auth.resolveSession(token);
    if (session.kind !== "ok") throw new Error("login failed");
    const secretary: Actor = session.actor;
    const planned: string[] = [];
    const base = Date.now() - 3 * 86_400_000;
    for (let i = 0; i < 40; i++) {
      const start = new Date(base + i * 3_600_000);
      const m = await services.orglife.plan(secretary, {
        orgId: secretary.branchId!,
        type: "PARTY_LECTURE",
        topic: `基准测试党课 ${i}`,
        plannedStart: start,
        plannedEnd: new Date(start.getTime() + 1_800_000),
      });
      planned.push(m.id);
    }
    const recordTimes: number[] = [];
    const indexTimes: number[] = [];
    const minutes = Array.from({ length: 12 }, (_, k) => SENTENCES[k % SENTENCES.length]).join("");
    for (const id of planned) {
      const t0 = performance.now();
      await services.orglife.record(secretary, { meetingId: id, minutes });
      recordTimes.push(performance.now() - t0);
    }
    // the indexing step alone, for the same meetings, in a transaction rolled back
    for (const id of planned) {
      const t0 = performance.now();
      await services.deps.db
        .$transaction(async (tx) => {
          await indexInTx(tx, [{ type: "meeting" as SearchType, id }]);
          throw new Error("rollback");
        })
        .catch(() => undefined);
      indexTimes.push(performance.now() - t0);
    }
    await services.close();
    const writeRows = [
      [
        `record a meeting's minutes (use case as shipped: facts, outbox, search document), n = ${recordTimes.length}`,
        ms(percentile(recordTimes, 50)),
        ms(percentile(recordTimes, 95)),
      ],
      [
        `of which: building + writing the meeting's search document (same meetings, rolled back), n = ${indexTimes.length}`,
        ms(percentile(indexTimes, 50)),
        ms(percentile(indexTimes, 95)),
      ],
    ];

    console.log("\n" + markdownTable(["write path (demo region)", "p50", "p95"], writeRows));
  } finally {
    await server.stop();
  }
}

await main();
