import * as tf from "@tensorflow/tfjs";
import { concatBatchWebGpu } from "./webgpu-copy";
import { ssimWindowSize, ssimWindowValues } from "./ssim-window";
import { fusedLossFromLogitsWebGpu } from "./webgpu-swap-loss";

const windows = new Map<string, tf.Tensor4D>();

/** Gaussian window (sigma 1.5) as a depthwise filter, cached per size and channel count. */
function gaussianWindow(size: number, channels: number): tf.Tensor4D {
  const key = `${tf.getBackend()}:${size}:${channels}`;
  let w = windows.get(key);
  if (!w || w.isDisposed) {
    const win = ssimWindowValues(size);
    const values = new Float32Array(size * size * channels);
    for (let i = 0; i < size * size; i++) for (let c = 0; c < channels; c++) values[i * channels + c] = win[i]!;
    w = tf.keep(tf.tensor4d(values, [size, size, channels, 1]));
    windows.set(key, w);
  }
  return w;
}

/** Mean SSIM over the batch (images in [0,1]); the window shrinks for tiny crops so it still fits. */
export function ssim(x: tf.Tensor4D, y: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    const size = ssimWindowSize(x.shape[1]);
    const w = gaussianWindow(size, x.shape[3]);
    const blur = (t: tf.Tensor4D) => tf.depthwiseConv2d(t, w, 1, "valid");
    const c1 = 0.01 ** 2,
      c2 = 0.03 ** 2;
    const mx = blur(x),
      my = blur(y);
    const mx2 = mx.square(),
      my2 = my.square(),
      mxy = mx.mul(my);
    const sx = blur(x.square()).sub(mx2),
      sy = blur(y.square()).sub(my2),
      sxy = blur(x.mul(y)).sub(mxy);
    const num = mxy.mul(2).add(c1).mul(sxy.mul(2).add(c2));
    const den = mx2.add(my2).add(c1).mul(sx.add(sy).add(c2));
    return num.div(den).mean() as tf.Scalar;
  });
}

export type LossKind = "ssim+l1" | "l1";

/**
 * Reconstruction loss for one decoder: structural dissimilarity over the
 * crop, L1 weighted towards the face (the mask), and MSE of the predicted
 * mask. "l1" is the plain L1 of the PyTorch reference, for benchmarks.
 */
export function reconstructionLoss(
  kind: LossKind,
  face: tf.Tensor4D,
  mask: tf.Tensor4D,
  target: tf.Tensor4D,
  targetMask: tf.Tensor4D,
): tf.Scalar {
  return tf.tidy(() => {
    if (kind === "l1") return face.sub(target).abs().mean() as tf.Scalar;
    const dssim = tf.sub(1, ssim(face, target)).div(2);
    const weight = targetMask.mul(0.9).add(0.1);
    const l1 = face.sub(target).abs().mul(weight).mean();
    const maskLoss = mask.sub(targetMask).square().mean();
    return dssim.add(l1).add(maskLoss) as tf.Scalar;
  });
}

/** Whether lossFromLogits runs the fused WGSL kernels (webgpu backend; ML_WEBGPU_FUSED=0 switches them off). */
export function fusedLossActive(): boolean {
  return tf.getBackend() === "webgpu" && process.env.ML_WEBGPU_FUSED !== "0";
}

/**
 * reconstructionLoss on the decoder's pre-sigmoid output [B, R, R, 4] (face
 * RGB + mask): on webgpu three fused kernels forward and backward
 * (webgpu-swap-loss.ts), elsewhere exactly decode's sigmoid and slices
 * followed by reconstructionLoss, so the cpu path stays bit-identical.
 */
export function lossFromLogits(kind: LossKind, logits: tf.Tensor4D, target: tf.Tensor4D, targetMask?: tf.Tensor4D): tf.Scalar {
  if (kind === "ssim+l1" && !targetMask) throw new Error("ssim+l1 needs the target mask");
  if (fusedLossActive()) return fusedLossFromLogitsWebGpu(kind, logits, target, targetMask);
  return tf.tidy(() => {
    const out = tf.sigmoid(logits);
    const [b, r, w] = out.shape;
    const face = out.slice([0, 0, 0, 0], [b, r, w, 3]);
    if (kind === "l1") return face.sub(target).abs().mean() as tf.Scalar;
    return reconstructionLoss(kind, face, out.slice([0, 0, 0, 3], [b, r, w, 1]), target, targetMask!);
  });
}

/**
 * lossFromLogits(kind, x.logits, x.target, x.mask) summed over `items`. On
 * webgpu, when the batches are of one size, the items are stacked along the
 * batch axis (buffer copies, webgpu-copy.ts) and one set of fused kernels
 * takes the summed loss: 3 launches for both decoders instead of 6 and an
 * add. Elsewhere the losses are added in order (the cpu path as before).
 */
export function sumOfLossesFromLogits(
  kind: LossKind,
  items: Array<{ logits: tf.Tensor4D; target: tf.Tensor4D; mask?: tf.Tensor4D }>,
): tf.Scalar {
  const batch = items[0]!.logits.shape[0];
  const stack = fusedLossActive() && items.length > 1 && items.every((x) => x.logits.shape[0] === batch && (kind === "l1" || x.mask));
  if (!stack) {
    return items.map((x) => lossFromLogits(kind, x.logits, x.target, x.mask)).reduce((sum, l) => sum.add(l) as tf.Scalar);
  }
  const cat = (xs: tf.Tensor[]) => concatBatchWebGpu(xs) as tf.Tensor4D;
  const masks = kind === "l1" ? undefined : cat(items.map((x) => x.mask!));
  return fusedLossFromLogitsWebGpu(kind, cat(items.map((x) => x.logits)), cat(items.map((x) => x.target)), masks, items.length);
}
