import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { createRng } from "../util/rng";
import { installFastCpuKernels } from "./fast-cpu-kernels";

describe("fast cpu kernels", () => {
  it("the replacement Conv2DBackpropFilter matches tfjs's own kernel for strided, padded convs", async () => {
    await tf.setBackend("cpu");
    const rng = createRng(3);
    const rand = (shape: number[]) =>
      tf.tensor(
        Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1)),
        shape,
      );
    const cases: Array<{ x: number[]; f: number[]; stride: number; pad: "same" | "valid" }> = [
      { x: [2, 9, 8, 3], f: [5, 5, 3, 4], stride: 2, pad: "same" },
      { x: [1, 7, 7, 2], f: [3, 3, 2, 5], stride: 1, pad: "valid" },
    ];
    const grads = () =>
      cases.map(({ x, f, stride, pad }) =>
        tf.tidy(() => {
          const xt = rand(x) as tf.Tensor4D,
            ft = rand(f) as tf.Tensor4D;
          return tf
            .grad((w: tf.Tensor) =>
              tf
                .conv2d(xt, w as tf.Tensor4D, stride, pad)
                .square()
                .sum(),
            )(ft)
            .arraySync();
        }),
      );
    const reference = grads();
    rng.setState(createRng(3).getState());
    installFastCpuKernels();
    const fast = grads();
    fast.forEach((g, i) => {
      const a = (g as number[][][][]).flat(3),
        b = (reference[i] as number[][][][]).flat(3);
      a.forEach((v, k) => expect(v).toBeCloseTo(b[k]!, 3));
    });
  });

  it("the replacement ResizeNearestNeighborGrad gives each sample of a batch its own gradient (tfjs's mixes them), and equals tfjs's for one sample", async () => {
    await tf.setBackend("cpu");
    installFastCpuKernels();
    const rng = createRng(5);
    const x = tf.tensor4d(
      Float32Array.from({ length: 3 * 4 * 5 * 2 }, () => rng.uniform(-1, 1)),
      [3, 4, 5, 2],
    );
    const weights = tf.tensor4d(
      Float32Array.from({ length: 3 * 8 * 10 * 2 }, () => rng.uniform(-1, 1)),
      [3, 8, 10, 2],
    );
    const lossOf = (t: tf.Tensor4D, w: tf.Tensor4D) => tf.image.resizeNearestNeighbor(t, [8, 10]).mul(w).sum();
    const batched = tf
      .grad((t: tf.Tensor) => lossOf(t as tf.Tensor4D, weights))(x)
      .arraySync() as number[][][][];
    // Each sample alone, and the 2x nearest upsampling written as tiling: the gradient is the weights summed over each 2x2 block.
    for (let b = 0; b < 3; b++) {
      const one = tf
        .grad((t: tf.Tensor) => lossOf(t as tf.Tensor4D, weights.slice([b, 0, 0, 0], [1, 8, 10, 2])))(x.slice([b, 0, 0, 0], [1, 4, 5, 2]))
        .arraySync() as number[][][][];
      const w = weights.arraySync()[b]!;
      for (let r = 0; r < 4; r++)
        for (let c = 0; c < 5; c++)
          for (let d = 0; d < 2; d++) {
            const expected = w[2 * r]![2 * c]![d]! + w[2 * r]![2 * c + 1]![d]! + w[2 * r + 1]![2 * c]![d]! + w[2 * r + 1]![2 * c + 1]![d]!;
            expect(batched[b]![r]![c]![d]!).toBeCloseTo(expected, 5);
            expect(one[0]![r]![c]![d]!).toBeCloseTo(expected, 5);
          }
    }
  });
});
