import { rotationAbout } from "../image/affine";
import { warpAffine } from "../image/warp-affine";
import type { Rng } from "../util/rng";
import { randomWarp } from "./random-warp";

export type AugmentOptions = { rotation: number; zoom: number; shift: number; flip: boolean; colour: number; warp: number };

export const DEFAULT_AUGMENT: AugmentOptions = { rotation: 10, zoom: 0.05, shift: 0.05, flip: true, colour: 0.08, warp: 0.025 };

export type Sample = { input: Float32Array; target: Float32Array; mask: Float32Array };

/**
 * One training sample: the same flip, rotation, zoom, shift and colour jitter
 * for input and target, then the random warp on the input only.
 */
export function augment(face: Float32Array, mask: Float32Array, size: number, rng: Rng, o: AugmentOptions = DEFAULT_AUGMENT): Sample {
  const c = (size - 1) / 2;
  const flip = o.flip && rng.next() < 0.5;
  let m = rotationAbout([c, c], rng.uniform(-o.rotation, o.rotation), 1 + rng.uniform(-o.zoom, o.zoom), [
    rng.uniform(-o.shift, o.shift) * size,
    rng.uniform(-o.shift, o.shift) * size,
  ]);
  if (flip) m = [-m[0], -m[1], 2 * c - m[2], m[3], m[4], m[5]];
  const target = warpAffine({ width: size, height: size, channels: 3, data: face }, m, size, size);
  const outMask = warpAffine({ width: size, height: size, channels: 1, data: mask }, m, size, size);
  jitterColour(target, rng, o.colour);
  const input = o.warp > 0 ? randomWarp(target, size, 3, rng, o.warp) : target.slice();
  return { input, target, mask: outMask };
}

/** Brightness and per-channel gain, clamped to [0,1] so value ranges hold. */
function jitterColour(img: Float32Array, rng: Rng, amount: number): void {
  if (amount <= 0) return;
  const bright = rng.uniform(-amount, amount);
  const gain = [1 + rng.uniform(-amount, amount), 1 + rng.uniform(-amount, amount), 1 + rng.uniform(-amount, amount)];
  for (let i = 0; i < img.length; i++) img[i] = Math.min(1, Math.max(0, img[i]! * gain[i % 3]! + bright));
}
