import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { createRng } from "../util/rng";
import { biasGradWebGpu } from "./webgpu-bias-grad";
import { conv2dBiasWebGpu, conv2dLeaky, denseWebGpu } from "./conv-leaky";

function random(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() - 0.5),
    shape,
  );
}

describe("conv + bias + LeakyReLU with a single-kernel forward", () => {
  it.each([
    [2, "same"],
    [1, "same"],
    [1, "valid"],
  ] as const)("gives tf.fused.conv2d's value and gradients (stride %i, %s)", async (strides, pad) => {
    await selectBackend("cpu", () => {});
    const x = random([2, 9, 9, 3], 1) as tf.Tensor4D,
      w = random([3, 3, 3, 5], 2) as tf.Tensor4D,
      b = random([5], 3) as tf.Tensor1D;
    const up = random([2, strides === 2 ? 5 : pad === "same" ? 9 : 7, strides === 2 ? 5 : pad === "same" ? 9 : 7, 5], 4);
    // Weight the output so every gradient element differs.
    const loss = (f: (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D) => tf.Tensor4D) =>
      tf.grads((xi, wi, bi) =>
        f(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D)
          .mul(up)
          .sum(),
      )([x, w, b]);
    const mine = loss((xi, wi, bi) => conv2dLeaky(xi, wi, bi, { strides, pad, alpha: 0.1 }));
    const theirs = loss((xi, wi, bi) =>
      tf.fused.conv2d({ x: xi, filter: wi, bias: bi, strides, pad, activation: "leakyrelu", leakyreluAlpha: 0.1 }),
    );
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

// The webgpu-only pieces (one-kernel LeakyReLU derivative and bias sums) run where an adapter exists.
const webgpu = await selectBackend("webgpu", () => {}).then(
  () => true,
  () => false,
);

describe.skipIf(!webgpu)("conv and dense layers on webgpu with one-kernel bias gradients", () => {
  it.each([
    [2, "same"],
    [1, "valid"],
  ] as const)("give the cpu backend's values and gradients (stride %i, %s)", async (strides, pad) => {
    const run = async () => {
      const x = random([2, 9, 9, 3], 1) as tf.Tensor4D,
        w = random([3, 3, 3, 5], 2) as tf.Tensor4D,
        b = random([5], 3) as tf.Tensor1D;
      const dw = random([5 * (strides === 2 ? 25 : 49), 6], 5) as tf.Tensor2D,
        db = random([6], 6) as tf.Tensor1D;
      const up = random([2, 6], 4);
      const f = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor, dwi: tf.Tensor, dbi: tf.Tensor) => {
        const h = conv2dLeaky(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D, { strides, pad, alpha: 0.1 });
        const l =
          tf.getBackend() === "webgpu"
            ? conv2dBiasWebGpu(
                h,
                wi.slice([0, 0, 0, 0], [3, 3, 3, 5]).transpose([0, 1, 3, 2]).slice([0, 0, 0, 0], [3, 3, 5, 3]) as tf.Tensor4D,
                bi.slice(0, 3) as tf.Tensor1D,
                { strides: 1, pad: "same" },
              )
            : tf.fused.conv2d({
                x: h,
                filter: wi.slice([0, 0, 0, 0], [3, 3, 3, 5]).transpose([0, 1, 3, 2]).slice([0, 0, 0, 0], [3, 3, 5, 3]) as tf.Tensor4D,
                bias: bi.slice(0, 3),
                strides: 1,
                pad: "same",
              });
        const flat = tf.concat([h, l], 3).reshape([2, -1]).slice([0, 0], [2, dwi.shape[0]!]) as tf.Tensor2D;
        const d =
          tf.getBackend() === "webgpu"
            ? denseWebGpu(flat, dwi as tf.Tensor2D, dbi as tf.Tensor1D)
            : tf.fused.matMul({ a: flat, b: dwi as tf.Tensor2D, bias: dbi });
        return d.mul(up).sum() as tf.Scalar;
      };
      const { value, grads } = tf.valueAndGrads(f)([x, w, b, dw, db]);
      const out = [await value.data(), ...(await Promise.all(grads.map((g) => g.data())))];
      tf.dispose([x, w, b, dw, db, up, value, ...grads]);
      return out;
    };
    await selectBackend("cpu", () => {});
    const cpu = await run();
    await selectBackend("webgpu", () => {});
    const gpu = await run();
    await selectBackend("cpu", () => {});
    cpu.forEach((want, k) =>
      want.forEach((v, i) => expect(Math.abs(gpu[k]![i]! - v), `${k}[${i}]`).toBeLessThan(1e-4 * Math.max(1, Math.abs(v)))),
    );
  });
});

describe.skipIf(!webgpu)("one-kernel bias gradient on webgpu", () => {
  it.each([
    [1, 3],
    [700, 4],
    [3001, 5],
    [2, 4097, 3],
  ])("sums over all axes but the last (%i x %i)", async (...shape) => {
    await selectBackend("cpu", () => {});
    const want = await random(shape, 7)
      .sum(shape.slice(0, -1).map((_, i) => i))
      .data();
    await selectBackend("webgpu", () => {});
    const got = await biasGradWebGpu(random(shape, 7)).data();
    await selectBackend("cpu", () => {});
    want.forEach((v, i) => expect(Math.abs(got[i]! - v)).toBeLessThan(1e-3));
  });
});

describe.skipIf(!webgpu)("conv + bias + LeakyReLU on webgpu", () => {
  it("launches one forward kernel and only the gradients asked for (no input backprop for data)", async () => {
    const { countDispatches } = await import("../backend/webgpu-dispatch-counter");
    await selectBackend("cpu", () => {});
    const want = await (async () => {
      const x = random([2, 9, 9, 3], 1),
        w = random([3, 3, 3, 5], 2),
        b = random([5], 3);
      const g = tf.grads((wi: tf.Tensor, bi: tf.Tensor) =>
        conv2dLeaky(x as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D, { strides: 2, pad: "same", alpha: 0.1 }).sum(),
      )([w, b]);
      const out = await Promise.all(g.map((t) => t.data()));
      tf.dispose([x, w, b, ...g]);
      return out;
    })();
    await selectBackend("webgpu", () => {});
    const x = random([2, 9, 9, 3], 1),
      w = random([3, 3, 3, 5], 2),
      b = random([5], 3);
    const { result, count } = await countDispatches(async () => {
      const g = tf.grads((wi: tf.Tensor, bi: tf.Tensor) =>
        conv2dLeaky(x as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D, { strides: 2, pad: "same", alpha: 0.1 }).sum(),
      )([w, b]);
      const out = await Promise.all(g.map((t) => t.data()));
      tf.dispose(g);
      return out;
    });
    tf.dispose([x, w, b]);
    await selectBackend("cpu", () => {});
    expect(count.kinds.Conv2DDerInputProgram).toBeUndefined();
    // One forward kernel even for a conv this small (tfjs: Im2Col + matmul), and tfjs's flag put back.
    expect(count.kinds.Im2ColProgram).toBeUndefined();
    expect(tf.env().getNumber("WEBGPU_THRESHOLD_TO_INCREASE_WORKGROUPS_FOR_MATMUL")).toBe(-1);
    expect(count.kinds.Conv2DDerFilterProgram).toBe(1);
    want.forEach((v, k) => v.forEach((e, i) => expect(Math.abs(result[k]![i]! - e)).toBeLessThan(1e-4)));
  });

  it("runs a small-batch dense layer with a long inner axis as one kernel (tfjs: fill + split-K + bias)", async () => {
    const { countDispatches } = await import("../backend/webgpu-dispatch-counter");
    const run = async () => {
      const x = random([2, 2048], 11),
        w = random([2048, 100], 12),
        b = random([100], 13),
        up = random([2, 100], 14);
      const { value, grads } = tf.valueAndGrads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => {
        const d =
          tf.getBackend() === "webgpu"
            ? denseWebGpu(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D)
            : tf.fused.matMul({ a: xi as tf.Tensor2D, b: wi as tf.Tensor2D, bias: bi });
        // Forward [2, 2048] x [2048, 100]: few output tiles and a long inner axis, where tfjs splits K.
        return d.mul(up).sum() as tf.Scalar;
      })([x, w, b]);
      const out = [await value.data(), ...(await Promise.all(grads.map((g) => g.data())))];
      tf.dispose([x, w, b, up, value, ...grads]);
      return out;
    };
    await selectBackend("cpu", () => {});
    const cpu = await run();
    await selectBackend("webgpu", () => {});
    const { result: gpu, count } = await countDispatches(run);
    await selectBackend("cpu", () => {});
    expect(count.kinds.FillProgram).toBeUndefined();
    expect(count.kinds.MatMulSplitKProgram).toBeUndefined();
    expect(count.kinds.BiasActivationProgram).toBeUndefined();
    expect(tf.env().getNumber("WEBGPU_MATMUL_PROGRAM_TYPE")).toBe(-1);
    cpu.forEach((want, k) =>
      want.forEach((v, i) => expect(Math.abs(gpu[k]![i]! - v), `${k}[${i}]`).toBeLessThan(1e-4 * Math.max(1, Math.abs(v)))),
    );
  });
});
