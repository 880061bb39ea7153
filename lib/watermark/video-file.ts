import { rename, rm } from "node:fs/promises";
import { tempPathFor } from "@/lib/fs/write-file-atomic";
import { createEncoder, decodeFrames, type Frame, probeVideo } from "@/lib/media";
import { type DetectionResult, detectFromFold, falsePositiveBoundPerImage } from "./detect";
import { blendOverlay, type DisclosureSpec, renderDisclosureOverlay } from "./disclosure";
import { embedWatermarkInPlace, type EmbedOptions } from "./embed";
import { alignedToOffset, createFold, foldFrame } from "./fold";
import { addAlignedFrame, createMotionFold } from "./motion-fold";
import { createMotionTracker } from "./global-motion";

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
};

/** A decoded frame as the watermark's Frame: a Buffer view of the same pixels (no copy), as sharp's frames are. */
function bufferFrame(width: number, height: number, pixels: Uint8Array): Frame {
  return { width, height, channels: 3, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.length) };
}

export async function watermarkVideoFile(input: string, output: string, options: WatermarkVideoOptions): Promise<{ frames: number }> {
  const info = await probeVideo(input);
  const { width, height } = info;
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
    await rename(tmp, output);
  } catch (error) {
    await encoder.abort();
    await rm(tmp, { force: true });
    throw error;
  }
  return { frames };
}

/** A video gets two detections (plain and motion-aligned fold), each bounded like an image. */
export function falsePositiveBoundPerVideo(): number {
  return 2 * falsePositiveBoundPerImage();
}

export type DetectVideoOptions = { maxFrames?: number };

export async function detectVideoFile(input: string, options: DetectVideoOptions = {}): Promise<DetectionResult> {
  const { width, height } = await probeVideo(input);
  const maxFrames = options.maxFrames ?? 90;
  const acc = createFold();
  const motion = createMotionFold();
  // The plain fold follows the picture's global motion, as the embedder's grid
  // did (no motion: a plain sum of the frames' folds).
  const tracker = createMotionTracker();
  for await (const pixels of decodeFrames(input, width, height, { maxFrames, constantRate: true, what: "decoding the video" })) {
    const picture = bufferFrame(width, height, pixels);
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
  return aligned.found ? aligned : plain;
}
