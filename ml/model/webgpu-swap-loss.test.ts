import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { countDispatches } from "../backend/webgpu-dispatch-counter";
import { createRng } from "../util/rng";
import { lossFromLogits, reconstructionLoss, sumOfLossesFromLogits, type LossKind } from "./losses";

// The fused kernels run where Dawn finds a Vulkan adapter (a GPU, or Mesa 25
// lavapipe: ml/README.md); the cpu test runs everywhere.
const webgpu = await selectBackend("webgpu", () => {}).then(
  () => true,
  () => false,
);

type Case = { kind: LossKind; batch: number; res: number };
const CASES: Case[] = [
  { kind: "ssim+l1", batch: 2, res: 16 }, // 5x5 window
  { kind: "ssim+l1", batch: 1, res: 32 }, // 7x7
  { kind: "ssim+l1", batch: 1, res: 64 }, // 11x11
  { kind: "l1", batch: 2, res: 16 },
];

function inputs({ batch, res }: Case): { logits: tf.Tensor4D; target: tf.Tensor4D; mask: tf.Tensor4D } {
  const rng = createRng(res * 10 + batch);
  const fill = (shape: [number, number, number, number], f: () => number) =>
    tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, f), shape) as tf.Tensor4D;
  return {
    logits: fill([batch, res, res, 4], () => (rng.next() - 0.5) * 6),
    target: fill([batch, res, res, 3], () => rng.next()),
    mask: fill([batch, res, res, 1], () => (rng.next() > 0.4 ? 1 : 0)),
  };
}

/** Loss and d loss / d logits, through lossFromLogits or through decode's sigmoid + slices and reconstructionLoss. */
async function lossAndGrad(c: Case, fused: boolean): Promise<{ value: number; grad: Float32Array }> {
  const { logits, target, mask } = inputs(c);
  const f = (x: tf.Tensor4D): tf.Scalar => {
    if (fused) return lossFromLogits(c.kind, x, target, mask);
    const out = tf.sigmoid(x);
    const [b, r, w] = out.shape;
    return reconstructionLoss(c.kind, out.slice([0, 0, 0, 0], [b, r, w, 3]), out.slice([0, 0, 0, 3], [b, r, w, 1]), target, mask);
  };
  // A non-unit upstream gradient checks that dy is applied.
  const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => f(x as tf.Tensor4D).mul(1.5))(logits);
  const out = { value: (await value.data())[0]!, grad: (await grad.data()) as Float32Array };
  tf.dispose([logits, target, mask, value, grad]);
  return out;
}

function expectClose(got: { value: number; grad: Float32Array }, want: { value: number; grad: Float32Array }, tol: number): void {
  expect(Math.abs(got.value - want.value)).toBeLessThan(tol);
  const scale = want.grad.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  want.grad.forEach((w, i) => expect(Math.abs(got.grad[i]! - w), `grad[${i}]`).toBeLessThanOrEqual(tol * scale));
}

describe("loss from the decoder's logits", () => {
  it("is decode's sigmoid and slices then reconstructionLoss, bit for bit, on cpu", async () => {
    await selectBackend("cpu", () => {});
    for (const c of CASES) {
      const a = await lossAndGrad(c, true),
        b = await lossAndGrad(c, false);
      expect(a.value).toBe(b.value);
      expect(Array.from(a.grad)).toEqual(Array.from(b.grad));
    }
  });

  describe.skipIf(!webgpu)("fused WGSL kernels on webgpu", () => {
    it.each(CASES)("match the tensor-op loss and gradient ($kind, batch $batch, $res px) on cpu and on webgpu", async (c) => {
      await selectBackend("cpu", () => {});
      const cpu = await lossAndGrad(c, false);
      await selectBackend("webgpu", () => {});
      const ops = await lossAndGrad(c, false),
        fused = await lossAndGrad(c, true);
      expectClose(fused, ops, 2e-5);
      expectClose(fused, cpu, 2e-5);
      await selectBackend("cpu", () => {});
    });

    it("launches 3 kernels for ssim+l1 and 2 for l1, forward and backward", async () => {
      await selectBackend("webgpu", () => {});
      for (const [kind, kinds] of [
        ["ssim+l1", { SwapLossSsimProgram: 1, SwapLossReduceProgram: 1, SwapLossGradProgram: 1 }],
        ["l1", { SwapLossReduceProgram: 1, SwapLossGradProgram: 1 }],
      ] as const) {
        const { logits, target, mask } = inputs({ kind, batch: 1, res: 16 });
        const { count } = await countDispatches(async () => {
          const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => lossFromLogits(kind, x as tf.Tensor4D, target, mask))(logits);
          await grad.data();
          tf.dispose([value, grad]);
        });
        expect(count.kinds).toEqual(kinds);
        tf.dispose([logits, target, mask]);
      }
      await selectBackend("cpu", () => {});
    });

    it.each(["ssim+l1", "l1"] as const)(
      "take both decoders' summed %s loss in one set of kernels over the stacked batches",
      async (kind) => {
        // Two decoders' logits, targets and masks (batch 2, 16 px each), as train-step.ts passes them.
        const run = async () => {
          const a = inputs({ kind, batch: 2, res: 16 }),
            b = inputs({ kind, batch: 2, res: 32 });
          const bs = {
            logits: b.logits.slice([0, 0, 0, 0], [2, 16, 16, 4]),
            target: b.target.slice([0, 0, 0, 0], [2, 16, 16, 3]),
            mask: b.mask.slice([0, 0, 0, 0], [2, 16, 16, 1]),
          } as typeof a;
          const f = (x: tf.Tensor, y: tf.Tensor) =>
            sumOfLossesFromLogits(kind, [
              { ...a, logits: x as tf.Tensor4D },
              { ...bs, logits: y as tf.Tensor4D },
            ]).mul(1.5);
          const { count, result } = await countDispatches(async () => {
            const { value, grads } = tf.valueAndGrads(f)([a.logits, bs.logits]);
            const out = [await value.data(), ...(await Promise.all(grads.map((g) => g.data())))] as Float32Array[];
            tf.dispose([value, ...grads]);
            return out;
          });
          tf.dispose([...Object.values(a), ...Object.values(b), ...Object.values(bs)]);
          return { count, result };
        };
        await selectBackend("cpu", () => {});
        const cpu = (await run()).result;
        await selectBackend("webgpu", () => {});
        const gpu = await run();
        await selectBackend("cpu", () => {});
        expect(Math.abs(gpu.result[0]![0]! - cpu[0]![0]!)).toBeLessThan(2e-5);
        for (const k of [1, 2]) {
          const scale = cpu[k]!.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          cpu[k]!.forEach((w, i) => expect(Math.abs(gpu.result[k]![i]! - w), `${k}[${i}]`).toBeLessThanOrEqual(2e-5 * scale));
        }
        // One set of loss kernels for both (the stacking and splitting are buffer copies) and the 1.5 scale.
        const loss =
          kind === "l1"
            ? { SwapLossReduceProgram: 1, SwapLossGradProgram: 1 }
            : { SwapLossSsimProgram: 1, SwapLossReduceProgram: 1, SwapLossGradProgram: 1 };
        expect(Object.fromEntries(Object.entries(gpu.count.kinds).filter(([name]) => name.startsWith("SwapLoss")))).toEqual(loss);
      },
    );
  });
});
