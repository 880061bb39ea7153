import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { createRng } from "../util/rng";
import { conv2dLeaky } from "./conv-leaky";

function random(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() - 0.5), shape);
}

describe("conv + bias + LeakyReLU with a single-kernel forward", () => {
  it.each([[2, "same"], [1, "same"], [1, "valid"]] as const)("gives tf.fused.conv2d's value and gradients (stride %i, %s)", async (strides, pad) => {
    await selectBackend("cpu", () => {});
    const x = random([2, 9, 9, 3], 1) as tf.Tensor4D, w = random([3, 3, 3, 5], 2) as tf.Tensor4D, b = random([5], 3) as tf.Tensor1D;
    const up = random([2, strides === 2 ? 5 : pad === "same" ? 9 : 7, strides === 2 ? 5 : pad === "same" ? 9 : 7, 5], 4);
    // Weight the output so every gradient element differs.
    const loss = (f: (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D) => tf.Tensor4D) =>
      tf.grads((xi, wi, bi) => f(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D).mul(up).sum())([x, w, b]);
    const mine = loss((xi, wi, bi) => conv2dLeaky(xi, wi, bi, { strides, pad, alpha: 0.1 }));
    const theirs = loss((xi, wi, bi) => tf.fused.conv2d({ x: xi, filter: wi, bias: bi, strides, pad, activation: "leakyrelu", leakyreluAlpha: 0.1 }));
    const value = conv2dLeaky(x, w, b, { strides, pad, alpha: 0.1 });
    const expected = tf.fused.conv2d({ x, filter: w, bias: b, strides, pad, activation: "leakyrelu", leakyreluAlpha: 0.1 });
    expect(Array.from(await value.data())).toEqual(Array.from(await expected.data()));
    for (let i = 0; i < 3; i++) {
      const [m, t] = [await mine[i]!.data(), await theirs[i]!.data()];
      t.forEach((v, j) => expect(Math.abs(m[j]! - v)).toBeLessThan(1e-5));
    }
    tf.dispose([x, w, b, up, value, expected, ...mine, ...theirs]);
  });
});
