import * as tf from "@tensorflow/tfjs";
import { adamUpdate, type AdamState } from "../model/adam";
import { decodeLogits, encode, type Autoencoder } from "../model/autoencoder";
import { lossFromLogits, type LossKind } from "../model/losses";
import type { Batch } from "./batch";

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
      const la = decodeLogits(model, "a", encode(model, a.input));
      const lb = decodeLogits(model, "b", encode(model, b.input));
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
