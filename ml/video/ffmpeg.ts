import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";

export type VideoInfo = {
  width: number;
  height: number;
  /** Exact rational frame rate as ffprobe reports it, e.g. "30000/1001". */
  frameRate: string;
  fps: number;
  durationSeconds: number;
  audioCodec: string | null;
};

export const FFMPEG = process.env.FFMPEG_PATH ?? "ffmpeg";
export const FFPROBE = process.env.FFPROBE_PATH ?? "ffprobe";

export async function run(cmd: string, args: string[]): Promise<string> {
  const p = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  p.stdout.on("data", (d) => (out += d));
  p.stderr.on("data", (d) => (err += d));
  const [code] = (await once(p, "close")) as [number];
  if (code !== 0) throw new Error(`${cmd} failed (${code}): ${err.trim().split("\n").slice(-3).join(" | ")}`);
  return out;
}

export async function probeVideo(file: string): Promise<VideoInfo> {
  const json = JSON.parse(await run(FFPROBE, ["-v", "error", "-show_streams", "-show_format", "-of", "json", file])) as {
    streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number; r_frame_rate?: string; avg_frame_rate?: string }>;
    format: { duration?: string };
  };
  const v = json.streams.find((s) => s.codec_type === "video");
  if (!v || !v.width || !v.height) throw new Error(`${file} has no video stream`);
  const frameRate = v.r_frame_rate && v.r_frame_rate !== "0/0" ? v.r_frame_rate : v.avg_frame_rate ?? "25/1";
  const [n, d] = frameRate.split("/").map(Number);
  const audio = json.streams.find((s) => s.codec_type === "audio");
  return { width: v.width, height: v.height, frameRate, fps: n! / (d || 1), durationSeconds: Number(json.format.duration ?? 0), audioCodec: audio?.codec_name ?? null };
}

/** Counts decoded frames (slow: decodes the stream); for tests and eval. */
export async function countFrames(file: string): Promise<number> {
  const out = await run(FFPROBE, ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file]);
  return Number(out.trim());
}

/**
 * Streams RGB frames one at a time: memory stays at one frame however long the
 * video. `everyNth` > 1 yields frames 0, n, 2n...: ffmpeg drops the others
 * before they are converted to RGB and piped, so sampling a long video costs
 * its decode, not gigabytes of raw frames.
 */
export async function* decodeFrames(file: string, width: number, height: number, everyNth = 1): AsyncGenerator<Uint8Array> {
  const select = everyNth > 1 ? ["-vf", `select=not(mod(n\\,${Math.round(everyNth)}))`] : [];
  const p = spawn(FFMPEG, ["-v", "error", "-i", file, "-map", "0:v:0", ...select, "-f", "rawvideo", "-pix_fmt", "rgb24", "-vsync", "passthrough", "pipe:1"], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  p.stderr.on("data", (d) => (err += d));
  const closed = once(p, "close");
  const frameBytes = width * height * 3;
  let frame = new Uint8Array(frameBytes), filled = 0;
  try {
    for await (const chunk of p.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - offset);
        frame.set(chunk.subarray(offset, offset + n), filled);
        filled += n; offset += n;
        if (filled === frameBytes) { yield frame; frame = new Uint8Array(frameBytes); filled = 0; }
      }
    }
    const [code] = (await closed) as [number];
    if (code !== 0) throw new Error(`ffmpeg could not decode ${file}: ${err.trim().split("\n").slice(-2).join(" | ")}`);
  } finally {
    if (p.exitCode === null) p.kill("SIGKILL");
  }
}

export type Encoder = { write: (frame: Uint8Array) => Promise<void>; finish: () => Promise<void>; abort: () => void };

/**
 * Encodes raw RGB frames at the source's exact frame rate and muxes the
 * source's audio back in (copied when the codec fits MP4, else AAC).
 */
export function createEncoder(out: string, info: VideoInfo, audioFrom: string | null): Encoder {
  const copyable = ["aac", "mp3", "ac3", "eac3", "opus", "alac"];
  const args = ["-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", `${info.width}x${info.height}`, "-framerate", info.frameRate, "-i", "pipe:0"];
  if (audioFrom && info.audioCodec) args.push("-i", audioFrom, "-map", "0:v:0", "-map", "1:a:0", "-c:a", copyable.includes(info.audioCodec) ? "copy" : "aac");
  args.push("-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-pix_fmt", "yuv420p", "-r", info.frameRate, "-f", "mp4", out);
  const p: ChildProcessWithoutNullStreams = spawn(FFMPEG, args, { stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  p.stderr.on("data", (d) => (err += d));
  p.stdout.resume();
  const closed = once(p, "close");
  return {
    async write(frame) {
      if (!p.stdin.write(frame)) await once(p.stdin, "drain");
    },
    async finish() {
      p.stdin.end();
      const [code] = (await closed) as [number];
      if (code !== 0) throw new Error(`ffmpeg could not encode ${out}: ${err.trim().split("\n").slice(-2).join(" | ")}`);
    },
    abort() { p.kill("SIGKILL"); },
  };
}
