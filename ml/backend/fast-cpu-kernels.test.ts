import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { createRng } from "../util/rng";
import { installFastCpuKernels } from "./fast-cpu-kernels";

describe("fast cpu kernels", () => {
  it("the replacement Conv2DBackpropFilter matches tfjs's own kernel for strided, padded convs", async () => {
    await tf.setBackend("cpu");
    const rng = createRng(3);
    const rand = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1)), shape);
    const cases: Array<{ x: number[]; f: number[]; stride: number; pad: "same" | "valid" }> = [
      { x: [2, 9, 8, 3], f: [5, 5, 3, 4], stride: 2, pad: "same" },
      { x: [1, 7, 7, 2], f: [3, 3, 2, 5], stride: 1, pad: "valid" },
    ];
    const grads = () => cases.map(({ x, f, stride, pad }) => tf.tidy(() => {
      const xt = rand(x) as tf.Tensor4D, ft = rand(f) as tf.Tensor4D;
      return tf.grad((w: tf.Tensor) => tf.conv2d(xt, w as tf.Tensor4D, stride, pad).square().sum())(ft).arraySync();
    }));
    const reference = grads();
    rng.setState(createRng(3).getState());
    installFastCpuKernels();
    const fast = grads();
    fast.forEach((g, i) => {
      const a = (g as number[][][][]).flat(3), b = (reference[i] as number[][][][]).flat(3);
      a.forEach((v, k) => expect(v).toBeCloseTo(b[k]!, 3));
    });
  });
});
