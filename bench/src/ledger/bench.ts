// Ledger benchmark on the seeded demo region (about 600 members, a year of dues): recording
// payments, the monthly ledger, arrears for the whole city, a 500-row Excel import, the year
// workbook. Prints Markdown tables for docs/benchmarks.md. Run: pnpm --filter @dangjian/bench bench:ledger
import { join } from "node:path";
import ExcelJS from "exceljs";
import { addMonths, idNumberCheckChar, IMPORT_COLUMNS, monthKey } from "@dangjian/core";
import { createDb } from "@dangjian/db";
import { seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from "@dangjian/seed";
import { createServices, type Actor } from "@dangjian/services";
import {
  dataRoot,
  prepareTemplate,
  recreateDatabase,
  startPostgres,
  TEMPLATE_DB,
  TEST_PG_PORT,
} from "@dangjian/infra-dev";
import { markdownTable, percentile } from "../table.ts";

// benchmarks write synthetic people: a throwaway key unless one is given (ADR 0752)
// eslint-disable-next-line no-restricted-properties
process.env.DANGJIAN_PII_KEY ??= (await import("node:crypto")).randomBytes(32).toString("base64");

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, performance.now() - start];
}

async function main() {
  const server = await startPostgres({ dir: join(dataRoot, "test-pg"), port: TEST_PG_PORT, fast: true });
  try {
    await prepareTemplate(server);
    await recreateDatabase(server, "bench_ledger", TEMPLATE_DB);
    const url = server.url("bench_ledger");
    const seedDb = createDb(url);
    const [, seedMs] = await timed(() => seedDemo(seedDb));
    await seedDb.$disconnect();
    const services = createServices({ databaseUrl: url, poolSize: 4 });
    const actorOf = async (phone: string): Promise<Actor> => {
      const { token } = await services.auth.login({
        identifier: phone,
        password: DEMO_PASSWORD,
        ip: null,
        userAgent: null,
      });
      const session = await services.auth.resolveSession(token);
      if (session.kind !== "ok") throw new Error("login failed");
      return session.actor;
    };
    const secretary = await actorOf(DEMO_ACCOUNTS.secretary.phone);
    const city = await actorOf(DEMO_ACCOUNTS.city.phone);
    const rows: Array<Array<string | number>> = [];

    // payments: every member of the secretary's branch pays the current and next month
    const ledger = await services.dues.ledger(secretary, {});
    const current = monthKey(new Date());
    const payTimes: number[] = [];
    for (const row of ledger.rows.filter((r) => r.category)) {
      const [, t] = await timed(() =>
        services.dues.recordPayment(secretary, {
          memberId: row.memberId,
          months: [current, addMonths(current, 1)],
          method: "ON_SITE",
          idempotencyKey: crypto.randomUUID(),
        }),
      );
      payTimes.push(t);
    }
    rows.push([
      `record a payment (2 months, one transaction, outbox event), n = ${payTimes.length}`,
      ms(percentile(payTimes, 50)),
      ms(percentile(payTimes, 95)),
    ]);

    const repeat = async (label: string, n: number, run: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) times.push((await timed(run))[1]);
      rows.push([`${label}, n = ${n}`, ms(percentile(times, 50)), ms(percentile(times, 95))]);
    };
    await repeat(`monthly ledger of the branch (${ledger.rows.length} members)`, 20, () =>
      services.dues.ledger(secretary, {}),
    );
    await repeat("arrears of the whole city (≈ 600 members, 33 branches)", 10, () => services.dues.arrears(city, {}));
    await repeat("the branch's year report (meetings, dues, tasks)", 10, () =>
      services.reports.year(secretary, { year: new Date().getUTCFullYear() }),
    );
    const [workbook, workbookMs] = await timed(() =>
      services.reports.workbook(secretary, { year: new Date().getUTCFullYear() }),
    );
    rows.push([
      "the branch's year as an Excel workbook",
      ms(workbookMs),
      `${(workbook.bytes.byteLength / 1024).toFixed(0)} KiB`,
    ]);

    // a 500-row import, then the same file with one bad ID number (nothing written)
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("党员名册");
    sheet.addRow(IMPORT_COLUMNS.map((c) => c.header));
    const surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许";
    const given = "建国明华丽芳伟强军敏静秀英桂兰玉梅红霞";
    for (let i = 0; i < 500; i++) {
      const body = `110105${1970 + (i % 30)}${String(1 + (i % 12)).padStart(2, "0")}${String(1 + (i % 28)).padStart(2, "0")}${String(100 + Math.floor(i / 10)).padStart(3, "0")}`;
      const id = body + idNumberCheckChar(body);
      sheet.addRow([
        `${surnames[i % 20]}${given[Math.floor(i / 20) % 20]}${given[(i * 7) % 20]}`,
        Number(id[16]) % 2 ? "男" : "女",
        id,
        "",
        "预备党员",
        "在岗",
        "2025-07-01",
        "",
        "汉族",
        "",
        "",
      ]);
    }
    const good = new Uint8Array(await wb.xlsx.writeBuffer());
    const [imported, importMs] = await timed(() => services.members.import(secretary, { file: good }));
    if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.errorRows.slice(0, 3))}`);
    rows.push([
      `import ${imported.imported} rows from Excel (check + one transaction)`,
      ms(importMs),
      `${(good.byteLength / 1024).toFixed(0)} KiB file`,
    ]);
    sheet.getRow(2).getCell(3).value = "110105197001011001";
    const bad = new Uint8Array(await wb.xlsx.writeBuffer());
    const [refused, refusedMs] = await timed(() => services.members.import(secretary, { file: bad }));
    rows.push([
      `refuse a 500-row file (all rows already on the platform, one bad ID) with a report`,
      ms(refusedMs),
      refused.ok ? "?" : `${refused.errorRows.length} rows reported`,
    ]);

    console.log(`seed: ${(seedMs / 1000).toFixed(1)} s\n`);
    console.log(markdownTable(["ledger operation (seeded demo region)", "p50 / time", "p95 / size"], rows));
    await services.close();
  } finally {
    await server.stop();
  }
}

await main();
