import { type Frame, type FrameLike, toFrame } from "@/lib/media";
import { chipValuesAt } from "./extract-bits";
import { alignedToOffset, createFold, foldFrame, tileSign, withoutLines } from "./fold";
import { CODE_BITS, encodePayload, PAYLOAD_BYTES } from "./payload-code";
import { MASK_BLOCK, type PerceptualMask, perceptualMask } from "./perceptual-mask";
import { CHIP_COUNT, TILE_LAYOUT, TILE_SIZE } from "./tile-layout";
import { chipTargets, meanSquare, renderChips } from "./tile-pattern";

export type EmbedOptions = {
  /** Mean quality the output keeps (luma PSNR before clipping); 42 dB is the floor. */
  targetPsnrDb?: number;
  /** Cancel the image's own interference with the pattern (default: frames under INFORMED_BELOW_PIXELS; see informedTile). */
  informed?: boolean;
  /**
   * Where the pattern's tile grid starts in this frame (pixels; default 0, 0).
   * Video moves it with the picture (see video-file.ts) so that a codec's
   * motion-compensated prediction carries the pattern instead of smearing it.
   */
  gridOffset?: { x: number; y: number };
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

type GridOffset = { x: number; y: number };
const NO_OFFSET: GridOffset = { x: 0, y: 0 };

function addPattern(frame: Frame, tile: Float32Array, mask: PerceptualMask, strength: number, offset: GridOffset): void {
  const { width, height, channels } = frame;
  const data =
    frame.data instanceof Uint8ClampedArray
      ? frame.data
      : new Uint8ClampedArray(frame.data.buffer, frame.data.byteOffset, frame.data.length);
  const rowGain = new Float32Array(width);
  // Tile (i, j) carries (-1)^(i + j) times the pattern (see tileSign).
  const colSign = Float32Array.from({ length: width }, (_, x) => tileSign(x - offset.x));
  const colIndex = Uint32Array.from({ length: width }, (_, x) => (x - offset.x) & (TILE_SIZE - 1));
  for (let y = 0; y < height; y++) {
    const gainRow = (y / MASK_BLOCK) | 0;
    const rowSign = tileSign(y - offset.y);
    const tileRow = ((y - offset.y) & (TILE_SIZE - 1)) * TILE_SIZE;
    for (let bx = 0; bx < mask.blocksX; bx++) {
      const g = strength * mask.gain[gainRow * mask.blocksX + bx]!;
      const end = Math.min(width, (bx + 1) * MASK_BLOCK);
      for (let x = bx * MASK_BLOCK; x < end; x++) rowGain[x] = g * rowSign * colSign[x]!;
    }
    let i = y * width * channels;
    for (let x = 0; x < width; x++, i += channels) {
      const d = rowGain[x]! * tile[tileRow + colIndex[x]!]!;
      // Uint8ClampedArray rounds and clamps on store.
      data[i] = data[i]! + d;
      data[i + 1] = data[i + 1]! + d;
      data[i + 2] = data[i + 2]! + d;
    }
  }
}

function foldedChips(frame: Frame, offset: GridOffset, phases: ReadonlyArray<{ x: number; y: number }> = [{ x: 0, y: 0 }]): Float64Array {
  const acc = createFold();
  for (const phase of phases) foldFrame(acc, frame, phase);
  const chips = chipValuesAt(alignedToOffset(withoutLines(acc.tile), offset), 0, 0);
  for (let c = 0; c < chips.length; c++) chips[c]! /= phases.length;
  return chips;
}

/**
 * The host interference is measured as the mean over two block-grid phases of
 * the detector's fold, so that it still holds after a crop or a screenshot
 * shifts the image against the detector's 8 px normalisation blocks (board.jpg
 * after a 10 % top crop: 33 raw bit errors with one phase, 28 with two; four
 * phases did no better).
 */
const HOST_PHASES: ReadonlyArray<{ x: number; y: number }> = [
  { x: 0, y: 0 },
  { x: 4, y: 4 },
];

/** Bits whose host interference would cost more than this chip amplitude are left to the error-correcting code. */
const MAX_BIT_AMPLITUDE = 3;
/** Every data chip keeps at least this amplitude, so bits the host already carries survive a changed host (JPEG, blur). */
const MIN_BIT_AMPLITUDE = 0.2;
/** Sync chips keep the nominal amplitude: the crop search must not depend on the host. */
const SYNC_AMPLITUDE = 1;

/**
 * Informed embedding with a margin (chip level). The image itself correlates
 * with the chips and, on small textured images, outvotes the watermark. The
 * detector's own fold measures that host interference per code bit; then each
 * bit gets just the amplitude that lifts it to a common margin above zero:
 * bits the host already supports get little, bits it opposes get more, and
 * bits that would take too much are left to the error-correcting code. The
 * margin is the largest one the fixed noise budget (PSNR) allows. Costs three
 * folds and a second embedding pass.
 */
function informedTile(frame: Frame, nominal: PayloadTile, mask: PerceptualMask, strength: number, offset: GridOffset): Float32Array {
  // A real copy: frames decoded by sharp or read from ffmpeg are Buffers, whose
  // slice() is a view; restoring from a view kept the trial pattern in the
  // frame and embedded twice (4 dB under the PSNR target).
  const original = Uint8Array.from(frame.data);
  const host = foldedChips(frame, offset, HOST_PHASES);
  addPattern(frame, nominal.tile, mask, strength, offset);
  const marked = foldedChips(frame, offset);
  frame.data.set(original);
  // How strongly the detector sees one unit of chip amplitude.
  let gain = 0;
  for (let c = 0; c < CHIP_COUNT; c++) gain += nominal.targets[c]! * (marked[c]! - host[c]!);
  gain /= CHIP_COUNT;
  if (!(gain > 0)) return nominal.tile;
  const { dataChips, dataBits } = TILE_LAYOUT;
  // Host support of each bit in units of chip amplitude, and chips per bit.
  const support = new Float64Array(CODE_BITS);
  const chipsPerBit = new Float64Array(CODE_BITS);
  for (let i = 0; i < dataChips.length; i++) {
    const c = dataChips[i]!;
    support[dataBits[i]!]! += (nominal.targets[c]! * host[c]!) / gain;
    chipsPerBit[dataBits[i]!]! += 1;
  }
  const amplitudes = new Float64Array(CODE_BITS);
  const energyFor = (margin: number) => {
    let energy = TILE_LAYOUT.syncChips.length * SYNC_AMPLITUDE * SYNC_AMPLITUDE;
    for (let b = 0; b < CODE_BITS; b++) {
      const k = chipsPerBit[b]!;
      let a = (margin - support[b]!) / k;
      if (a > MAX_BIT_AMPLITUDE)
        a = MIN_BIT_AMPLITUDE; // hopeless here: the code corrects it
      else if (a < MIN_BIT_AMPLITUDE) a = MIN_BIT_AMPLITUDE;
      amplitudes[b] = a;
      energy += k * a * a;
    }
    return energy;
  };
  // Largest margin within the nominal chip energy (every chip at 1), by bisection.
  let lo = 0;
  let hi = 4 * MAX_BIT_AMPLITUDE;
  for (let iter = 0; iter < 40; iter++) {
    const mid = (lo + hi) / 2;
    if (energyFor(mid) > CHIP_COUNT) hi = mid;
    else lo = mid;
  }
  energyFor(lo);
  const chips = new Float32Array(CHIP_COUNT);
  const { syncChips } = TILE_LAYOUT;
  for (const c of syncChips) chips[c] = SYNC_AMPLITUDE * nominal.targets[c]!;
  for (let i = 0; i < dataChips.length; i++) chips[dataChips[i]!] = amplitudes[dataBits[i]!]! * nominal.targets[dataChips[i]!]!;
  const tile = renderChips(chips);
  const scale = 1 / Math.sqrt(meanSquare(tile));
  for (let i = 0; i < tile.length; i++) tile[i]! *= scale;
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
  const offset = options.gridOffset ?? NO_OFFSET;
  const tile = informed ? informedTile(frame, nominal, mask, strength, offset) : nominal.tile;
  addPattern(frame, tile, mask, strength, offset);
  return { strength, targetPsnrDb };
}

/** Returns a watermarked copy; the input frame is left untouched. */
export function embedWatermark(input: FrameLike, payload: Uint8Array, options: EmbedOptions = {}): Frame {
  const frame = toFrame(input);
  const copy: Frame = { ...frame, data: new Uint8ClampedArray(frame.data) };
  embedWatermarkInPlace(copy, payload, options);
  return copy;
}
