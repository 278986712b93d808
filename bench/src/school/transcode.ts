// Transcode speed: a 60 s 720p source (ffmpeg testsrc + sine) into the full ladder of docs/domain.md
// in one ffmpeg pass, exactly the arguments the worker uses. Prints media seconds per
// wall-clock second. Usage: pnpm --filter @dangjian/bench bench:school-transcode [seconds] [runs]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { ffmpegArgs, planLadder, sourceFromProbe } from "@dangjian/core";
import { markdownTable } from "../table.ts";

const seconds = Number(process.argv[2] ?? 60);
const runs = Number(process.argv[3] ?? 2);
const work = mkdtempSync(path.join(tmpdir(), "dangjian-bench-transcode-"));
try {
  const input = path.join(work, "source.mp4");
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `testsrc2=duration=${seconds}:size=1280x720:rate=25`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:duration=${seconds}`,
    "-c:v",
    "libx264",
    "-preset",
    "fast",
    "-b:v",
    "4M",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-shortest",
    input,
  ]);
  const probe = JSON.parse(
    execFileSync("ffprobe", ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", input], {
      encoding: "utf8",
    }),
  ) as unknown;
  const source = sourceFromProbe(probe);
  if (!source) throw new Error("probe failed");
  const ladder = planLadder(source);
  const rows: Array<Array<string | number>> = [];
  for (let run = 1; run <= runs; run++) {
    const out = path.join(work, `out-${run}`);
    const started = process.hrtime.bigint();
    const result = spawnSync("ffmpeg", ["-v", "error", ...ffmpegArgs(input, out, source, ladder)], {
      encoding: "utf8",
    });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(result.stderr);
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const bytes = files.reduce((sum, e) => sum + statSync(path.join(e.parentPath, e.name)).size, 0);
    rows.push([
      run,
      `${source.durationSec.toFixed(1)} s`,
      `${wall.toFixed(1)} s`,
      `${(source.durationSec / wall).toFixed(2)}×`,
      files.length,
      `${(bytes / 1024 / 1024).toFixed(1)} MiB`,
    ]);
    rmSync(out, { recursive: true, force: true });
  }
  console.log(
    `\n${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ffmpeg one pass, libx264 veryfast, ladder: ${ladder.video.map((r) => `${r.name} ${r.bitrateKbps} kbps`).join(", ")}, audio ${ladder.audioKbps} kbps, 4 s fMP4 HLS + poster\n`,
  );
  console.log(markdownTable(["run", "media", "wall clock", "media s / wall s", "files", "output"], rows));
} finally {
  rmSync(work, { recursive: true, force: true });
}
