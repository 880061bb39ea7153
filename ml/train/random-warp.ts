import type { Rng } from "../util/rng";
import { sampleBilinear } from "../image/warp-affine";

/**
 * The classic deepfakes input distortion: a 5x5 control grid over the crop is
 * jittered by Gaussian noise and the displacement, interpolated bilinearly
 * over every pixel, remaps the face. The model must undo it, which forces it
 * to learn the face rather than copy pixels.
 */
export function randomWarp(src: Float32Array, size: number, channels: number, rng: Rng, strength = 0.025, grid = 5): Float32Array {
  const sigma = strength * size;
  const dx = new Float32Array(grid * grid),
    dy = new Float32Array(grid * grid);
  for (let i = 0; i < grid * grid; i++) {
    dx[i] = rng.normal() * sigma;
    dy[i] = rng.normal() * sigma;
  }
  const out = new Float32Array(size * size * channels);
  const step = (size - 1) / (grid - 1);
  for (let y = 0; y < size; y++) {
    const gy = y / step,
      y0 = Math.min(Math.floor(gy), grid - 2),
      fy = gy - y0;
    for (let x = 0; x < size; x++) {
      const gx = x / step,
        x0 = Math.min(Math.floor(gx), grid - 2),
        fx = gx - x0;
      const at = (d: Float32Array) =>
        (d[y0 * grid + x0]! * (1 - fx) + d[y0 * grid + x0 + 1]! * fx) * (1 - fy) +
        (d[(y0 + 1) * grid + x0]! * (1 - fx) + d[(y0 + 1) * grid + x0 + 1]! * fx) * fy;
      sampleBilinear(src, size, size, channels, x + at(dx), y + at(dy), out, (y * size + x) * channels);
    }
  }
  return out;
}
