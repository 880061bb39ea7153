import * as tf from "@tensorflow/tfjs";
import { createAdam, disposeAdam } from "../model/adam";
import { createAutoencoder, disposeAutoencoder, parameterCount } from "../model/autoencoder";
import type { ModelConfig } from "../model/presets";
import { referenceStep, trainStep } from "../train/train-step";
import { countDispatches, type DispatchCount } from "../backend/webgpu-dispatch-counter";

export type TrainBench = {
  preset: string;
  mode: "swap" | "reference";
  params: number;
  batch: number;
  steps: number;
  medianStepMs: number;
  minStepMs: number;
  imagesPerSecond: number;
  stepsPerSecond: number;
  /** webgpu only: GPU kernel launches in one step (incl. the loss readback), the cost that dominates on a GPU. */
  dispatchesPerStep?: number;
  /** webgpu only: how many distinct kernels (pipeline labels) and how often each ran in that step. */
  kernelKinds?: number;
  dispatchesByKind?: Record<string, number>;
};

/**
 * Times optimisation steps on a fixed random batch (data loading excluded,
 * as in the PyTorch reference). Each step ends with a readback of the loss,
 * the tfjs counterpart of torch.cuda.synchronize().
 * "swap" = both decoders, `batch` faces per identity; "reference" = one
 * decoder and plain L1, the PyTorch reference's work.
 */
export async function benchTrain(config: ModelConfig, batch: number, steps: number, mode: "swap" | "reference"): Promise<TrainBench> {
  const model = createAutoencoder(config, 1);
  // The reference trains one decoder; count what is actually trained.
  const params =
    mode === "swap"
      ? parameterCount(model)
      : [...model.params].filter(([k]) => !k.startsWith("dec_b/")).reduce((n, [, t]) => n + t.size, 0);
  const adam = createAdam(model.params, 5e-5);
  const r = config.resolution;
  const x = tf.randomUniform([batch, r, r, 3], 0, 1, "float32", 1) as tf.Tensor4D;
  const mask = tf.ones([batch, r, r, 1]) as tf.Tensor4D;
  const b = { input: x, target: x, mask };
  const times: number[] = [];
  const step = async () => {
    const loss = mode === "swap" ? trainStep(model, adam, b, b, "ssim+l1") : referenceStep(model, adam, x);
    await loss.data();
    loss.dispose();
  };
  let count: DispatchCount | undefined;
  try {
    for (let i = 0; i < steps + 2; i++) {
      const t0 = performance.now();
      await step();
      if (i >= 2) times.push(performance.now() - t0);
    }
    // Counted on one extra, untimed step after warm-up (pipelines compiled).
    if (tf.getBackend() === "webgpu") count = (await countDispatches(step)).count;
  } finally {
    x.dispose();
    mask.dispose();
    disposeAdam(adam);
    disposeAutoencoder(model);
  }
  const sorted = [...times].sort((p, q) => p - q);
  const median = sorted[sorted.length >> 1]!;
  const images = mode === "swap" ? batch * 2 : batch;
  return {
    preset: config.name,
    mode,
    params,
    batch,
    steps,
    medianStepMs: round(median),
    minStepMs: round(sorted[0]!),
    imagesPerSecond: round((images * 1000) / median),
    stepsPerSecond: round(1000 / median),
    ...(count && {
      dispatchesPerStep: count.dispatches,
      kernelKinds: Object.keys(count.kinds).length,
      dispatchesByKind: Object.fromEntries(Object.entries(count.kinds).sort((p, q) => q[1] - p[1])),
    }),
  };
}

const round = (v: number) => Math.round(v * 100) / 100;
