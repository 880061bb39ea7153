import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

// Locates ffmpeg/ffprobe (FFMPEG_PATH / FFPROBE_PATH, else PATH) and reads a
// video's geometry and frame rate.
const execFileAsync = promisify(execFile);

export function ffmpegPath(): string {
  return process.env.FFMPEG_PATH || "ffmpeg";
}

export function ffprobePath(): string {
  if (process.env.FFPROBE_PATH) return process.env.FFPROBE_PATH;
  const ffmpeg = process.env.FFMPEG_PATH;
  if (ffmpeg) {
    const sibling = path.join(path.dirname(ffmpeg), "ffprobe");
    if (existsSync(sibling)) return sibling;
  }
  return "ffprobe";
}

export type VideoInfo = { width: number; height: number; fps: number; fpsFraction: string; hasAudio: boolean };

export async function probeVideo(file: string): Promise<VideoInfo> {
  const { stdout } = await execFileAsync(ffprobePath(), [
    "-v", "error", "-show_entries", "stream=codec_type,width,height,r_frame_rate", "-of", "json", file,
  ]);
  const streams = (JSON.parse(stdout) as { streams?: Array<Record<string, unknown>> }).streams ?? [];
  const video = streams.find((s) => s.codec_type === "video");
  if (!video) throw new Error(`${file} has no video stream`);
  const fpsFraction = String(video.r_frame_rate ?? "30/1");
  const [num, den] = fpsFraction.split("/").map(Number);
  return {
    width: Number(video.width),
    height: Number(video.height),
    fps: num && den ? num / den : 30,
    fpsFraction,
    hasAudio: streams.some((s) => s.codec_type === "audio"),
  };
}

export function runFfmpeg(args: string[], stdio: "pipe-in" | "pipe-out"): ChildProcess {
  return spawn(ffmpegPath(), ["-hide_banner", "-loglevel", "error", ...args], {
    stdio: stdio === "pipe-in" ? ["pipe", "ignore", "pipe"] : ["ignore", "pipe", "pipe"],
  });
}

/** Resolves when the process exits 0; rejects with its stderr otherwise. */
export function waitForExit(child: ChildProcess, what: string): Promise<void> {
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", (e) => reject(new Error(`${what}: cannot run ffmpeg (${e.message}); install ffmpeg or set FFMPEG_PATH`)));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

export function isVideoPath(file: string): boolean {
  return /\.(mp4|mov|m4v|mkv|webm|avi)$/i.test(file);
}
