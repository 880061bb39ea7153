import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../util/rng";
import { installFastCpuKernels } from "./fast-cpu-kernels";
import { activateWasmBackend } from "./wasm-backend";

// Every kernel registered for wasm against the cpu backend's kernel on the
// same inputs: the same values within float32 rounding (the summation order
// differs, so not bit for bit).

const rng = createRng(11);
const random = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1));

/** Runs one kernel on a backend with inputs given as arrays; returns shape and values. */
async function runOn(backend: string, kernel: string, inputs: Record<string, { shape: number[]; values: Float32Array }>, attrs: object) {
  await tf.setBackend(backend);
  const tensors = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.values, v.shape)]));
  const out = tf.engine().runKernel(kernel, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: out.shape, values: out.dataSync() as Float32Array };
  tf.dispose([out, ...Object.values(tensors)]);
  return result;
}

async function expectSameOnBothBackends(kernel: string, inputs: Record<string, { shape: number[]; values: Float32Array }>, attrs: object) {
  const cpu = await runOn("cpu", kernel, inputs, attrs);
  const wasm = await runOn("wasm", kernel, inputs, attrs);
  expect(wasm.shape).toEqual(cpu.shape);
  const scale = Math.max(1, ...Array.from(cpu.values, Math.abs));
  let worst = 0;
  cpu.values.forEach((v, i) => {
    worst = Math.max(worst, Math.abs(v - wasm.values[i]!));
  });
  expect(worst / scale).toBeLessThan(1e-5);
  // Not all zeros: the comparison means something.
  expect(Math.max(...Array.from(cpu.values, Math.abs))).toBeGreaterThan(0.01);
}

const input = (shape: number[]) => ({ shape, values: random(shape) });

describe("wasm training kernels", () => {
  beforeAll(async () => {
    installFastCpuKernels();
    await activateWasmBackend();
  });

  type ConvCase = {
    name: string;
    x: [number, number, number, number];
    f: [number, number, number, number];
    stride: number | [number, number];
    pad: "same" | "valid";
  };
  const convCases: ConvCase[] = [
    { name: "5x5 stride 2 same (encoder)", x: [3, 16, 16, 5], f: [5, 5, 5, 7], stride: 2, pad: "same" },
    { name: "3x3 stride 1 same (upscale)", x: [2, 8, 8, 6], f: [3, 3, 6, 12], stride: 1, pad: "same" },
    {
      name: "5x5 stride 1 same, 4 outputs (decoder output; filter gradient with dy and x swapped)",
      x: [2, 12, 12, 8],
      f: [5, 5, 8, 4],
      stride: 1,
      pad: "same",
    },
    {
      name: "4x3 stride 1 valid, fewer outputs than inputs (swapped, uneven filter)",
      x: [3, 9, 8, 6],
      f: [4, 3, 6, 2],
      stride: 1,
      pad: "valid",
    },
    { name: "odd size, 5x5 stride 2 same", x: [2, 9, 11, 3], f: [5, 5, 3, 4], stride: 2, pad: "same" },
    { name: "valid with rows the forward never reads", x: [2, 10, 9, 3], f: [3, 3, 3, 5], stride: 3, pad: "valid" },
    { name: "unequal strides, even filter", x: [1, 9, 10, 2], f: [4, 2, 2, 3], stride: [2, 3], pad: "same" },
  ];

  for (const c of convCases) {
    const outShape = () => tf.backend_util.computeConv2DInfo(c.x, c.f, c.stride, 1, c.pad).outShape;
    it(`Conv2DBackpropFilter equals cpu's: ${c.name}`, async () => {
      await expectSameOnBothBackends(
        "Conv2DBackpropFilter",
        { x: input(c.x), dy: input(outShape()) },
        { strides: c.stride, pad: c.pad, dataFormat: "NHWC", filterShape: c.f },
      );
    });
    it(`Conv2DBackpropInput equals cpu's: ${c.name}`, async () => {
      await expectSameOnBothBackends(
        "Conv2DBackpropInput",
        { dy: input(outShape()), filter: input(c.f) },
        { strides: c.stride, pad: c.pad, dataFormat: "NHWC", inputShape: c.x },
      );
    });
  }

  it("DepthwiseConv2dNativeBackpropInput equals cpu's for the SSIM blur (stride 1, valid, one filter per channel)", async () => {
    const x = [3, 14, 14, 4],
      f = [7, 7, 4, 1];
    await expectSameOnBothBackends(
      "DepthwiseConv2dNativeBackpropInput",
      { dy: input([3, 8, 8, 4]), filter: input(f) },
      { strides: 1, pad: "valid", dilations: 1, inputShape: x },
    );
  });

  it("DepthwiseConv2dNativeBackpropInput equals cpu's for a strided 'same' conv with a channel multiplier (the cpu fallback)", async () => {
    await expectSameOnBothBackends(
      "DepthwiseConv2dNativeBackpropInput",
      { dy: input([2, 5, 5, 6]), filter: input([3, 3, 3, 2]) },
      { strides: 2, pad: "same", dilations: 1, inputShape: [2, 9, 9, 3] },
    );
  });

  it("DepthwiseConv2dNativeBackpropFilter equals cpu's", async () => {
    await expectSameOnBothBackends(
      "DepthwiseConv2dNativeBackpropFilter",
      { x: input([2, 9, 9, 3]), dy: input([2, 9, 9, 3]) },
      { strides: 1, pad: "same", dilations: 1, filterShape: [3, 3, 3, 1] },
    );
  });

  it("ResizeNearestNeighborGrad (2x: an average pool) equals the fixed cpu kernel for a batch of several samples", async () => {
    await expectSameOnBothBackends(
      "ResizeNearestNeighborGrad",
      { images: input([3, 4, 5, 2]), dy: input([3, 8, 10, 2]) },
      { alignCorners: false, halfPixelCenters: false },
    );
  });

  it("ResizeNearestNeighborGrad at another scale and with half-pixel centres (wasm's own kernel) equals cpu's", async () => {
    await expectSameOnBothBackends(
      "ResizeNearestNeighborGrad",
      { images: input([2, 4, 5, 2]), dy: input([2, 12, 15, 2]) },
      { alignCorners: false, halfPixelCenters: false },
    );
    await expectSameOnBothBackends(
      "ResizeNearestNeighborGrad",
      { images: input([2, 4, 5, 2]), dy: input([2, 8, 10, 2]) },
      { alignCorners: false, halfPixelCenters: true },
    );
  });

  it("a conv layer's gradients through tf.grads agree between wasm and cpu", async () => {
    const xv = input([2, 8, 8, 3]),
      wv = input([5, 5, 3, 4]);
    const grads = async (backend: string) => {
      await tf.setBackend(backend);
      const [x, w] = [
        tf.tensor4d(xv.values, xv.shape as [number, number, number, number]),
        tf.tensor4d(wv.values, wv.shape as [number, number, number, number]),
      ];
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, "same")
          .square()
          .sum(),
      )([x, w]);
      const values = g.map((t) => t.dataSync() as Float32Array);
      tf.dispose([x, w, ...g]);
      return values;
    };
    const [cpu, wasm] = [await grads("cpu"), await grads("wasm")];
    cpu.forEach((values, k) => values.forEach((v, i) => expect(wasm[k]![i]!).toBeCloseTo(v, 3)));
  });
});
