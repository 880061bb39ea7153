import { type Frame, type FrameLike, toFrame } from "./frame";
import { chipValuesAt } from "./extract-bits";
import { createFold, foldFrame } from "./fold";
import { encodePayload, PAYLOAD_BYTES } from "./payload-code";
import { MASK_BLOCK, type PerceptualMask, perceptualMask } from "./perceptual-mask";
import { CHIP_COUNT, TILE_SIZE } from "./tile-layout";
import { chipTargets, meanSquare, renderChips } from "./tile-pattern";

export type EmbedOptions = {
  /** Mean quality the output keeps (luma PSNR before clipping); 42 dB is the floor. */
  targetPsnrDb?: number;
  /** Cancel the image's own interference with the pattern (default: frames under INFORMED_BELOW_PIXELS; see informedTile). */
  informed?: boolean;
};

export type EmbedStats = { strength: number; targetPsnrDb: number };

export const DEFAULT_TARGET_PSNR_DB = 42.5;
/**
 * Informed embedding is on by default below this many pixels. Larger frames
 * hold enough tile repetitions for the host interference to average out, and
 * there it would cost 10x the single pass (194 ms vs 19 ms at 1080p).
 */
export const INFORMED_BELOW_PIXELS = 1_000_000;

export function parsePayloadHex(hex: string): Uint8Array {
  const clean = hex.trim().toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{16}$/.test(clean)) throw new RangeError(`payload must be ${PAYLOAD_BYTES * 2} hex digits (64 bits), got "${hex}"`);
  return Uint8Array.from(Buffer.from(clean, "hex"));
}

export function payloadToHex(payload: Uint8Array): string {
  return Buffer.from(payload).toString("hex");
}

// A video embeds the same payload in every frame: keep the last rendered tile.
type PayloadTile = { hex: string; targets: Float32Array; tile: Float32Array; scale: number };
let cachedTile: PayloadTile | null = null;
function tileFor(payload: Uint8Array): PayloadTile {
  const hex = payloadToHex(payload);
  if (cachedTile?.hex !== hex) {
    const targets = chipTargets(encodePayload(payload));
    const tile = renderChips(targets);
    const scale = 1 / Math.sqrt(meanSquare(tile));
    for (let i = 0; i < tile.length; i++) tile[i]! *= scale;
    cachedTile = { hex, targets, tile, scale };
  }
  return cachedTile;
}

function addPattern(frame: Frame, tile: Float32Array, mask: PerceptualMask, strength: number): void {
  const { width, height, channels } = frame;
  const data =
    frame.data instanceof Uint8ClampedArray
      ? frame.data
      : new Uint8ClampedArray(frame.data.buffer, frame.data.byteOffset, frame.data.length);
  const rowGain = new Float32Array(width);
  for (let y = 0; y < height; y++) {
    const gainRow = (y / MASK_BLOCK) | 0;
    const tileRow = (y % TILE_SIZE) * TILE_SIZE;
    for (let bx = 0; bx < mask.blocksX; bx++) {
      const g = strength * mask.gain[gainRow * mask.blocksX + bx]!;
      const end = Math.min(width, (bx + 1) * MASK_BLOCK);
      for (let x = bx * MASK_BLOCK; x < end; x++) rowGain[x] = g;
    }
    let i = y * width * channels;
    for (let x = 0; x < width; x++, i += channels) {
      const d = rowGain[x]! * tile[tileRow + (x & (TILE_SIZE - 1))]!;
      // Uint8ClampedArray rounds and clamps on store.
      data[i] = data[i]! + d;
      data[i + 1] = data[i + 1]! + d;
      data[i + 2] = data[i + 2]! + d;
    }
  }
}

function foldedChips(frame: Frame): Float64Array {
  const acc = createFold();
  foldFrame(acc, frame);
  return chipValuesAt(acc.tile, 0, 0);
}

/**
 * Informed embedding (improved spread spectrum at chip level): the image
 * itself correlates with the chips and, on small textured images, outvotes the
 * watermark. Measure that host interference with the detector's own fold,
 * measure how strongly the detector sees one unit of pattern, and subtract
 * the interference in the tile, inside the same noise budget. Costs two folds
 * and a second embedding pass.
 */
function informedTile(frame: Frame, nominal: PayloadTile, mask: PerceptualMask, strength: number): Float32Array {
  const original = frame.data.slice();
  const host = foldedChips(frame);
  addPattern(frame, nominal.tile, mask, strength);
  const marked = foldedChips(frame);
  frame.data.set(original);
  let gain = 0;
  for (let c = 0; c < CHIP_COUNT; c++) gain += nominal.targets[c]! * (marked[c]! - host[c]!);
  gain /= CHIP_COUNT;
  if (!(gain > 0)) return nominal.tile;
  const cancel = new Float32Array(CHIP_COUNT);
  for (let c = 0; c < CHIP_COUNT; c++) cancel[c] = -host[c]! / gain;
  const correction = renderChips(cancel);
  let cross = 0;
  let energy = 0;
  for (let i = 0; i < correction.length; i++) {
    correction[i]! *= nominal.scale;
    cross += correction[i]! * nominal.tile[i]!;
    energy += correction[i]! * correction[i]!;
  }
  cross /= correction.length;
  energy /= correction.length;
  // Keep at least half of the payload signal: cancel only part of a host that
  // is too strong to cancel within the budget.
  const maxCorrectionEnergy = 0.6;
  const shrink = energy > maxCorrectionEnergy ? Math.sqrt(maxCorrectionEnergy / energy) : 1;
  cross *= shrink;
  energy *= shrink * shrink;
  // Solve |a * nominal + correction|^2 = 1 (unit mean square) for a.
  const a = -cross + Math.sqrt(Math.max(0, cross * cross - (energy - 1)));
  const tile = new Float32Array(correction.length);
  for (let i = 0; i < tile.length; i++) tile[i] = a * nominal.tile[i]! + shrink * correction[i]!;
  return tile;
}

/**
 * Adds the payload's tile pattern, scaled by the perceptual mask, to R, G and B
 * of the frame (so only luma changes). Modifies `frame.data` in place.
 */
export function embedWatermarkInPlace(input: FrameLike, payload: Uint8Array, options: EmbedOptions = {}): EmbedStats {
  const frame: Frame = toFrame(input);
  const targetPsnrDb = options.targetPsnrDb ?? DEFAULT_TARGET_PSNR_DB;
  const nominal = tileFor(payload);
  const mask = perceptualMask(frame);
  // Rounding to 8 bits adds 1/12 of a level squared of error on its own.
  const targetMse = Math.max(0.05, (255 / 10 ** (targetPsnrDb / 20)) ** 2 - 1 / 12);
  const strength = Math.sqrt(targetMse / mask.meanSquareGain);
  const informed = options.informed ?? frame.width * frame.height < INFORMED_BELOW_PIXELS;
  const tile = informed ? informedTile(frame, nominal, mask, strength) : nominal.tile;
  addPattern(frame, tile, mask, strength);
  return { strength, targetPsnrDb };
}

/** Returns a watermarked copy; the input frame is left untouched. */
export function embedWatermark(input: FrameLike, payload: Uint8Array, options: EmbedOptions = {}): Frame {
  const frame = toFrame(input);
  const copy: Frame = { ...frame, data: new Uint8ClampedArray(frame.data) };
  embedWatermarkInPlace(copy, payload, options);
  return copy;
}
