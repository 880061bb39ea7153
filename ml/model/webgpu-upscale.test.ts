import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { createRng } from "../util/rng";
import { conv2dBiasWebGpu, conv2dLeaky, conv2dLeakyUpscaleWebGpu, denseWebGpu, pixelShuffle } from "./conv-leaky";
import { batchBiasGrads } from "./webgpu-bias-grad";
import { concatBatchWebGpu, splitBatchWebGpu } from "./webgpu-copy";

function random(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() - 0.5),
    shape,
  );
}

// Shapes: inputs [2|1|3, 8, 8, 3] stacked to 6 -> conv s2 [6, 4, 4, 8] -> shuffle block [6, 8, 8, 3]
// -> nearest block [6, 16, 16, 4] -> linear conv s2 [6, 8, 8, 3] -> split 2 | 4 -> dense [2, 5].
const SHAPES = {
  w0: [3, 3, 3, 8],
  b0: [8],
  w1: [3, 3, 8, 12],
  b1: [12],
  w2: [3, 3, 3, 4],
  b2: [4],
  w3: [5, 5, 4, 3],
  b3: [3],
  dw: [192, 5],
  db: [5],
};

/**
 * 2x nearest upsampling with a correct gradient on cpu: the same values as
 * tf.image.resizeNearestNeighbor, whose cpu gradient (tfjs 4.x
 * ResizeNearestNeighborGrad) is wrong for batches larger than one.
 */
function nearest2x(y: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = y.shape;
  const cols = tf.concat([y, y], 3).reshape([b, h, 2 * w, c]); // each pixel twice along a row
  return tf.concat([cols, cols], 2).reshape([b, 2 * h, 2 * w, c]); // each row twice
}

/**
 * A small network with every webgpu form (conv + LeakyReLU, both upscale
 * blocks, linear conv, dense) or, on cpu, the tensor-op forms the model uses
 * there; returns the value and the gradients of all inputs, data first.
 */
async function run(mode: "cpu" | "webgpu" | "webgpu-batched"): Promise<Float32Array[]> {
  const names = Object.keys(SHAPES) as Array<keyof typeof SHAPES>;
  const x = random([2, 8, 8, 3], 1),
    a = random([1, 8, 8, 3], 2),
    c = random([3, 8, 8, 3], 3);
  const params = names.map((n, i) => random(SHAPES[n], 10 + i));
  const up = random([2, 5], 4);
  const gpu = mode !== "cpu";
  const f = (...t: tf.Tensor[]) => {
    const [xi, ai, ci, w0, b0, w1, b1, w2, b2, w3, b3, dw, db] = t as [
      tf.Tensor4D,
      tf.Tensor4D,
      tf.Tensor4D,
      ...tf.Tensor[],
    ] as tf.Tensor4D[];
    // The stacked pass: concat along the batch axis, split back at the end.
    const xs = gpu ? (concatBatchWebGpu([xi!, ai!, ci!]) as tf.Tensor4D) : tf.concat([xi!, ai!, ci!], 0);
    let h = conv2dLeaky(xs, w0!, b0 as unknown as tf.Tensor1D, { strides: 2, pad: "same", alpha: 0.1 });
    h = gpu
      ? conv2dLeakyUpscaleWebGpu(h, w1!, b1 as unknown as tf.Tensor1D, { alpha: 0.1, upsample: "shuffle" })
      : pixelShuffle(conv2dLeaky(h, w1!, b1 as unknown as tf.Tensor1D, { strides: 1, pad: "same", alpha: 0.1 }));
    h = gpu
      ? conv2dLeakyUpscaleWebGpu(h, w2!, b2 as unknown as tf.Tensor1D, { alpha: 0.1, upsample: "nearest" })
      : nearest2x(conv2dLeaky(h, w2!, b2 as unknown as tf.Tensor1D, { strides: 1, pad: "same", alpha: 0.1 }));
    h = gpu
      ? conv2dBiasWebGpu(h, w3!, b3 as unknown as tf.Tensor1D, { strides: 2, pad: "same" })
      : tf.fused.conv2d({ x: h, filter: w3!, bias: b3, strides: 2, pad: "same" });
    const [p, q] = gpu ? splitBatchWebGpu(h, [2, 4]) : tf.split(h, [2, 4], 0);
    const flat = p!
      .reshape([2, -1])
      .slice([0, 0], [2, 192])
      .add(q!.reshape([2, -1]).slice([0, 0], [2, 192]).mul(0.5)) as tf.Tensor2D;
    const d = gpu
      ? denseWebGpu(flat, dw as unknown as tf.Tensor2D, db as unknown as tf.Tensor1D)
      : tf.fused.matMul({ a: flat, b: dw as unknown as tf.Tensor2D, bias: db });
    return d.mul(up).sum() as tf.Scalar;
  };
  const grads = () => tf.valueAndGrads(f)([x, a, c, ...params]);
  const { value, grads: g } = mode === "webgpu-batched" ? batchBiasGrads(grads) : grads();
  const out = [await value.data(), ...(await Promise.all(g.map((t) => t.data())))] as Float32Array[];
  tf.dispose([x, a, c, up, ...params, value, ...g]);
  return out;
}

const webgpu = await selectBackend("webgpu", () => {}).then(
  () => true,
  () => false,
);

describe("upscale blocks, batched bias gradients and batch-axis copies", () => {
  it("need no adapter on cpu: batchBiasGrads only runs its function there", async () => {
    await selectBackend("cpu", () => {});
    const x = random([3, 4], 5);
    const g = batchBiasGrads(() => tf.grad((t: tf.Tensor) => t.sum([0, 1]))(x));
    expect(Array.from(await g.data())).toEqual(new Array(12).fill(1));
    tf.dispose([x, g]);
  });

  it.skipIf(!webgpu)("give the cpu backend's tensor-op values and gradients on webgpu", async () => {
    await selectBackend("cpu", () => {});
    const cpu = await run("cpu");
    await selectBackend("webgpu", () => {});
    const gpu = await run("webgpu");
    const batched = await run("webgpu-batched");
    await selectBackend("cpu", () => {});
    expect(cpu).toHaveLength(14);
    cpu.forEach((want, k) =>
      want.forEach((v, i) => expect(Math.abs(gpu[k]![i]! - v), `${k}[${i}]`).toBeLessThan(1e-4 * Math.max(1, Math.abs(v)))),
    );
    // One kernel for all bias sums gives exactly the per-layer kernels' sums.
    batched.forEach((b, k) => expect(Array.from(b), `${k}`).toEqual(Array.from(gpu[k]!)));
  });

  it.skipIf(!webgpu)("concatenate and split along the batch axis exactly, gradients included", async () => {
    await selectBackend("webgpu", () => {});
    const a = random([2, 3, 2], 6),
      b = random([1, 3, 2], 7),
      w = random([3, 3, 2], 8);
    const [va, vb, vw] = await Promise.all([a.data(), b.data(), w.data()]);
    const c = concatBatchWebGpu([a, b]);
    expect(c.shape).toEqual([3, 3, 2]);
    expect(Array.from(await c.data())).toEqual([...va, ...vb]);
    const [p, q] = splitBatchWebGpu(c, [1, 2]);
    expect(Array.from(await p!.data())).toEqual(Array.from(va.slice(0, 6)));
    expect(Array.from(await q!.data())).toEqual([...va.slice(6), ...vb]);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => {
      const [s, t] = splitBatchWebGpu(concatBatchWebGpu([x, y]), [1, 2]);
      return s!
        .mul(w.slice(0, 1))
        .sum()
        .add(t!.mul(w.slice(1, 2)).sum());
    })([a, b]);
    expect(Array.from(await ga!.data())).toEqual(Array.from(vw.slice(0, 12)));
    expect(Array.from(await gb!.data())).toEqual(Array.from(vw.slice(12)));
    tf.dispose([a, b, w, c, p!, q!, ga!, gb!]);
    await selectBackend("cpu", () => {});
  });
});
