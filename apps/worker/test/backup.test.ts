// Backup and restore (issue 14 §3, ADR 1022): the seeded platform after some activity (logins,
// a member added, files stored) is backed up online while a connection keeps writing, restored
// into an empty folder, started from there, and compared: row counts of every table and the
// SHA-256 of every object. A damaged backup and a non-empty target are refused.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "@dangjian/services";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "@dangjian/services/testing";
import { createStorage } from "@dangjian/storage";
import {
  backup,
  dataDirFor,
  freePort,
  postgresUser,
  prepareTemplate,
  restore,
  startPostgres,
  startS3,
  TEMPLATE_DB,
  verifyBackup,
  type PostgresServer,
  type S3Server,
} from "@dangjian/infra-dev";

process.env.DANGJIAN_PII_KEY ??= randomBytes(32).toString("base64");

async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ schemaname: string; tablename: string }>(
      "SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN ('public', 'pgboss') ORDER BY 1, 2",
    );
    const counts: Record<string, number> = {};
    for (const { schemaname, tablename } of tables.rows) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schemaname}"."${tablename}"`);
      counts[`${schemaname}.${tablename}`] = Number(rows[0]!.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

async function objectHashes(s3: S3Server): Promise<Record<string, string>> {
  const storage = createStorage({ ...s3, forcePathStyle: true });
  const hashes: Record<string, string> = {};
  for (const key of await storage.list(""))
    hashes[key] = createHash("sha256")
      .update(await storage.getBytes(key))
      .digest("hex");
  return hashes;
}

let work: string;
let source: PostgresServer;
let sourceS3: S3Server;
const stops: Array<() => Promise<void>> = [];
const sharedDirs: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "dangjian-backup-"));
  source = await startPostgres({ dir: join(work, "source", "pg"), port: await freePort(), fast: true });
  stops.push(() => source.stop());
  sharedDirs.push(dataDirFor(join(work, "source", "pg"), postgresUser()));
  await prepareTemplate(source);
  await source.admin((c) => c.query(`CREATE DATABASE dangjian TEMPLATE ${TEMPLATE_DB}`));
  const seeding = createServices({ databaseUrl: source.url("dangjian"), poolSize: 2 });
  try {
    await seedDemo(seeding.deps.db, { referenceDate: new Date("2026-11-22T08:00:00Z") });
  } finally {
    await seeding.close();
  }
  sourceS3 = await startS3({ dir: join(work, "source", "s3"), port: 0 });
  stops.push(() => sourceS3.stop());
}, 240_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await rm(work, { recursive: true, force: true });
  for (const dir of sharedDirs) if (!dir.startsWith(work)) await rm(dir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("restores the seeded platform after activity: same rows per table, same objects", async () => {
    const url = source.url("dangjian");
    // some activity through the real use cases: logins (sessions, attempts), a member added, files stored
    const services = createServices({ databaseUrl: url, poolSize: 2, storage: sourceS3 });
    try {
      await services.auth.login({
        identifier: DEMO_ACCOUNTS.member.phone,
        password: DEMO_PASSWORD,
        ip: null,
        userAgent: null,
      });
      await services.auth
        .login({ identifier: DEMO_ACCOUNTS.member.phone, password: "wrong", ip: null, userAgent: null })
        .catch(() => {});
      const storage = services.deps.storage!;
      await storage.ensureBucket();
      await storage.put("attachments/a/会议纪要.pdf", randomBytes(200_000), "application/pdf");
      await storage.put("videos/v/hls/master.m3u8", "#EXTM3U\n", "application/vnd.apple.mpegurl");
      await storage.put("videos/v/hls/360p/seg0.m4s", randomBytes(1_000_000), "video/iso.segment");
      await services.outbox.drain();
    } finally {
      await services.close();
    }

    // a writer keeps going while the backup runs: the restored database must still be consistent
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    await writer.query("CREATE TABLE public.backup_probe (id serial PRIMARY KEY, at timestamptz DEFAULT now())");
    let writing = true;
    const writes = (async () => {
      while (writing) await writer.query("INSERT INTO public.backup_probe DEFAULT VALUES");
    })();
    const keysDir = join(work, "source");
    await writeFile(join(keysDir, "pii-key"), process.env.DANGJIAN_PII_KEY + "\n");
    const out = join(work, "backup");
    const manifest = await backup({ adminUrl: source.url("postgres"), storage: sourceS3, keysDir, out });
    writing = false;
    await writes;
    await writer.query("DROP TABLE public.backup_probe");
    await writer.end();
    expect(manifest.s3.objects.map((o) => o.key).sort()).toEqual([
      "attachments/a/会议纪要.pdf",
      "videos/v/hls/360p/seg0.m4s",
      "videos/v/hls/master.m3u8",
    ]);
    expect(manifest.keys.map((k) => k.path)).toEqual(["keys/pii-key"]);
    expect((await verifyBackup(out)).problems).toEqual([]);
    const megabytes = (files: Array<{ size: number }>) => Math.round(files.reduce((a, f) => a + f.size, 0) / 1e6);
    console.log(
      `backup: ${megabytes(manifest.postgres.files)} MB of PostgreSQL files, ${megabytes(manifest.s3.objects)} MB of objects`,
    );

    // what the source holds now (the probe table dropped again: the restore has it, at some length)
    const expectedCounts = await rowCounts(url);
    const expectedObjects = await objectHashes(sourceS3);

    const target = join(work, "restored");
    const port = await freePort();
    await restore({
      folder: out,
      dataRoot: target,
      startPostgres: (dir) => startPostgres({ dir, port }),
      startS3: (dir) => startS3({ dir, port: 0 }),
    });
    sharedDirs.push(dataDirFor(join(target, "pg"), postgresUser()));
    expect((await readFile(join(target, "pii-key"), "utf8")).trim()).toBe(process.env.DANGJIAN_PII_KEY);

    const restored = await startPostgres({ dir: join(target, "pg"), port });
    stops.push(() => restored.stop());
    const restoredS3 = await startS3({ dir: join(target, "s3"), port: 0 });
    stops.push(() => restoredS3.stop());
    const counts = await rowCounts(restored.url("dangjian"));
    const probe = counts["public.backup_probe"];
    delete counts["public.backup_probe"];
    // pg-boss is not running here; its tables are copied like any other
    expect(counts).toEqual(expectedCounts);
    expect(Object.keys(counts).length).toBeGreaterThan(40);
    expect(counts["public.Member"]).toBeGreaterThan(500);
    expect(counts["public.Session"]).toBeGreaterThan(0);
    expect(probe).toBeGreaterThanOrEqual(0);
    // consistent: the probe's ids have no gaps a torn copy would leave, and the indexes agree with the heap
    const check = new pg.Client({ connectionString: restored.url("dangjian") });
    await check.connect();
    try {
      const { rows } = await check.query<{ n: string; max: number | null }>(
        "SELECT count(*) AS n, max(id) AS max FROM public.backup_probe",
      );
      expect(Number(rows[0]!.n)).toBe(rows[0]!.max ?? 0);
      const member = await check.query(`SELECT count(*) AS n FROM "Member" WHERE "idNumberHash" IS NOT NULL`);
      expect(Number(member.rows[0].n)).toBe(counts["public.Member"]);
    } finally {
      await check.end();
    }
    expect(await objectHashes(restoredS3)).toEqual(expectedObjects);
    // and the restored platform works: the member logs in with the restored key
    const restoredServices = createServices({
      databaseUrl: restored.url("dangjian"),
      poolSize: 2,
      storage: restoredS3,
    });
    try {
      const session = await restoredServices.auth.login({
        identifier: DEMO_ACCOUNTS.member.phone,
        password: DEMO_PASSWORD,
        ip: null,
        userAgent: null,
      });
      expect(session.token).toBeTruthy();
      expect(await restoredServices.deps.storage!.getBytes("videos/v/hls/master.m3u8")).toEqual(
        new TextEncoder().encode("#EXTM3U\n"),
      );
    } finally {
      await restoredServices.close();
    }
  }, 240_000);

  it("refuses a damaged backup before writing anything, and a non-empty target", async () => {
    const out = join(work, "backup");
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as {
      s3: { objects: Array<{ path: string }> };
    };
    const object = join(out, manifest.s3.objects[0]!.path);
    const original = await readFile(object);
    const damaged = Buffer.from(original);
    damaged[0] = damaged[0]! ^ 0xff;
    await writeFile(object, damaged);
    const target = join(work, "damaged-target");
    const attempt = restore({
      folder: out,
      dataRoot: target,
      startPostgres: () => Promise.reject(new Error("must not start")),
      startS3: () => Promise.reject(new Error("must not start")),
    });
    await expect(attempt).rejects.toThrow(/校验和不符/);
    await expect(readFile(join(target, "pii-key"))).rejects.toThrow();
    await writeFile(object, original);

    const busy = join(work, "busy-target");
    await mkdir(busy, { recursive: true });
    await writeFile(join(busy, "something"), "x");
    await expect(
      restore({
        folder: out,
        dataRoot: busy,
        startPostgres: () => Promise.reject(new Error("must not start")),
        startS3: () => Promise.reject(new Error("must not start")),
      }),
    ).rejects.toThrow(/不是空的/);
  });
});
