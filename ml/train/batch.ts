import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../util/rng";
import { augment, DEFAULT_AUGMENT, type AugmentOptions } from "./augment";
import type { FaceSet } from "./face-set";

export type Batch = { input: tf.Tensor4D; target: tf.Tensor4D; mask: tf.Tensor4D };

/** Draws `size` random faces, augments them on the CPU and uploads one tensor per role. */
export function nextBatch(set: FaceSet, size: number, rng: Rng, options: AugmentOptions = DEFAULT_AUGMENT): Batch {
  const r = set.resolution,
    px = r * r;
  const input = new Float32Array(size * px * 3),
    target = new Float32Array(size * px * 3),
    mask = new Float32Array(size * px);
  for (let i = 0; i < size; i++) {
    const k = rng.int(set.faces.length);
    const s = augment(set.faces[k]!, set.masks[k]!, r, rng, options);
    input.set(s.input, i * px * 3);
    target.set(s.target, i * px * 3);
    mask.set(s.mask, i * px);
  }
  return {
    input: tf.tensor4d(input, [size, r, r, 3]),
    target: tf.tensor4d(target, [size, r, r, 3]),
    mask: tf.tensor4d(mask, [size, r, r, 1]),
  };
}

export function disposeBatch(b: Batch): void {
  b.input.dispose();
  b.target.dispose();
  b.mask.dispose();
}
