import { rename, rm } from "node:fs/promises";
import { tempPathFor } from "../util/write-file-atomic";
import { createLandmarkSmoother } from "../convert/landmark-smoother";
import { swapFace, type SwapOptions } from "../convert/swap-face";
import { inferenceBackend, withBackend } from "../faces/face-api";
import type { RgbImage } from "../image/rgb-image";
import type { Autoencoder } from "../model/autoencoder";
import { throwIfAborted } from "../util/abort";
import { createEncoder, decodeFrames, probeVideo, type VideoInfo } from "../media/ffmpeg";
import { LowCoverageError } from "./low-coverage-error";
import { performerCoverage } from "./performer-coverage";
import { createPerformerTracker } from "./performer-tracker";

export type SwapVideoOptions = SwapOptions & {
  /** The person to swap (a findPerformers / footage track descriptor); absent: the largest face of the first frame, followed from there. */
  performer?: { descriptor: readonly number[] };
  /** Full-frame detection at least every this many frames (default 25); between them the face is followed around its last position. */
  keyEvery?: number;
  /**
   * Share of the performer's frames that must be swapped (0..1); below it the
   * swap fails with LowCoverageError and leaves no output. Default 0: report only.
   */
  minCoverage?: number;
  onProgress?: (p: { frame: number; totalFrames: number; framesPerSecond: number }) => void;
  /** Each converted frame before it is encoded (for previews); awaited, and `frame.data` must not be changed. */
  onFrame?: (frame: RgbImage, index: number, swapped: boolean) => void | Promise<void>;
  /** Checked before every frame; an abort rejects with an Error named "AbortError" and leaves no output. */
  signal?: AbortSignal;
};

export type SwapVideoResult = {
  info: VideoInfo;
  frames: number;
  /** Frames where the performer's face was swapped (same as framesSwapped; kept for callers of the first API). */
  framesWithFace: number;
  framesSwapped: number;
  /** Frames that show the performer: the swapped ones plus short gaps between them where detection missed (see performerCoverage). */
  framesWithPerformer: number;
  /** Frames that needed the full (SSD) detection; the others were followed with the fast detector. */
  keyFrames: number;
  seconds: number;
};

// Gaps up to a second long between sightings are detection misses, not absences.
const GAP_SECONDS = 1;

/**
 * Swaps the performer's face in every frame that shows it. Frames stream
 * through ffmpeg pipes (one frame in memory); the face is found by the
 * performer tracker (SSD on key frames, the fast detector around the last
 * position between them) and its landmarks are smoothed over time. The
 * output is written to a temp file beside `out` and renamed into place only
 * when complete and covered enough.
 */
export async function swapVideo(model: Autoencoder, input: string, out: string, o: SwapVideoOptions = {}): Promise<SwapVideoResult> {
  const info = await probeVideo(input);
  const tmp = tempPathFor(out);
  // Audio: the first track, copied when MP4 takes its codec, else AAC.
  const audio = info.audioCodec ? { from: input, codecs: [info.audioCodec] } : null;
  const encoder = createEncoder(tmp, { width: info.width, height: info.height, frameRate: info.frameRate, crf: 16, audio, format: "mp4" });
  const smoother = createLandmarkSmoother();
  const tracker = createPerformerTracker({ descriptor: o.performer?.descriptor, keyEvery: o.keyEvery });
  const totalFrames = Math.round(info.durationSeconds * info.fps);
  const started = performance.now();
  const found: boolean[] = [];
  let keyFrames = 0;
  try {
    for await (const data of decodeFrames(input, info.width, info.height)) {
      throwIfAborted(o.signal, "video swap");
      const frame = { width: info.width, height: info.height, data };
      const swapped = await withBackend(inferenceBackend(), async () => {
        const step = await tracker.next(frame);
        if (step.via === "key") keyFrames++;
        if (step.face) await swapFace(model, frame, smoother.smooth(step.face.landmarks), o);
        return !!step.face;
      });
      if (!swapped) smoother.reset();
      found.push(swapped);
      await o.onFrame?.(frame, found.length - 1, swapped);
      await encoder.write(frame.data);
      o.onProgress?.({ frame: found.length, totalFrames, framesPerSecond: found.length / ((performance.now() - started) / 1000) });
    }
    const coverage = performerCoverage(found, Math.round(GAP_SECONDS * (info.fps || 25)));
    if (o.minCoverage && coverage.framesSwapped < o.minCoverage * coverage.framesWithPerformer)
      throw new LowCoverageError(coverage, o.minCoverage);
    await encoder.finish();
    await rename(tmp, out);
    return {
      info,
      frames: found.length,
      framesWithFace: coverage.framesSwapped,
      framesSwapped: coverage.framesSwapped,
      framesWithPerformer: coverage.framesWithPerformer,
      keyFrames,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (e) {
    await encoder.abort();
    await rm(tmp, { force: true });
    throw e;
  }
}
