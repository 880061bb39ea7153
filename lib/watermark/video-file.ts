import { rename, rm } from "node:fs/promises";
import { tempPathFor } from "@/lib/fs/write-file-atomic";
import { createEncoder, decodeFrames, ffmpegPath, type Frame, probeVideo, run } from "@/lib/media";
import { payloadToHex } from "./embed";
import { MIN_VIDEO_SIDE, READBACK_FRAMES, VIDEO_READBACK_BELOW, WatermarkTooSmallError } from "./too-small";
import {
  centralWindow,
  detectFromFold,
  type DetectionResult,
  falsePositiveBoundPerDetection,
  geometryOf,
  PERTURB_MIN_SCORE,
  PERTURB_STEP,
  PERTURBATIONS,
} from "./detect";
import { blendOverlay, type DisclosureSpec, renderDisclosureOverlay } from "./disclosure";
import { embedWatermarkInPlace, type EmbedOptions } from "./embed";
import { alignedToOffset, createFold, foldFrame, foldLuma, lumaOf } from "./fold";
import { type Lattice, resampleToCanonical } from "./geometry";
import { perturbations } from "./geometry-search";
import { rankVideoGeometries } from "./video-geometry";
import { addAlignedFrame, createMotionFold } from "./motion-fold";
import { createMotionTracker, lumaPlaneWindow } from "./global-motion";

// Video: ffmpeg decodes to raw RGB frames on a pipe, each frame gets the
// disclosure and the watermark, and a second ffmpeg encodes H.264 (audio is
// copied, or re-encoded to AAC where the output container cannot take its
// codec; the pipes are lib/media's). Detection folds many frames into one
// accumulator: the tile is the same in every frame, so frames add up
// coherently, and dropped, duplicated or re-timed frames (a frame-rate
// change) do not matter.
/**
 * Video keeps the image quality target. H.264 motion compensation drags the
 * pattern along with the picture; a plain fold over frames smeared it, and
 * video had to embed at 38 dB. Re-aligning each frame on its own sync peak
 * (motion-fold.ts) decoded 3 of 4 test pans at 42.5 dB after CRF 28 + 24 fps
 * (plain fold: 2 of 4); the fourth, a textured board, kept the pattern only
 * in the ~8 frames after the key frame. The embedder now also moves the tile
 * grid with the picture's global motion (global-motion.ts), so that P-frames
 * carry the pattern, and the detector's plain fold follows the same motion:
 * 4 of 4 (raw bit errors of 248, astronaut/baboon/board/body: 16/8/84/0 -> 2/5/30/1).
 */
export const VIDEO_TARGET_PSNR_DB = 42.5;

export type WatermarkVideoOptions = EmbedOptions & {
  payload: Uint8Array;
  disclosure?: DisclosureSpec;
  /** x264 constant rate factor of the output (default 18). */
  crf?: number;
  /** Called after each marked frame (render progress). */
  onFrame?: (framesDone: number) => void;
  /** Called once every frame is marked, while ffmpeg finishes the file. */
  onEncoding?: () => void;
  /** Stops between frames; the temp file is removed. */
  signal?: AbortSignal;
  /** Read the mark back after H.264 CRF 28 below VIDEO_READBACK_BELOW px (default true); refused (WatermarkTooSmallError) when it does not decode. */
  readBack?: boolean;
};

/** A decoded frame as the watermark's Frame: a Buffer view of the same pixels (no copy), as sharp's frames are. */
function bufferFrame(width: number, height: number, pixels: Uint8Array): Frame {
  return { width, height, channels: 3, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.length) };
}

export async function watermarkVideoFile(input: string, output: string, options: WatermarkVideoOptions): Promise<{ frames: number }> {
  const info = await probeVideo(input);
  const { width, height } = info;
  if (Math.min(width, height) < MIN_VIDEO_SIDE) throw new WatermarkTooSmallError("video", width, height, "below-minimum");
  const overlay = options.disclosure ? await renderDisclosureOverlay(width, height, options.disclosure) : null;
  const tmp = tempPathFor(output);
  const encoder = createEncoder(tmp, {
    width,
    height,
    frameRate: info.frameRate,
    crf: options.crf ?? 18,
    audio: { from: input, codecs: info.audioCodecs },
    faststart: true,
    what: "encoding the video",
  });
  let frames = 0;
  // The tile grid follows the picture's global motion (global-motion.ts).
  const tracker = createMotionTracker();
  try {
    // Constant rate: frames keep their times at the rate the encoder writes.
    for await (const pixels of decodeFrames(input, width, height, { constantRate: true, what: "decoding the video" })) {
      // Marked in place: each decoded frame is a fresh buffer.
      const frame = bufferFrame(width, height, pixels);
      const gridOffset = tracker.next(frame);
      if (overlay) blendOverlay(frame, overlay);
      embedWatermarkInPlace(frame, options.payload, { targetPsnrDb: VIDEO_TARGET_PSNR_DB, gridOffset, ...options });
      frames++;
      options.onFrame?.(frames);
      if (options.signal?.aborted) throw Object.assign(new Error("watermarking cancelled"), { name: "AbortError" });
      await encoder.write(pixels);
    }
    options.onEncoding?.();
    await encoder.finish();
    if (Math.min(width, height) < VIDEO_READBACK_BELOW && options.readBack !== false) await readBack(tmp, options.payload, width, height);
    await rename(tmp, output);
  } catch (error) {
    await encoder.abort();
    await rm(tmp, { force: true });
    throw error;
  }
  return { frames };
}

/** The marked file re-encoded with H.264 CRF 28 (its first READBACK_FRAMES frames) must give the payload back. */
async function readBack(marked: string, payload: Uint8Array, width: number, height: number): Promise<void> {
  const shared = `${marked}.readback.mp4`;
  try {
    await run(ffmpegPath(), [
      "-loglevel",
      "error",
      "-y",
      "-i",
      marked,
      "-frames:v",
      String(READBACK_FRAMES),
      "-an",
      "-c:v",
      "libx264",
      "-crf",
      "28",
      "-pix_fmt",
      "yuv420p",
      shared,
    ]);
    const result = await detectVideoFile(shared, { maxFrames: READBACK_FRAMES });
    if (result.payload !== payloadToHex(payload)) throw new WatermarkTooSmallError("video", width, height, "not-read-back");
  } finally {
    await rm(shared, { force: true });
  }
}

/**
 * A video gets up to 2 + VIDEO_GEOMETRY_CANDIDATES + (PERTURBATIONS - 1) = 30
 * detections: the plain fold, the motion-aligned fold, and after a net
 * geometry change the folds at the ranked lattices (those scoring
 * PERTURB_MIN_SCORE) and at the best one's 26 neighbours.
 */
export function falsePositiveBoundPerVideo(): number {
  return (2 + VIDEO_GEOMETRY_CANDIDATES + PERTURBATIONS - 1) * falsePositiveBoundPerDetection();
}

export type DetectVideoOptions = { maxFrames?: number };

/**
 * Frames (every GEOMETRY_FRAME_STRIDE-th: 0, 20, 40) on which candidate tile
 * lattices are ranked (video-geometry.ts); the best is refined on the first
 * FINE_FRAMES. 720p -> 480p + CRF 28 on the bench's 8 clips: the true lattice
 * ranked first on all but the textured board pan (which does not decode at the
 * true lattice either), scoring 9.2-10.7 against at most 5.6 on the unmarked clips.
 */
const GEOMETRY_FRAMES = 3;
const GEOMETRY_FRAME_STRIDE = 20;
const FINE_FRAMES = 2;
/**
 * Ranked lattices folded over every frame and decoded, when their score
 * reaches PERTURB_MIN_SCORE (an unmarked clip, best 4.3-5.6 on the bench, is
 * answered after the ranking); then the best one's 26 neighbours
 * (perturbations), folded on the central PERTURB_WINDOW px of each frame, in
 * batches of PERTURB_BATCH until one decodes.
 */
export const VIDEO_GEOMETRY_CANDIDATES = 2;
const PERTURB_WINDOW = 640;
const PERTURB_BATCH = 13;

export async function detectVideoFile(input: string, options: DetectVideoOptions = {}): Promise<DetectionResult> {
  const { width, height } = await probeVideo(input);
  const maxFrames = options.maxFrames ?? 90;
  const acc = createFold();
  const motion = createMotionFold();
  // The plain fold follows the picture's global motion, as the embedder's grid
  // did (no motion: a plain sum of the frames' folds).
  const tracker = createMotionTracker();
  // Lumas of up to GEOMETRY_FRAMES frames, spread over the clip, for the lattice estimate.
  const lumas: Float32Array[] = [];
  let index = 0;
  for await (const pixels of decodeFrames(input, width, height, { maxFrames, constantRate: true, what: "decoding the video" })) {
    const picture = bufferFrame(width, height, pixels);
    if (index++ % GEOMETRY_FRAME_STRIDE === 0 && lumas.length < GEOMETRY_FRAMES) lumas.push(lumaOf(picture));
    const offset = tracker.next(picture);
    const frame = createFold();
    foldFrame(frame, picture);
    const moved = alignedToOffset(frame.tile, offset);
    for (let i = 0; i < acc.tile.length; i++) acc.tile[i]! += moved[i]!;
    acc.frames += frame.frames;
    addAlignedFrame(motion, frame.tile);
  }
  // The plain fold first (a static or re-encoded-without-motion video), then
  // the motion-aligned one. Two decodings: falsePositiveBoundPerVideo counts
  // both. The aligned fold puts every frame's best peak, noise or not, at the
  // origin, so its sync height means nothing on its own: when it does not
  // decode, the plain fold says whether a damaged watermark is there.
  const plain = detectFromFold(acc);
  if (plain.found) return plain;
  const aligned = detectFromFold(motion.aligned);
  if (aligned.found) return aligned;
  // A net geometry change (a rescale to another resolution, a stretch): the
  // tile lattice ranked by the first-order search on a few frames
  // (video-geometry.ts), then every frame resampled onto the tile's grid, its
  // motion tracked there (in the embedder's pixels) and folded as above.
  const lattices = rankVideoGeometries(lumas, width, height, VIDEO_GEOMETRY_CANDIDATES, {
    fineFrames: FINE_FRAMES,
    minScore: PERTURB_MIN_SCORE,
  }).filter((l) => l.score >= PERTURB_MIN_SCORE);
  if (!lattices.length) return plain;
  const found = (await foldWithGeometry(input, width, height, maxFrames, lattices)).find((r) => r.found);
  if (found) return found;
  // The refinement lands within ~0.3 px per tile of the true lattice, which
  // can cost more errors than the code corrects: the best lattice's neighbours.
  const around = perturbations(lattices[0]!, PERTURB_STEP).slice(1);
  for (let i = 0; i < around.length; i += PERTURB_BATCH) {
    const batch = around.slice(i, i + PERTURB_BATCH);
    const hit = (await foldWithGeometry(input, width, height, maxFrames, batch, PERTURB_WINDOW)).find((r) => r.found);
    if (hit) return hit;
  }
  return plain;
}

/**
 * Every frame (its central `window` px, when given) resampled onto each
 * lattice's tile grid, its motion tracked there (in the embedder's pixels:
 * one tracker per lattice) and folded; one decoding (detection) per lattice.
 */
async function foldWithGeometry(
  input: string,
  width: number,
  height: number,
  maxFrames: number,
  lattices: Lattice[],
  window?: number,
): Promise<DetectionResult[]> {
  const folds = lattices.map(() => ({ acc: createFold(), tracker: createMotionTracker(), ok: true }));
  for await (const pixels of decodeFrames(input, width, height, { maxFrames, constantRate: true, what: "decoding the video" })) {
    const whole = lumaOf(bufferFrame(width, height, pixels));
    const { luma, width: w, height: h } = window ? centralWindow(whole, width, height, window) : { luma: whole, width, height };
    lattices.forEach((lattice, k) => {
      const f = folds[k]!;
      if (!f.ok) return;
      const canonical = resampleToCanonical(luma, w, h, lattice);
      if (!canonical) {
        f.ok = false;
        return;
      }
      const offset = f.tracker.nextWindow(lumaPlaneWindow(canonical.luma, canonical.width, canonical.height));
      const frame = createFold();
      foldLuma(frame, canonical.luma, canonical.width, canonical.height);
      const moved = alignedToOffset(frame.tile, offset);
      for (let i = 0; i < f.acc.tile.length; i++) f.acc.tile[i]! += moved[i]!;
      f.acc.frames++;
    });
  }
  return lattices.flatMap((lattice, k) => {
    if (!folds[k]!.ok) return [];
    return [{ ...detectFromFold(folds[k]!.acc), geometry: geometryOf(lattice) }];
  });
}
