import { describe, expect, it } from "vitest";
import { CLIP_LEVEL, createFold, foldFrame, NOISE_FLOOR, NORM_BLOCK, tileSign, WEIGHT_POWER, WHITEN_DISTANCE } from "./fold";
import type { Frame } from "@/lib/media";
import { createPrng } from "./prng";
import { TILE_SIZE } from "./tile-layout";

/** The fold straight from its definition, one pixel at a time (slow and obvious). */
function referenceFold(frame: Frame, phase: { x: number; y: number }): Float64Array {
  const { width, height, channels, data } = frame;
  const d = WHITEN_DISTANCE;
  const luma = (x: number, y: number) => {
    const i = (y * width + x) * channels;
    return 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  };
  const white = (x: number, y: number) => luma(x, y) - 0.25 * (luma(x - d, y) + luma(x + d, y) + luma(x, y - d) + luma(x, y + d));
  const blockOf = (x: number, y: number) => `${Math.floor((x + phase.x) / NORM_BLOCK)},${Math.floor((y + phase.y) / NORM_BLOCK)}`;
  const energy = new Map<string, { sum: number; count: number }>();
  for (let y = d; y < height - d; y++)
    for (let x = d; x < width - d; x++) {
      const e = energy.get(blockOf(x, y)) ?? { sum: 0, count: 0 };
      e.sum += white(x, y) ** 2;
      e.count++;
      energy.set(blockOf(x, y), e);
    }
  const tile = new Float64Array(TILE_SIZE * TILE_SIZE);
  for (let y = d; y < height - d; y++)
    for (let x = d; x < width - d; x++) {
      const e = energy.get(blockOf(x, y))!;
      const scale = Math.sqrt(e.sum / e.count) + NOISE_FLOOR;
      const v = Math.max(-CLIP_LEVEL, Math.min(CLIP_LEVEL, white(x, y) / scale));
      tile[(y % TILE_SIZE) * TILE_SIZE + (x % TILE_SIZE)]! += v * scale ** (1 - WEIGHT_POWER) * tileSign(x) * tileSign(y);
    }
  return tile;
}

describe("fold of a frame onto one tile", () => {
  it("equals the per-pixel definition (whiten, normalise per block, clip, fold with checkerboard signs) for every block phase", () => {
    const random = createPrng("fold-reference");
    // Odd sizes: partial blocks and a partial last tile on both axes.
    const width = 2 * TILE_SIZE + 37;
    const height = TILE_SIZE + 53;
    const data = new Uint8Array(width * height * 3);
    // Smooth areas, hard edges and noise, so that clipping and the noise floor both occur.
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = x < 100 ? 128 : ((x >> 4) & 1 ? 200 : 40) + Math.floor(random() * 24);
    const frame: Frame = { width, height, channels: 3, data };
    for (const phase of [
      { x: 0, y: 0 },
      { x: 4, y: 4 },
      { x: 3, y: 6 },
    ]) {
      const acc = createFold();
      foldFrame(acc, frame, phase);
      const expected = referenceFold(frame, phase);
      let maxDiff = 0;
      let maxAbs = 0;
      for (let i = 0; i < expected.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(acc.tile[i]! - expected[i]!));
        maxAbs = Math.max(maxAbs, Math.abs(expected[i]!));
      }
      expect(maxAbs).toBeGreaterThan(0.1);
      expect(maxDiff / maxAbs).toBeLessThan(1e-5);
      expect(acc.frames).toBe(1);
    }
  });
});
