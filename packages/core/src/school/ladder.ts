// The HLS ladder of docs/domain.md and the one-pass ffmpeg command that produces it. Pure: the
// worker runs the command; tests check the arguments and the rungs.

export interface SourceInfo {
  width: number;
  height: number;
  fps: number;
  durationSec: number;
  /** overall bit rate of the source in bits/s, when ffprobe knows it */
  bitRate: number | null;
  hasAudio: boolean;
  /** the demuxer ffprobe used (one of INPUT_DEMUXERS); ffmpeg is told to use the same one */
  format?: string | undefined;
}

/**
 * The only demuxers an uploaded file may be read with (ADR 0707): containers of one media file.
 * Playlist and script formats (hls, concat, image2 patterns, …) are left out because they open
 * other files or URLs named inside the upload.
 */
export const INPUT_DEMUXERS = ["mov", "matroska", "avi", "flv", "mpegts", "mpeg", "asf"] as const;

/** Options placed before `-i` for every ffprobe/ffmpeg that reads an uploaded file. */
export function safeInputArgs(format?: string): string[] {
  const args = ["-protocol_whitelist", "file", "-format_whitelist", INPUT_DEMUXERS.join(",")];
  if (format && (INPUT_DEMUXERS as readonly string[]).includes(format)) args.push("-f", format);
  return args;
}

export interface VideoRung {
  name: string;
  width: number;
  height: number;
  bitrateKbps: number;
}

export interface Ladder {
  video: VideoRung[];
  /** the audio-only rung (64 kbps) when the source has sound */
  audioKbps: number | null;
}

export const SEGMENT_SECONDS = 4;
export const AUDIO_ONLY_KBPS = 64;
const RUNGS: ReadonlyArray<{ height: number; bpp: number }> = [
  { height: 240, bpp: 0.17 },
  { height: 360, bpp: 0.15 },
  { height: 480, bpp: 0.12 },
  { height: 720, bpp: 0.11 },
  { height: 1080, bpp: 0.1 },
];

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** Rungs at or below the source height; a source below 240p gets one rung at its own size. */
export function planLadder(source: SourceInfo): Ladder {
  const fps = source.fps > 0 && source.fps <= 120 ? source.fps : 25;
  const capKbps = source.bitRate && source.bitRate > 0 ? Math.round(source.bitRate / 1000) : Infinity;
  const aspect = source.width / source.height;
  let chosen = RUNGS.filter((r) => r.height <= source.height);
  if (chosen.length === 0) chosen = [{ height: even(source.height), bpp: 0.17 }];
  const video = chosen.map((r) => {
    const height = r.height;
    const width = even(height * aspect);
    const kbps = Math.round((width * height * fps * r.bpp) / 1000);
    return { name: `${height}p`, width, height, bitrateKbps: Math.max(64, Math.min(kbps, capKbps)) };
  });
  return { video, audioKbps: source.hasAudio ? AUDIO_ONLY_KBPS : null };
}

/** Arguments for one ffmpeg pass: every rung as 4 s fMP4 HLS, a master playlist, a poster. */
export function ffmpegArgs(input: string, outDir: string, source: SourceInfo, ladder: Ladder): string[] {
  const fps = source.fps > 0 && source.fps <= 120 ? source.fps : 25;
  const gop = Math.max(1, Math.round(fps * SEGMENT_SECONDS));
  const n = ladder.video.length;
  const splits = Array.from({ length: n + 1 }, (_, i) => `[v${i}]`).join("");
  const scales = ladder.video.map((r, i) => `[v${i}]scale=${r.width}:${r.height}[o${i}]`).join(";");
  const filter = `[0:v]split=${n + 1}${splits};${scales};[v${n}]scale=-2:${Math.min(source.height, 720)}[poster]`;
  const args = [
    "-hide_banner",
    "-nostdin",
    "-y",
    ...safeInputArgs(source.format),
    "-i",
    input,
    "-filter_complex",
    filter,
  ];
  const streamMap: string[] = [];
  ladder.video.forEach((r, i) => {
    args.push("-map", `[o${i}]`);
    if (source.hasAudio) args.push("-map", "0:a:0");
    args.push(
      `-c:v:${i}`,
      "libx264",
      `-b:v:${i}`,
      `${r.bitrateKbps}k`,
      `-maxrate:v:${i}`,
      `${Math.round(r.bitrateKbps * 1.07)}k`,
      `-bufsize:v:${i}`,
      `${Math.round(r.bitrateKbps * 1.5)}k`,
    );
    streamMap.push(source.hasAudio ? `v:${i},a:${i},name:${r.name}` : `v:${i},name:${r.name}`);
  });
  if (ladder.audioKbps !== null) {
    args.push("-map", "0:a:0");
    streamMap.push(`a:${n},name:audio`);
  }
  args.push(
    "-preset",
    "veryfast",
    "-profile:v",
    "main",
    "-pix_fmt",
    "yuv420p",
    "-r",
    String(Math.round(fps * 1000) / 1000),
    "-g",
    String(gop),
    "-keyint_min",
    String(gop),
    "-sc_threshold",
    "0",
    "-force_key_frames",
    `expr:gte(t,n_forced*${SEGMENT_SECONDS})`,
  );
  if (source.hasAudio) args.push("-c:a", "aac", "-ac", "2", "-b:a", `${ladder.audioKbps ?? AUDIO_ONLY_KBPS}k`);
  args.push(
    "-f",
    "hls",
    "-hls_time",
    String(SEGMENT_SECONDS),
    "-hls_playlist_type",
    "vod",
    "-hls_segment_type",
    "fmp4",
    "-hls_flags",
    "independent_segments",
    "-hls_fmp4_init_filename",
    "init.mp4",
    "-hls_segment_filename",
    `${outDir}/%v/seg_%03d.m4s`,
    "-master_pl_name",
    "master.m3u8",
    "-var_stream_map",
    streamMap.join(" "),
    `${outDir}/%v/index.m3u8`,
    "-map",
    "[poster]",
    "-frames:v",
    "1",
    "-q:v",
    "4",
    `${outDir}/poster.jpg`,
  );
  return args;
}

/** Transcoding percent from ffmpeg's `-progress` output (out_time_us) and the duration. */
export function progressPercent(outTimeUs: number, durationSec: number): number {
  if (!(durationSec > 0) || !(outTimeUs > 0)) return 0;
  return Math.max(0, Math.min(99, Math.floor((outTimeUs / 1e6 / durationSec) * 100)));
}

/** Reads what ffprobe (-print_format json -show_streams -show_format) said; null if no playable video. */
export function sourceFromProbe(probe: unknown): SourceInfo | null {
  const p = probe as { streams?: Array<Record<string, unknown>>; format?: Record<string, unknown> } | null;
  const streams = Array.isArray(p?.streams) ? p.streams : [];
  const video = streams.find(
    (s) => s.codec_type === "video" && !(s.disposition as { attached_pic?: number } | undefined)?.attached_pic,
  );
  if (!video) return null;
  const width = Number(video.width);
  const height = Number(video.height);
  const durationSec = Number(p?.format?.duration ?? video.duration);
  if (!(width > 0) || !(height > 0) || !(durationSec > 0)) return null;
  const [num, den] = String(video.avg_frame_rate ?? video.r_frame_rate ?? "25/1")
    .split("/")
    .map(Number);
  const fps = num && den ? num / den : 25;
  const bitRate = Number(p?.format?.bit_rate);
  return {
    width,
    height,
    fps: Number.isFinite(fps) && fps > 0 ? fps : 25,
    durationSec,
    bitRate: Number.isFinite(bitRate) && bitRate > 0 ? bitRate : null,
    hasAudio: streams.some((s) => s.codec_type === "audio"),
    format: INPUT_DEMUXERS.find((d) =>
      String(p?.format?.format_name ?? "")
        .split(",")
        .includes(d),
    ),
  };
}

/** Upload part size: 8–64 MiB, and at most 10,000 parts. */
export const MIN_PART_BYTES = 8 * 1024 * 1024;
export const MAX_PART_BYTES = 64 * 1024 * 1024;
export const MAX_VIDEO_BYTES = 4 * 1024 * 1024 * 1024;
export const VIDEO_TYPES = [
  "video/mp4",
  "video/quicktime",
  "video/webm",
  "video/x-matroska",
  "video/x-msvideo",
  "video/mpeg",
  "video/3gpp",
] as const;

export function partPlan(sizeBytes: number): { partSize: number; partCount: number } {
  const partSize = Math.min(MAX_PART_BYTES, Math.max(MIN_PART_BYTES, Math.ceil(sizeBytes / 10_000)));
  return { partSize, partCount: Math.max(1, Math.ceil(sizeBytes / partSize)) };
}
