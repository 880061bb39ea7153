import * as tf from "@tensorflow/tfjs";
import { adamUpdate, type AdamState } from "../model/adam";
import { decodeLogits, encode, type Autoencoder } from "../model/autoencoder";
import { lossFromLogits, type LossKind } from "../model/losses";
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
  const z = encode(model, tf.concat([a, b], 0));
  const [n, h, w, c] = z.shape;
  return [z.slice([0, 0, 0, 0], [a.shape[0], h, w, c]), z.slice([a.shape[0], 0, 0, 0], [n - a.shape[0], h, w, c])];
}

/**
 * One optimisation step on both identities: the shared encoder learns from A
 * and B, each decoder only from its own face. Returns the summed loss as a
 * tensor so the caller decides when to pay for reading it back.
 */
export function trainStep(model: Autoencoder, adam: AdamState, a: Batch, b: Batch, lossKind: LossKind): tf.Scalar {
  return tf.tidy(() => {
    const vars = [...model.params.values()];
    const { value, grads } = tf.variableGrads(() => {
      // lossFromLogits: the decoder's sigmoid and slices, then reconstructionLoss (fused kernels on webgpu).
      const [za, zb] = encodeBoth(model, a.input, b.input);
      const la = decodeLogits(model, "a", za);
      const lb = decodeLogits(model, "b", zb);
      return lossFromLogits(lossKind, la, a.target, a.mask).add(lossFromLogits(lossKind, lb, b.target, b.mask)) as tf.Scalar;
    }, vars);
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
    const { value, grads } = tf.variableGrads(() => {
      // Plain L1 of the face; the mask channel gets no gradient.
      return lossFromLogits("l1", decodeLogits(model, "a", encode(model, x)), x);
    }, [...model.params.values()].filter((v) => !v.name.includes("/dec_b/")));
    adamUpdate(adam, model.params, grads);
    return value;
  });
}
