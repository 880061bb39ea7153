import { rename, rm } from "node:fs/promises";
import { tempPathFor } from "@/lib/fs/write-file-atomic";
import { createEncoder, decodeFrames, ffmpegPath, type Frame, probeVideo, run } from "@/lib/media";
import { payloadToHex } from "./embed";
import { MIN_VIDEO_SIDE, READBACK_FRAMES, VIDEO_READBACK_BELOW, WatermarkTooSmallError } from "./too-small";
import { type DetectionResult, detectFromFold, falsePositiveBoundPerDetection, MIN_LATTICE_SCORE } from "./detect";
import { blendOverlay, type DisclosureSpec, renderDisclosureOverlay } from "./disclosure";
import { embedWatermarkInPlace, type EmbedOptions } from "./embed";
import { alignedToOffset, createFold, foldFrame, foldLuma, lumaOf } from "./fold";
import { estimateLattices, isIdentityLattice, type Lattice, resampleToCanonical } from "./geometry";
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

/** A video gets up to three detections (plain fold, motion-aligned fold, and the fold after a net geometry change). */
export function falsePositiveBoundPerVideo(): number {
  return 3 * falsePositiveBoundPerDetection();
}

export type DetectVideoOptions = { maxFrames?: number };

/**
 * Frames whose power spectra are summed for the lattice estimate (every 10th).
 * 720p -> 480p + CRF 28 on the bench's 8 clips: 5 of 8 either way (the first
 * frame alone lost baboon, board, coffee; 8 frames lose astronaut, board, coffee).
 */
const GEOMETRY_FRAMES = 8;
const GEOMETRY_FRAME_STRIDE = 10;

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
  // tile lattice from the summed power spectra of a few frames (shift-blind,
  // so motion does not matter), then every frame resampled onto the tile's
  // grid, its motion tracked there (in the embedder's pixels) and folded as above.
  const [lattice] = lumas.length ? estimateLattices(lumas, width, height, 1) : [];
  if (!lattice || lattice.score < MIN_LATTICE_SCORE || isIdentityLattice(lattice)) return plain;
  const geometric = await foldWithGeometry(input, width, height, maxFrames, lattice);
  return geometric?.found ? geometric : plain;
}

async function foldWithGeometry(
  input: string,
  width: number,
  height: number,
  maxFrames: number,
  lattice: Lattice,
): Promise<DetectionResult | null> {
  const acc = createFold();
  const tracker = createMotionTracker();
  for await (const pixels of decodeFrames(input, width, height, { maxFrames, constantRate: true, what: "decoding the video" })) {
    const canonical = resampleToCanonical(lumaOf(bufferFrame(width, height, pixels)), width, height, lattice);
    if (!canonical) return null;
    const offset = tracker.nextWindow(lumaPlaneWindow(canonical.luma, canonical.width, canonical.height));
    const frame = createFold();
    foldLuma(frame, canonical.luma, canonical.width, canonical.height);
    const moved = alignedToOffset(frame.tile, offset);
    for (let i = 0; i < acc.tile.length; i++) acc.tile[i]! += moved[i]!;
    acc.frames++;
  }
  const result = detectFromFold(acc);
  const det = lattice.a.x * lattice.b.y - lattice.a.y * lattice.b.x;
  return {
    ...result,
    geometry: {
      a: lattice.a,
      b: lattice.b,
      scale: +(Math.sqrt(Math.abs(det)) / 128).toFixed(4),
      rotationDeg: +((Math.atan2(lattice.a.y - lattice.b.x, lattice.a.x + lattice.b.y) * 180) / Math.PI).toFixed(2),
    },
  };
}
