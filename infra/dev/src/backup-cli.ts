// `npm run backup [folder]` and `npm run restore -- <folder>` on the embedded stack (.data/).
// Production databases are backed up with pgBackRest or WAL-G instead (docs/operations.md).
import net from "node:net";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { backup, restore } from "./backup.ts";
import { log } from "./log.ts";
import { dataRoot, repoRoot } from "./paths.ts";
import { startPostgres } from "./postgres.ts";
import { startS3 } from "./s3.ts";

const env = process.env;
const PG_PORT = Number(env.DANGJIAN_PG_PORT ?? 54329);
const S3_PORT = Number(env.DANGJIAN_S3_PORT ?? 54390);

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

export async function backupCommand(folder: string | undefined): Promise<void> {
  if (env.DATABASE_URL)
    throw new Error(
      "DATABASE_URL 指向外部数据库：请用 pgBackRest 或 WAL-G 备份它（docs/operations.md），本命令只备份 .data/",
    );
  if (!existsSync(join(dataRoot, "pg"))) throw new Error("没有可备份的数据（.data/pg 不存在）：请先运行 npm start");
  const out = resolve(folder ?? join(repoRoot, "backups", new Date().toISOString().replace(/[:.]/g, "-")));
  const stops: Array<() => Promise<void>> = [];
  try {
    // the running platform's PostgreSQL if `npm start` is up, else the embedded one started just for this
    let adminUrl = `postgresql://dangjian:dangjian@127.0.0.1:${PG_PORT}/postgres`;
    if (!(await listening(PG_PORT))) {
      const pg = await startPostgres({ dir: join(dataRoot, "pg"), port: PG_PORT });
      stops.push(() => pg.stop());
      adminUrl = pg.url("postgres");
    }
    let storage = {
      endpoint: env.S3_ENDPOINT ?? `http://127.0.0.1:${S3_PORT}`,
      bucket: env.S3_BUCKET ?? "dangjian",
      accessKeyId: env.S3_ACCESS_KEY_ID ?? "S3RVER",
      secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? "S3RVER",
    };
    if (!env.S3_ENDPOINT && !(await listening(S3_PORT))) {
      const s3 = await startS3({ dir: join(dataRoot, "s3"), port: 0 });
      stops.push(() => s3.stop());
      storage = s3;
    }
    const manifest = await backup({ adminUrl, storage, keysDir: dataRoot, out, log });
    log(
      `备份完成：${out}（数据库文件 ${manifest.postgres.files.length} 个，对象 ${manifest.s3.objects.length} 个，密钥 ${manifest.keys.length} 个）`,
    );
    if (manifest.keys.length > 0) log("备份中含有加密密钥（keys/）：请像对待密钥本身一样保管这个目录");
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

export async function restoreCommand(folder: string | undefined): Promise<void> {
  if (!folder) throw new Error("用法：npm run restore -- <备份目录>");
  const manifest = await restore({
    folder: resolve(folder),
    dataRoot,
    startPostgres: (dir) => startPostgres({ dir, port: PG_PORT }),
    startS3: (dir) => startS3({ dir, port: 0 }),
    log,
  });
  log(
    `恢复完成：.data/ 来自 ${manifest.createdAt} 的备份（数据库 ${manifest.postgres.version}，对象 ${manifest.s3.objects.length} 个）。运行 npm start 即可使用`,
  );
}
