import * as tf from "@tensorflow/tfjs";
import { adamUpdate, type AdamState } from "../model/adam";
import { decodeLogits, encode, type Autoencoder } from "../model/autoencoder";
import { lossFromLogits, sumOfLossesFromLogits, type LossKind } from "../model/losses";
import { batchBiasGrads } from "../model/webgpu-bias-grad";
import { concatBatchWebGpu, splitBatchWebGpu } from "../model/webgpu-copy";
import { webGpuFused } from "../model/webgpu-dispatch";
import type { Batch } from "./batch";

/**
 * The shared encoder on both batches. On webgpu one pass over the two
 * stacked (every op is per sample, so the values are the same): half the
 * encoder's launches forward and backward, and no per-parameter adds of the
 * two gradient halves. The cpu backend keeps two passes (same numbers as
 * earlier checkpoints, bit for bit).
 */
function encodeBoth(model: Autoencoder, a: tf.Tensor4D, b: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D] {
  if (!webGpuFused()) return [encode(model, a), encode(model, b)];
  // Stacking and splitting along the batch axis are buffer copies (webgpu-copy.ts), not kernels.
  const z = encode(model, concatBatchWebGpu([a, b]) as tf.Tensor4D);
  return splitBatchWebGpu(z, [a.shape[0], b.shape[0]]) as [tf.Tensor4D, tf.Tensor4D];
}

/**
 * One optimisation step on both identities: the shared encoder learns from A
 * and B, each decoder only from its own face. Returns the summed loss as a
 * tensor so the caller decides when to pay for reading it back.
 */
export function trainStep(model: Autoencoder, adam: AdamState, a: Batch, b: Batch, lossKind: LossKind): tf.Scalar {
  return tf.tidy(() => {
    const vars = [...model.params.values()];
    // batchBiasGrads: on webgpu every bias gradient of the backward pass is summed by one kernel at its end.
    const { value, grads } = batchBiasGrads(() =>
      tf.variableGrads(() => {
        // lossFromLogits: the decoder's sigmoid and slices, then reconstructionLoss (fused kernels on webgpu).
        const [za, zb] = encodeBoth(model, a.input, b.input);
        const la = decodeLogits(model, "a", za);
        const lb = decodeLogits(model, "b", zb);
        // Sum of the two decoders' losses (on webgpu one set of fused kernels over both batches stacked).
        return sumOfLossesFromLogits(lossKind, [
          { logits: la, target: a.target, mask: a.mask },
          { logits: lb, target: b.target, mask: b.mask },
        ]);
      }, vars),
    );
    adamUpdate(adam, model.params, grads);
    return value;
  });
}

/**
 * One step of a single autoencoder (encoder + decoder A) on one batch with
 * plain L1: the exact work /work/shared/bench/torch_reference.py times, so
 * the two can be compared per step.
 */
export function referenceStep(model: Autoencoder, adam: AdamState, x: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    const { value, grads } = batchBiasGrads(() =>
      tf.variableGrads(
        () => {
          // Plain L1 of the face; the mask channel gets no gradient.
          return lossFromLogits("l1", decodeLogits(model, "a", encode(model, x)), x);
        },
        [...model.params.values()].filter((v) => !v.name.includes("/dec_b/")),
      ),
    );
    adamUpdate(adam, model.params, grads);
    return value;
  });
}
