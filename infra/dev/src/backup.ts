// `npm run backup` / `npm run restore -- <folder>` for the embedded stack (ADR 1022).
//
// PostgreSQL: an online physical base backup through the server's low-level backup API
// (pg_backup_start / pg_backup_stop, what pg_basebackup, pgBackRest and WAL-G do), taken with a
// temporary replication slot holding the WAL it needs; restored by the same embedded binaries,
// which replay that WAL on first start to the consistent end of the backup. No pg_dump exists for
// PostgreSQL 18 on these machines (the embedded package ships initdb/pg_ctl/postgres only and
// Debian 12's pg_dump 15 refuses a newer server), hence physical, not logical.
// Objects: every object of the bucket, copied after the database (so every object the database
// refers to is in the backup), stored under numbered file names (a key is never a path).
// A manifest lists every file with its SHA-256; restore verifies all of them before writing.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, chown, copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import pg from "pg";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { dataDirFor, postgresUser } from "./postgres.ts";

export const BACKUP_FORMAT = "dangjian-backup/1";

/** Any S3 service (the dev stack's s3rver, MinIO, …). */
export interface S3Config {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

function s3Client(config: S3Config): S3Client {
  return new S3Client({
    endpoint: config.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
}

async function listKeys(client: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  postgres: { version: string; startLsn: string; stopLsn: string; files: ManifestFile[]; directories: string[] };
  s3: { bucket: string; objects: Array<ManifestFile & { key: string; contentType: string | null }> };
  /** the keys `npm start` keeps in .data/ (PII, card KEK, metrics token); see ADR 1022 */
  keys: ManifestFile[];
}

/** Directories whose contents are never copied (PostgreSQL recreates them; pg_wal comes after the stop). */
const SKIP_CONTENTS = new Set([
  "pg_wal",
  "pg_replslot",
  "pg_dynshmem",
  "pg_notify",
  "pg_serial",
  "pg_snapshots",
  "pg_stat_tmp",
  "pg_subtrans",
]);
const SKIP_FILES = new Set([
  "postmaster.pid",
  "postmaster.opts",
  "backup_label",
  "backup_label.old",
  "tablespace_map",
  "pg_internal.init",
]);
const KEY_FILES = ["pii-key", "card-kek", "metrics-token"] as const;
const WAL_SEGMENT = /^[0-9A-F]{24}$/;

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Copies one file, returning its manifest entry; a file PostgreSQL removed meanwhile is skipped (null). */
async function copyWithHash(from: string, to: string, manifestPath: string): Promise<ManifestFile | null> {
  try {
    await mkdir(dirname(to), { recursive: true });
    await copyFile(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const { size } = await stat(to);
  return { path: manifestPath, size, sha256: await sha256File(to) };
}

async function walk(dir: string, visit: (path: string, isDir: boolean) => Promise<boolean | void>): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if ((await visit(path, true)) !== false) await walk(path, visit);
    } else if (entry.isFile()) await visit(path, false);
  }
}

/** What an online base backup copied (paths relative to its target folder). */
export interface BaseBackup {
  version: string;
  startLsn: string;
  stopLsn: string;
  files: ManifestFile[];
  directories: string[];
}

/**
 * An online physical base backup of the server behind `adminUrl` (a superuser; the server's data
 * directory on this machine) into `target`: the data directory's files, `backup_label`, and the
 * WAL from the backup's start to its end. Started on these files, PostgreSQL replays that WAL to
 * a consistent state: a restore (ADR 1022), or a standby that then streams the rest (ADR 1002).
 */
export async function baseBackup(
  adminUrl: string,
  target: string,
  options: { log?: (line: string) => void } = {},
): Promise<BaseBackup> {
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  let startLsn: string;
  let stopLsn: string;
  const files: ManifestFile[] = [];
  const directories: string[] = [];
  let version: string;
  try {
    const dataDir = (await client.query<{ data_directory: string }>("SHOW data_directory")).rows[0]!.data_directory;
    version = (await client.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
    // a temporary slot (gone when this session ends) keeps every WAL segment from the backup's start
    await client.query("SELECT pg_create_physical_replication_slot($1, true, true)", [
      `dangjian_backup_${process.pid}`,
    ]);
    startLsn = (await client.query<{ lsn: string }>("SELECT pg_backup_start('dangjian', true) AS lsn")).rows[0]!.lsn;
    log(`PostgreSQL ${version}：备份开始（${startLsn}），复制数据目录…`);
    await walk(dataDir, async (path, isDir) => {
      const rel = relative(dataDir, path);
      const name = rel.split(sep).pop()!;
      if (isDir) {
        directories.push(rel);
        return !SKIP_CONTENTS.has(rel);
      }
      if (SKIP_FILES.has(name) || name.startsWith("pgsql_tmp")) return;
      const entry = await copyWithHash(path, join(target, rel), rel);
      if (entry) files.push(entry);
    });
    const stop = (
      await client.query<{ lsn: string; labelfile: string; spcmapfile: string }>(
        "SELECT lsn, labelfile, spcmapfile FROM pg_backup_stop(false)",
      )
    ).rows[0]!;
    stopLsn = stop.lsn;
    // finish the segment holding the end of the backup, then copy the WAL from the start on
    await client.query("SELECT pg_switch_wal()");
    await writeFile(join(target, "backup_label"), stop.labelfile);
    files.push({
      path: "backup_label",
      size: Buffer.byteLength(stop.labelfile),
      sha256: createHash("sha256").update(stop.labelfile).digest("hex"),
    });
    if (stop.spcmapfile) throw new Error("不支持表空间（tablespace）");
    // the segments from the backup's start to its end (older ones and recycled future ones are not needed)
    const [first, last] = (
      await client.query<{ first: string; last: string }>(
        "SELECT pg_walfile_name($1) AS first, pg_walfile_name($2) AS last",
        [startLsn, stopLsn],
      )
    ).rows.map((r) => [r.first, r.last])[0]!;
    const walDir = join(dataDir, "pg_wal");
    for (const name of (await readdir(walDir)).sort()) {
      if (!WAL_SEGMENT.test(name) || name < first! || name > last!) continue;
      const entry = await copyWithHash(join(walDir, name), join(target, "pg_wal", name), `pg_wal/${name}`);
      if (entry) files.push(entry);
    }
    for (const dir of directories) await mkdir(join(target, dir), { recursive: true });
  } finally {
    await client.end();
  }
  return { version: version!, startLsn: startLsn!, stopLsn: stopLsn!, files, directories };
}

export interface BackupOptions {
  /** a superuser connection string of the embedded server (any database) */
  adminUrl: string;
  storage: S3Config;
  /** where `npm start` keeps its keys (.data/); null = no keys in the backup */
  keysDir: string | null;
  /** an empty or missing folder */
  out: string;
  log?: (line: string) => void;
}

export async function backup(options: BackupOptions): Promise<Manifest> {
  const log = options.log ?? (() => {});
  const out = options.out;
  await mkdir(out, { recursive: true });
  if ((await readdir(out)).length > 0) throw new Error(`备份目录 ${out} 不是空的`);
  const pgOut = join(out, "pg");

  const base = await baseBackup(options.adminUrl, pgOut, { log });
  const { version, startLsn, stopLsn } = base;
  const files = base.files.map((file) => ({ ...file, path: `pg/${file.path}` }));
  const directories = base.directories;
  log(`PostgreSQL：${files.length} 个文件，备份结束于 ${stopLsn}`);

  const s3 = s3Client(options.storage);
  const bucket = options.storage.bucket;
  const objects: Manifest["s3"]["objects"] = [];
  try {
    const keys = (await listKeys(s3, bucket)).sort();
    await mkdir(join(out, "s3"), { recursive: true });
    for (const [index, key] of keys.entries()) {
      const path = `s3/${String(index).padStart(7, "0")}`;
      let body;
      try {
        body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if ((error as { name?: string }).name === "NoSuchKey") continue; // deleted since the listing
        throw error;
      }
      const bytes = Buffer.from(await body.Body!.transformToByteArray());
      await writeFile(join(out, path), bytes);
      objects.push({
        key,
        path,
        size: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        contentType: body.ContentType ?? null,
      });
    }
  } finally {
    s3.destroy();
  }
  log(`S3：${objects.length} 个对象`);

  const keyFiles: ManifestFile[] = [];
  if (options.keysDir) {
    for (const name of KEY_FILES) {
      const entry = await copyWithHash(join(options.keysDir, name), join(out, "keys", name), `keys/${name}`);
      if (entry) {
        await chmod(join(out, "keys", name), 0o600);
        keyFiles.push(entry);
      }
    }
  }

  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    postgres: { version, startLsn, stopLsn, files, directories },
    s3: { bucket: options.storage.bucket, objects },
    keys: keyFiles,
  };
  await writeFile(join(out, "manifest.json"), JSON.stringify(manifest, null, 1) + "\n");
  return manifest;
}

/** Every file of the backup against the manifest; the list of problems (empty = intact). */
export async function verifyBackup(folder: string): Promise<{ manifest: Manifest; problems: string[] }> {
  const manifest = JSON.parse(await readFile(join(folder, "manifest.json"), "utf8")) as Manifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`不认识的备份格式：${String(manifest.format)}`);
  const problems: string[] = [];
  const all = [...manifest.postgres.files, ...manifest.s3.objects, ...manifest.keys];
  for (const file of all) {
    if (file.path.split("/").includes("..") || file.path.startsWith("/")) {
      problems.push(`${file.path}：路径不合法`);
      continue;
    }
    try {
      const { size } = await stat(join(folder, file.path));
      if (size !== file.size) problems.push(`${file.path}：大小不符`);
      else if ((await sha256File(join(folder, file.path))) !== file.sha256) problems.push(`${file.path}：校验和不符`);
    } catch {
      problems.push(`${file.path}：缺失`);
    }
  }
  return { manifest, problems };
}

export interface RestoreOptions {
  folder: string;
  /** the .data/ to fill: missing or empty */
  dataRoot: string;
  /** starts an S3 server on dataRoot/s3 and returns it (the dev stack's s3rver) */
  startS3: (dir: string) => Promise<S3Config & { stop(): Promise<void> }>;
  /** starts PostgreSQL on dataRoot/pg (recovery from the backup runs here) and returns it */
  startPostgres: (dir: string) => Promise<{ stop(): Promise<void> }>;
  log?: (line: string) => void;
}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
}

export async function restore(options: RestoreOptions): Promise<Manifest> {
  const log = options.log ?? (() => {});
  const { folder, dataRoot } = options;
  if (!(await isEmptyDir(dataRoot)))
    throw new Error(`${dataRoot} 不是空的：恢复只写入空的数据目录（请先移走或删除它）`);
  log("校验备份中的每个文件…");
  const { manifest, problems } = await verifyBackup(folder);
  if (problems.length > 0)
    throw new Error(`备份已损坏，未做任何恢复（${problems.length} 处）：\n${problems.slice(0, 10).join("\n")}`);

  // PostgreSQL: the files where startPostgres looks for them, owned by the server's user
  const user = postgresUser();
  const root = dataDirFor(join(dataRoot, "pg"), user);
  const dataDir = join(root, "data");
  if (!(await isEmptyDir(dataDir))) throw new Error(`${dataDir} 不是空的`);
  for (const dir of manifest.postgres.directories) await mkdir(join(dataDir, dir), { recursive: true });
  for (const file of manifest.postgres.files) {
    const target = join(dataDir, file.path.slice("pg/".length));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(folder, file.path), target);
  }
  await chmod(dataDir, 0o700);
  if (user) {
    await chown(root, user.uid, user.gid);
    await walkOwn(dataDir, user);
  }
  log(`PostgreSQL：${manifest.postgres.files.length} 个文件已写入，启动并重放 WAL…`);
  const postgres = await options.startPostgres(join(dataRoot, "pg"));
  await postgres.stop();

  const server = await options.startS3(join(dataRoot, "s3"));
  const s3 = s3Client(server);
  try {
    await s3
      .send(new HeadBucketCommand({ Bucket: server.bucket }))
      .catch(() => s3.send(new CreateBucketCommand({ Bucket: server.bucket })));
    for (const object of manifest.s3.objects) {
      await s3.send(
        new PutObjectCommand({
          Bucket: server.bucket,
          Key: object.key,
          Body: await readFile(join(folder, object.path)),
          ContentType: object.contentType ?? "application/octet-stream",
        }),
      );
    }
  } finally {
    s3.destroy();
    await server.stop();
  }
  log(`S3：${manifest.s3.objects.length} 个对象已恢复`);

  for (const key of manifest.keys) {
    const target = join(dataRoot, key.path.slice("keys/".length));
    await copyFile(join(folder, key.path), target);
    await chmod(target, 0o600);
  }
  return manifest;
}

export async function walkOwn(dir: string, user: { uid: number; gid: number }): Promise<void> {
  await chown(dir, user.uid, user.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walkOwn(path, user);
    else await chown(path, user.uid, user.gid);
  }
}
