import { rename, rm } from "node:fs/promises";
import { tempPathFor } from "../util/write-file-atomic";
import { createLandmarkSmoother } from "../convert/landmark-smoother";
import { swapFace, type SwapOptions } from "../convert/swap-face";
import { detectFaces, largestFace, type DetectOptions } from "../faces/detect-faces";
import { inferenceBackend, withBackend } from "../faces/face-api";
import type { RgbImage } from "../image/rgb-image";
import type { Autoencoder } from "../model/autoencoder";
import { throwIfAborted } from "../util/abort";
import { createEncoder, decodeFrames, probeVideo, type VideoInfo } from "../media/ffmpeg";

export type SwapVideoOptions = SwapOptions & {
  detector?: DetectOptions["detector"];
  onProgress?: (p: { frame: number; totalFrames: number; framesPerSecond: number }) => void;
  /** Each converted frame before it is encoded (for previews); awaited, and `frame.data` must not be changed. */
  onFrame?: (frame: RgbImage, index: number, swapped: boolean) => void | Promise<void>;
  /** Checked before every frame; an abort rejects with an Error named "AbortError" and leaves no output. */
  signal?: AbortSignal;
};

export type SwapVideoResult = { info: VideoInfo; frames: number; framesWithFace: number; seconds: number };

/**
 * Swaps the main face of every frame. Frames stream through ffmpeg pipes
 * (one frame in memory); the output is written to a temp file beside `out`
 * and renamed into place only when complete.
 */
export async function swapVideo(model: Autoencoder, input: string, out: string, o: SwapVideoOptions = {}): Promise<SwapVideoResult> {
  const info = await probeVideo(input);
  const tmp = tempPathFor(out);
  // Audio: the first track, copied when MP4 takes its codec, else AAC.
  const audio = info.audioCodec ? { from: input, codecs: [info.audioCodec] } : null;
  const encoder = createEncoder(tmp, { width: info.width, height: info.height, frameRate: info.frameRate, crf: 16, audio, format: "mp4" });
  const smoother = createLandmarkSmoother();
  const totalFrames = Math.round(info.durationSeconds * info.fps);
  const started = performance.now();
  let frames = 0, framesWithFace = 0;
  try {
    for await (const data of decodeFrames(input, info.width, info.height)) {
      throwIfAborted(o.signal, "video swap");
      const frame = { width: info.width, height: info.height, data };
      const swapped = await withBackend(inferenceBackend(), async () => {
        const face = largestFace(await detectFaces(frame, { detector: o.detector ?? "tiny" }));
        if (face) await swapFace(model, frame, smoother.smooth(face.landmarks), o);
        return !!face;
      });
      if (swapped) framesWithFace++;
      else smoother.reset();
      await o.onFrame?.(frame, frames, swapped);
      await encoder.write(frame.data);
      frames++;
      o.onProgress?.({ frame: frames, totalFrames, framesPerSecond: frames / ((performance.now() - started) / 1000) });
    }
    await encoder.finish();
    await rename(tmp, out);
  } catch (e) {
    await encoder.abort();
    await rm(tmp, { force: true });
    throw e;
  }
  return { info, frames, framesWithFace, seconds: (performance.now() - started) / 1000 };
}
