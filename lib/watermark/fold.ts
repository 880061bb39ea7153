import type { Frame } from "@/lib/media";
import { TILE_SIZE } from "./tile-layout";

// The detector's first stage: whiten the frame's luma and fold it onto one
// tile (sum of all tile-sized pieces, each with its tile's checkerboard sign,
// see tileSign). Every repetition of the watermark tile
// lands on the same place, so the pattern adds up coherently while the image
// content, different in each piece, adds up like noise. Folding several video
// frames into one accumulator is the soft form of voting over frames.
//
// Whitening: a cross-shaped band-pass, y - mean(4 neighbours at distance 4).
// Its response is zero at DC, peaks at 1/8 cycle per pixel (the chip rate) and
// is zero again at 1/4, where JPEG, blur and resizing leave little signal.
// Large responses (edges) are clipped so that a few strong edges cannot outvote
// the pattern.
export const WHITEN_DISTANCE = 4;
export const CLIP_LEVEL = 2;
export const NORM_BLOCK = 8;
/** Whitened RMS (grey levels) below which a block counts as flat: keeps flat areas from dominating. */
export const NOISE_FLOOR = 1;
/**
 * A block's fold weight is 1/(RMS + floor)^WEIGHT_POWER. With power 1 every
 * block counts the same after normalisation, yet a textured block carries as
 * much watermark over far more host noise; the inverse-variance weight
 * (power 2) is optimal for Gaussian noise but hands flat blocks, which JPEG
 * empties, too much say. Measured on the 17 hardest bench photos (exact of 17,
 * screenshot/jpeg-q50/contrast+20): 1 -> 4/6/6, 1.5 -> 10/6/9, 2 -> 13/2/7.
 */
export const WEIGHT_POWER = 1.5;

/**
 * Sign of the tile that holds pixel coordinate `c` along one axis: the
 * embedder draws tile (i, j) as (-1)^(i + j) times the pattern. An image that
 * repeats itself with the tile period (a grid of digits with 12.8 px cells,
 * 10 cells per tile) would otherwise fold as coherently as the watermark and
 * swamp it; folded with alternating signs its repetitions cancel, while the
 * watermark's add up. The fold is then negacyclic (one tile further on, the
 * pattern's sign flips): the sync search and the chip reading take that
 * into account (negacyclicCorrelate, alignedTile).
 */
export function tileSign(c: number): number {
  return Math.floor(c / TILE_SIZE) & 1 ? -1 : 1;
}

/**
 * The folded tile re-aligned so that the pattern's grid starts at (0, 0) with
 * a + sign, given the sync peak's shift and sign: u(p) = sign * tile~(p + shift),
 * tile~ being the fold's negacyclic extension.
 */
export function alignedTile(tile: Float64Array, peak: { x: number; y: number; sign: number }): Float64Array {
  const n = TILE_SIZE;
  const out = new Float64Array(n * n);
  for (let y = 0; y < n; y++) {
    const sy = y + peak.y;
    const rowSign = sy >= n ? -peak.sign : peak.sign;
    const src = (sy & (n - 1)) * n;
    for (let x = 0; x < n; x++) {
      const sx = x + peak.x;
      out[y * n + x] = (sx >= n ? -rowSign : rowSign) * tile[src + (sx & (n - 1))]!;
    }
  }
  return out;
}

/**
 * A folded tile of a frame whose pattern grid starts at `offset` (the video
 * embedder's moving grid), re-aligned to a grid at (0, 0).
 */
export function alignedToOffset(tile: Float64Array, offset: { x: number; y: number }): Float64Array {
  const sx = offset.x & (TILE_SIZE - 1);
  const sy = offset.y & (TILE_SIZE - 1);
  const sign = tileSign(sx - offset.x) * tileSign(sy - offset.y);
  if (sx === 0 && sy === 0 && sign === 1) return tile;
  return alignedTile(tile, { x: sx, y: sy, sign });
}

export type FoldAccumulator = {
  tile: Float64Array;
  frames: number;
};

export function createFold(): FoldAccumulator {
  return { tile: new Float64Array(TILE_SIZE * TILE_SIZE), frames: 0 };
}

// Scratch buffers reused across calls: a video folds hundreds of frames of one
// size, and fresh 8 MB planes per frame cost more in garbage collection than
// the arithmetic.
let lumaScratch = new Float32Array(0);
let stripScratch = new Float32Array(0);
const foldScratch = new Float64Array(4 * TILE_SIZE * TILE_SIZE);

function lumaPlane(frame: Frame): Float32Array {
  const { width, height, channels } = frame;
  // Always a plain Uint8Array view: frames arrive as Buffer, Uint8Array or
  // Uint8ClampedArray, and a loop that has seen several element kinds runs
  // polymorphic (extraction took 45 ms instead of 31 after the benchmark's
  // mixed frames).
  const data = new Uint8Array(frame.data.buffer, frame.data.byteOffset, frame.data.length);
  const n = width * height;
  if (lumaScratch.length < n) lumaScratch = new Float32Array(n);
  const out = lumaScratch;
  for (let p = 0, i = 0; p < n; p++, i += channels) out[p] = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  return out;
}

/**
 * `blockPhase` shifts the normalisation block grid (pixels, 0..NORM_BLOCK-1):
 * the embedder folds with several phases because a crop or a screenshot moves
 * the image against the detector's grid, and the host interference with it.
 *
 * The frame is processed one strip of normalisation blocks (NORM_BLOCK rows)
 * at a time, so the whitened values of a strip stay in cache between the
 * energy pass and the fold. Pieces are first summed without their
 * checkerboard signs into a 2x2-tile buffer (position modulo two tiles) and
 * the signs applied once at the end.
 */
export function foldFrame(acc: FoldAccumulator, frame: Frame, blockPhase = { x: 0, y: 0 }): void {
  const d = WHITEN_DISTANCE;
  if (frame.width <= 2 * d || frame.height <= 2 * d) return;
  foldLuma(acc, lumaPlane(frame), frame.width, frame.height, blockPhase);
}

/** The luma (BT.601, grey levels) of a frame, in a new array. */
export function lumaOf(frame: Frame): Float32Array {
  return lumaPlane(frame).slice(0, frame.width * frame.height);
}

/** foldFrame on a luma plane (width x height, row-major): the geometry search folds resampled planes. */
export function foldLuma(acc: FoldAccumulator, luma: Float32Array, width: number, height: number, blockPhase = { x: 0, y: 0 }): void {
  const d = WHITEN_DISTANCE;
  if (width <= 2 * d || height <= 2 * d) return;
  const px = blockPhase.x;
  const py = blockPhase.y;
  // Block column boundaries over the whitened columns d..width-d.
  const starts: number[] = [];
  for (let x = d; x < width - d;) {
    starts.push(x);
    x = Math.min(width - d, (Math.floor((x + px) / NORM_BLOCK) + 1) * NORM_BLOCK - px);
  }
  starts.push(width - d);
  const blocks = starts.length - 1;
  if (stripScratch.length < NORM_BLOCK * width) stripScratch = new Float32Array(NORM_BLOCK * width);
  const strip = stripScratch;
  const lo = new Float32Array(blocks);
  const factor = new Float32Array(blocks);
  const span = 2 * TILE_SIZE;
  const wrap = span - 1;
  const buf = foldScratch.fill(0);
  for (let y0 = d; y0 < height - d;) {
    const y1 = Math.min(height - d, (Math.floor((y0 + py) / NORM_BLOCK) + 1) * NORM_BLOCK - py);
    // Pass 1: whitened values of the strip and each block's RMS.
    for (let b = 0; b < blocks; b++) {
      const xs = starts[b]!;
      const xe = starts[b + 1]!;
      let energy = 0;
      for (let y = y0; y < y1; y++) {
        const row = y * width;
        const out = (y - y0) * width;
        for (let x = xs; x < xe; x++) {
          const i = row + x;
          const v = luma[i]! - 0.25 * (luma[i - d * width]! + luma[i + d * width]! + luma[i - d]! + luma[i + d]!);
          strip[out + x] = v;
          energy += v * v;
        }
      }
      // Each value is divided by its block's RMS (textured blocks carry as
      // much watermark but far more host noise, so they must weigh less),
      // clipped at CLIP_LEVEL in those units, then weighted further.
      const scale = Math.sqrt(energy / ((xe - xs) * (y1 - y0))) + NOISE_FLOOR;
      lo[b] = -CLIP_LEVEL * scale;
      factor[b] = scale ** -WEIGHT_POWER;
    }
    // Pass 2: clip and fold.
    for (let y = y0; y < y1; y++) {
      const out = (y - y0) * width;
      const bufRow = (y & wrap) * span;
      for (let b = 0; b < blocks; b++) {
        const xe = starts[b + 1]!;
        const low = lo[b]!;
        const high = -low;
        const f = factor[b]!;
        for (let x = starts[b]!; x < xe; x++) {
          let v = strip[out + x]!;
          if (v > high) v = high;
          else if (v < low) v = low;
          buf[bufRow + (x & wrap)]! += v * f;
        }
      }
    }
    y0 = y1;
  }
  // Tiles carry the pattern with checkerboard signs: the four quadrants of
  // the 2x2-tile buffer go in with signs + - / - +.
  const n = TILE_SIZE;
  const tile = acc.tile;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const top = y * span + x;
      const bottom = top + n * span;
      tile[y * n + x]! += buf[top]! - buf[top + n]! - buf[bottom]! + buf[bottom + n]!;
    }
  }
  acc.frames++;
}

/**
 * Removes each row's and each column's mean from a folded tile. A straight
 * edge that is not part of the picture (a screenshot's window border and title
 * bar, a letterbox) whitens into a line of one sign along its whole length,
 * which the fold stacks coherently into one row or column of the tile: worse
 * than texture of the same strength. The watermark's rows and columns average
 * 32 random chips each, so it loses about 3 % of its energy.
 */
export function withoutLines(tile: Float64Array): Float64Array {
  const out = Float64Array.from(tile);
  removeLines(out, TILE_SIZE);
  return out;
}

/** withoutLines in place, for an n x n tile (the first-order search's half-resolution folds reuse one buffer). */
export function removeLines(t: Float64Array, n: number): void {
  for (let y = 0; y < n; y++) {
    let mean = 0;
    for (let x = 0; x < n; x++) mean += t[y * n + x]!;
    mean /= n;
    for (let x = 0; x < n; x++) t[y * n + x]! -= mean;
  }
  for (let x = 0; x < n; x++) {
    let mean = 0;
    for (let y = 0; y < n; y++) mean += t[y * n + x]!;
    mean /= n;
    for (let y = 0; y < n; y++) t[y * n + x]! -= mean;
  }
}
