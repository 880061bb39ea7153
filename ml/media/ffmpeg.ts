import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { averageRate, isVariableRate, parseRate, rationalRate, timingFromPackets, type StreamTiming } from "./frame-rate";

// ffmpeg and ffprobe: where they are, what a video holds, and raw RGB frames
// in and out through pipes (one frame in memory however long the video).

/** FFMPEG_PATH, else `ffmpeg` on PATH. Read at each call. */
export function ffmpegPath(): string {
  return process.env.FFMPEG_PATH || "ffmpeg";
}

/** FFPROBE_PATH, else the ffprobe beside FFMPEG_PATH, else `ffprobe` on PATH. */
export function ffprobePath(): string {
  if (process.env.FFPROBE_PATH) return process.env.FFPROBE_PATH;
  const ffmpeg = process.env.FFMPEG_PATH;
  if (ffmpeg) {
    const sibling = path.join(path.dirname(ffmpeg), "ffprobe");
    if (existsSync(sibling)) return sibling;
  }
  return "ffprobe";
}

export function isVideoPath(file: string): boolean {
  return /\.(mp4|mov|m4v|mkv|webm|avi)$/i.test(file);
}

const lastLines = (text: string, n = 3) => text.trim().split("\n").slice(-n).join(" | ");

/**
 * Follows a child process: collects stderr, never lets a spawn error or a
 * broken stdin pipe (EPIPE when the process quits early) go unhandled, and
 * says how it ended as an Error that names `what` and the last stderr lines.
 */
function watch(child: ChildProcess, what: string) {
  let stderr = "";
  let spawnError: Error | null = null;
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin?.on("error", () => {}); // reported through the exit status below
  const exited = new Promise<number | null>((resolve) => {
    child.once("error", (e) => {
      spawnError = e;
      resolve(null);
    });
    child.once("close", (code) => resolve(code));
  });
  const running = () => child.exitCode === null && child.signalCode === null && !spawnError;
  const failure = async (): Promise<Error | null> => {
    const code = await exited;
    if (spawnError) {
      const tool = path.basename(String(child.spawnfile));
      const env = tool.includes("ffprobe") ? "FFPROBE_PATH" : "FFMPEG_PATH";
      return new Error(`${what}: cannot run ${tool} (${(spawnError as Error).message}); install ffmpeg or set ${env}`);
    }
    return code === 0 ? null : new Error(`${what} failed (exit ${code}): ${lastLines(stderr)}`);
  };
  return {
    running,
    /** Resolves when the process exits 0; rejects with what went wrong otherwise. */
    done: async () => {
      const error = await failure();
      if (error) throw error;
    },
    /** Kills the process (if still running) and waits until it is gone. */
    kill: async () => {
      if (running()) child.kill("SIGKILL");
      await exited;
    },
    failure,
  };
}

/** Runs a command to completion and returns its stdout; rejects with the last stderr lines. */
export async function run(cmd: string, args: string[]): Promise<string> {
  const p = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  const w = watch(p, path.basename(cmd));
  let out = "";
  p.stdout.on("data", (d) => (out += d));
  await w.done();
  return out;
}

export type VideoInfo = {
  width: number;
  height: number;
  /**
   * Exact rational frame rate of the frames decodeFrames yields, the rate to
   * encode them at: as ffprobe reports it, e.g. "30000/1001", or for a
   * variable-frame-rate stream its average rate (see frame-rate.ts).
   */
  frameRate: string;
  fps: number;
  /** True when the stored frames do not come at the stored rate (phones); decodeFrames then yields them at `frameRate`. */
  variableFrameRate: boolean;
  /** The rate the container states (ffprobe r_frame_rate); differs from frameRate only for variable-rate streams. */
  storedFrameRate: string;
  durationSeconds: number;
  /**
   * The frame count the container states (nb_frames), or for a variable-rate
   * stream the packets counted (also the frames decodeFrames yields); null
   * when unknown (a constant-rate MKV or WebM).
   */
  frameCount: number | null;
  hasAudio: boolean;
  /** Codec of the first audio stream; null without audio. */
  audioCodec: string | null;
  /** Codec of every audio stream, in order. */
  audioCodecs: string[];
};

type ProbeStream = {
  codec_type: string;
  codec_name?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
};

export async function probeVideo(file: string): Promise<VideoInfo> {
  const json = JSON.parse(await run(ffprobePath(), ["-v", "error", "-show_streams", "-show_format", "-of", "json", file])) as {
    streams?: ProbeStream[];
    format?: { duration?: string };
  };
  const streams = json.streams ?? [];
  const v = streams.find((s) => s.codec_type === "video");
  if (!v || !v.width || !v.height) throw new Error(`${file} has no video stream`);
  const valid = (rate: string | undefined) => !!rate && rate !== "0/0";
  const storedFrameRate = valid(v.r_frame_rate) ? v.r_frame_rate! : valid(v.avg_frame_rate) ? v.avg_frame_rate! : "25/1";
  const storedFps = parseRate(storedFrameRate);
  const audioCodecs = streams.filter((s) => s.codec_type === "audio").map((s) => s.codec_name ?? "unknown");
  const frameCount = Number(v.nb_frames);
  const timing = await videoTiming(file, v, storedFps);
  const variableFrameRate = timing !== null && isVariableRate(timing, storedFps);
  const frameRate = variableFrameRate ? rationalRate(averageRate(timing!)) : storedFrameRate;
  return {
    width: v.width,
    height: v.height,
    frameRate,
    fps: parseRate(frameRate),
    variableFrameRate,
    storedFrameRate,
    durationSeconds: Number(json.format?.duration ?? 0) || 0,
    frameCount: variableFrameRate ? timing!.frames : Number.isInteger(frameCount) && frameCount > 0 ? frameCount : null,
    hasAudio: audioCodecs.length > 0,
    audioCodec: audioCodecs[0] ?? null,
    audioCodecs,
  };
}

/**
 * Frames and span of the video stream. When the container's frame count and
 * stream duration agree with the stated rate (MP4, MOV at a constant rate)
 * that is the answer, with no extra read. Otherwise (no count: MKV, WebM; or
 * a mismatch: variable rate, or frames an edit list hides) the frames are
 * counted from the packets (demuxed, not decoded; discarded ones left out).
 */
async function videoTiming(file: string, v: ProbeStream, storedFps: number): Promise<StreamTiming | null> {
  const stated = { frames: Number(v.nb_frames), span: Number(v.duration) };
  if (Number.isInteger(stated.frames) && stated.frames > 0 && stated.span > 0 && !isVariableRate(stated, storedFps)) return stated;
  const csv = await run(ffprobePath(), [
    "-v",
    "error",
    "-select_streams",
    "v:0",
    "-show_entries",
    "packet=pts_time,duration_time,flags",
    "-of",
    "csv=p=0",
    file,
  ]);
  const counted = timingFromPackets(csv, storedFps);
  // The stream's stated duration, where there is one, is the length players
  // show (the last packet's own duration is often a guess): keep it.
  return counted && stated.span > 0 ? { frames: counted.frames, span: stated.span } : counted;
}

/** Counts decoded frames (slow: decodes the stream); for tests and eval. */
export async function countFrames(file: string): Promise<number> {
  const out = await run(ffprobePath(), [
    "-v",
    "error",
    "-count_frames",
    "-select_streams",
    "v:0",
    "-show_entries",
    "stream=nb_read_frames",
    "-of",
    "csv=p=0",
    file,
  ]);
  return Number(out.trim());
}

export type DecodeFramesOptions = {
  /** > 1: yields frames 0, n, 2n... ffmpeg drops the others before they are converted to RGB and piped. */
  everyNth?: number;
  /** Stops after this many frames. */
  maxFrames?: number;
  /**
   * Unset (default): a constant-rate stream's every stored frame, once; a
   * variable-rate stream's frames at its average rate (VideoInfo.frameRate),
   * repeated or dropped so they keep their times: either way frame k belongs
   * at k / VideoInfo.frameRate, where an encoder at that rate puts it, so the
   * output keeps the input's length and sync with its audio.
   * false: every stored frame once, whatever their times (-fps_mode passthrough).
   * true: always resampled to VideoInfo.frameRate.
   */
  constantRate?: boolean;
  /** The stream's probeVideo result, when the caller has it (saves probing again). */
  info?: Pick<VideoInfo, "frameRate" | "variableFrameRate" | "frameCount">;
  /** Names the step in errors (default `decoding FILE`). */
  what?: string;
};

/**
 * Streams RGB frames (width x height x 3 bytes, each a fresh Uint8Array the
 * caller may keep or change) one at a time: memory stays at one frame however
 * long the video, and sampling a long video with `everyNth` costs its decode,
 * not gigabytes of raw frames. Stopping early kills ffmpeg.
 */
export async function* decodeFrames(file: string, width: number, height: number, o: DecodeFramesOptions = {}): AsyncGenerator<Uint8Array> {
  const everyNth = Math.round(o.everyNth ?? 1);
  const what = o.what ?? `decoding ${file}`;
  const resampleTo = await resampleRate(file, o).catch((e: Error) => {
    throw new Error(`${what}: ${e.message}`);
  });
  const filters: string[] = [];
  // fps before select: the n-th frame is the one an encoder at that rate writes n-th.
  // The average rate times the span is the stored count; the filter may add
  // one frame at the end (rounding), which would lengthen the video: trimmed.
  if (resampleTo) filters.push(`fps=${resampleTo.rate}`, ...(resampleTo.frames ? [`trim=end_frame=${resampleTo.frames}`] : []));
  if (everyNth > 1) filters.push(`select=not(mod(n\\,${everyNth}))`);
  const args = ["-hide_banner", "-v", "error", "-i", file, "-map", "0:v:0"];
  if (filters.length > 0) args.push("-vf", filters.join(","));
  if (o.maxFrames !== undefined) args.push("-frames:v", String(o.maxFrames));
  // Passthrough after the filters: the fps filter has already made the rate constant.
  args.push("-f", "rawvideo", "-pix_fmt", "rgb24", "-fps_mode", "passthrough", "pipe:1");
  const p = spawn(/*turbopackIgnore: true*/ ffmpegPath(), args, { stdio: ["ignore", "pipe", "pipe"] });
  const w = watch(p, what);
  const frameBytes = width * height * 3;
  let frame = new Uint8Array(frameBytes),
    filled = 0;
  try {
    for await (const chunk of p.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - offset);
        frame.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === frameBytes) {
          yield frame;
          frame = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
    }
    await w.done();
  } finally {
    await w.kill();
  }
}

/** The rate decodeFrames resamples to (and the frames that make the stream's length), or null for the stored frames as they are. */
async function resampleRate(file: string, o: DecodeFramesOptions): Promise<{ rate: string; frames: number | null } | null> {
  if (o.constantRate === false) return null;
  const info = o.info ?? (await probeVideo(file));
  if (!o.constantRate && !info.variableFrameRate) return null;
  return { rate: info.frameRate, frames: info.variableFrameRate ? info.frameCount : null };
}

// Audio codecs each container takes as they are; others are re-encoded to AAC.
// Containers not listed (MKV, AVI) take what the inputs carry.
const MP4_AUDIO = ["aac", "mp3", "ac3", "eac3", "opus", "alac"];
const AUDIO_FITS: Record<string, (codec: string) => boolean> = {
  mp4: (c) => MP4_AUDIO.includes(c),
  m4v: (c) => MP4_AUDIO.includes(c),
  mov: (c) => MP4_AUDIO.includes(c) || c.startsWith("pcm_"),
  webm: (c) => c === "opus" || c === "vorbis",
};

/** `copy` when `container` (a format or file extension) takes the codec, else `aac`. */
export function audioCodecFor(container: string, codec: string): "copy" | "aac" {
  const fits = AUDIO_FITS[container.toLowerCase().replace(/^\./, "")];
  return !fits || fits(codec) ? "copy" : "aac";
}

export type EncoderOptions = {
  width: number;
  height: number;
  /** The exact frame rate of the frames, e.g. VideoInfo.frameRate. */
  frameRate: string;
  /** x264 constant rate factor. */
  crf: number;
  /** Audio streams muxed in from another file, by their codecs in stream order (VideoInfo.audioCodecs, or its first). */
  audio?: { from: string; codecs: readonly string[] } | null;
  /** Container format (default: from the output's extension). */
  format?: string;
  /** Moves the MP4 index to the front (playback starts before the download ends). */
  faststart?: boolean;
  /** Names the step in errors (default `encoding OUT`). */
  what?: string;
};

export type Encoder = {
  /** Resolves once ffmpeg has taken the frame (back-pressure); rejects with ffmpeg's error if it has quit. */
  write: (frame: Uint8Array) => Promise<void>;
  /** Ends the input and waits for the file; rejects with ffmpeg's error. */
  finish: () => Promise<void>;
  /** Kills ffmpeg and waits until it is gone (then the caller removes the file). */
  abort: () => Promise<void>;
};

/**
 * Encodes raw RGB frames to H.264 (yuv420p) at the exact frame rate and muxes
 * audio in: each stream copied when the container takes its codec, else AAC.
 */
export function createEncoder(out: string, o: EncoderOptions): Encoder {
  const rate = o.frameRate;
  const args = [
    "-hide_banner",
    "-v",
    "error",
    "-y",
    "-f",
    "rawvideo",
    "-pix_fmt",
    "rgb24",
    "-s",
    `${o.width}x${o.height}`,
    "-framerate",
    rate,
    "-i",
    "pipe:0",
  ];
  const audio = o.audio && o.audio.codecs.length > 0 ? o.audio : null;
  if (audio) {
    const container = o.format ?? path.extname(out);
    args.push("-i", audio.from, "-map", "0:v:0");
    audio.codecs.forEach((codec, i) => args.push("-map", `1:a:${i}`, `-c:a:${i}`, audioCodecFor(container, codec)));
  }
  args.push("-c:v", "libx264", "-preset", "veryfast", "-crf", String(o.crf), "-pix_fmt", "yuv420p", "-r", rate);
  if (o.faststart) args.push("-movflags", "+faststart");
  if (o.format) args.push("-f", o.format);
  args.push(out);
  const p = spawn(/*turbopackIgnore: true*/ ffmpegPath(), args, { stdio: ["pipe", "ignore", "pipe"] });
  const w = watch(p, o.what ?? `encoding ${out}`);
  const quit = async () => (await w.failure()) ?? new Error(`${o.what ?? `encoding ${out}`} failed: ffmpeg stopped reading frames`);
  return {
    async write(frame) {
      if (!w.running() || p.stdin.destroyed) throw await quit();
      if (p.stdin.write(frame)) return;
      const drained = await new Promise<boolean>((resolve) => {
        const settle = (ok: boolean) => () => {
          p.stdin.off("drain", onDrain);
          p.off("exit", onGone).off("error", onGone);
          resolve(ok);
        };
        const onDrain = settle(true);
        const onGone = settle(false);
        p.stdin.once("drain", onDrain);
        p.once("exit", onGone).once("error", onGone);
      });
      if (!drained) throw await quit();
    },
    async finish() {
      p.stdin.end();
      await w.done();
    },
    abort: () => w.kill(),
  };
}
