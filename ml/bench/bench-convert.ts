import path from "node:path";
import { createAutoencoder, disposeAutoencoder } from "../model/autoencoder";
import type { ModelConfig } from "../model/presets";
import { ffmpegPath, run } from "../media/ffmpeg";
import { swapVideo } from "../video/swap-video";

export type ConvertBench = {
  preset: string;
  resolution: string;
  frames: number;
  seconds: number;
  framesPerSecond: number;
  framesWithFace: number;
  framesWithPerformer: number;
  framesSwapped: number;
  keyFrames: number;
};

const SIZES = { "720p": [1280, 720], "1080p": [1920, 1080] } as const;

/** A real portrait placed in a 720p/1080p frame with a sine audio track, `frames` long at 25 fps. */
export async function makeBenchVideo(dir: string, photo: string, resolution: keyof typeof SIZES, frames: number): Promise<string> {
  const [w, h] = SIZES[resolution];
  const out = path.join(dir, `bench-${resolution}-${frames}.mp4`);
  await run(ffmpegPath(), [
    "-v",
    "error",
    "-y",
    "-loop",
    "1",
    "-i",
    photo,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:duration=${frames / 25 + 1}`,
    "-filter_complex",
    `[0:v]scale=-2:${Math.round(h * 0.8)},pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,format=yuv420p[v]`,
    "-map",
    "[v]",
    "-map",
    "1:a",
    "-r",
    "25",
    "-frames:v",
    String(frames),
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-c:a",
    "aac",
    out,
  ]);
  return out;
}

/** End to end: decode, track the face (SSD on key frames, the fast detector between), align, encode/decode, blend, encode with audio. */
export async function benchConvert(config: ModelConfig, video: string, resolution: string, outDir: string): Promise<ConvertBench> {
  const model = createAutoencoder(config, 1);
  try {
    const r = await swapVideo(model, video, path.join(outDir, `out-${resolution}.mp4`));
    return {
      preset: config.name,
      resolution,
      frames: r.frames,
      seconds: Math.round(r.seconds * 100) / 100,
      framesPerSecond: Math.round((r.frames / r.seconds) * 100) / 100,
      framesWithFace: r.framesWithFace,
      framesWithPerformer: r.framesWithPerformer,
      framesSwapped: r.framesSwapped,
      keyFrames: r.keyFrames,
    };
  } finally {
    disposeAutoencoder(model);
  }
}
