import * as tf from "@tensorflow/tfjs";
import { biasGradWebGpu, leakyGradWebGpu, upscaleLeakyGradWebGpu } from "./webgpu-bias-grad";
import { webGpuFused } from "./webgpu-dispatch";

export type ConvLeakyArgs = { strides: number; pad: "same" | "valid"; alpha: number };

/**
 * conv2d + bias + LeakyReLU whose forward stays ONE fused kernel while
 * gradients are recorded. tf.fused.conv2d falls back to three kernels
 * (conv, add, leakyRelu) under a gradient tape, and their backward takes
 * greater + mul + select for the activation and a reduction for the bias.
 * Here the backward is: dy * step(y, alpha) (2 kernels; y > 0 exactly when
 * the pre-activation is, so it equals tfjs's where(z > 0, dy, dy * alpha)),
 * the two conv backprop kernels and one sum for the bias, the same kernels
 * tfjs's Conv2D and Add gradients run. On webgpu (unless ML_WEBGPU_FUSED=0)
 * it is a registered kernel instead, with the activation derivative and the
 * bias sum one kernel each and lazy input gradients (registerConvLeakyWebGpu).
 */
export function conv2dLeaky(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, a: ConvLeakyArgs): tf.Tensor4D {
  if (webGpuFused()) {
    registerConvLeakyWebGpu();
    return tf.engine().runKernel(CONV_LEAKY, { x, filter, bias }, {
      strides: a.strides,
      pad: a.pad,
      alpha: a.alpha,
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }
  const attrs = { strides: a.strides, pad: a.pad, dataFormat: "NHWC", dilations: 1, dimRoundingMode: undefined };
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x4, w4, bi, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    // The kernel itself, not tf.fused.conv2d: that op refuses to fuse a non-linear activation while a tape is on.
    const y = tf.engine().runKernel("FusedConv2D", { x: x4, filter: w4, bias: bi }, {
      ...attrs,
      activation: "leakyrelu",
      leakyreluAlpha: a.alpha,
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
    save([x4, w4, y]);
    return {
      value: y as tf.Tensor4D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
        const dz = dy.mul(tf.step(ys, a.alpha)) as tf.Tensor4D;
        const dx = tf.engine().runKernel("Conv2DBackpropInput", { dy: dz, filter: ws }, {
          ...attrs,
          inputShape: xs.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
        const dw = tf.engine().runKernel("Conv2DBackpropFilter", { x: xs, dy: dz }, {
          ...attrs,
          filterShape: ws.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
        return [dx, dw, dz.sum([0, 1, 2])];
      },
    };
  });
  return op(x, filter, bias) as tf.Tensor4D;
}

const THRESHOLD = "WEBGPU_THRESHOLD_TO_INCREASE_WORKGROUPS_FOR_MATMUL";

/**
 * Runs a tfjs-webgpu conv forward as one kernel: for convs of at most 8
 * 32x32 output tiles tfjs otherwise launches Im2Col and then a matmul (more
 * workgroups for tiny convs; at ~0.35 ms per launch on a GPU the second
 * launch costs more than the parallelism saves at such sizes). Threshold 0
 * turns that path off for the conv only (tfjs's matmul reads 0 as its
 * default); the flag is put back afterwards.
 */
function oneKernelConv<T>(run: () => T): T {
  const env = tf.env();
  const prev = env.getNumber(THRESHOLD);
  env.set(THRESHOLD, 0);
  try {
    return run();
  } finally {
    env.set(THRESHOLD, prev);
  }
}

const PROGRAM_TYPE = "WEBGPU_MATMUL_PROGRAM_TYPE";
const SMALL_OUTPUT = 2; // tfjs-webgpu's MatMulProgramType.MatMulSmallOutputSizeProgram

/**
 * Runs a tfjs-webgpu matmul [m, k] x [k, n] (no batch) as one kernel. Where
 * tfjs would split K (few 32x32 output tiles, k >= 2000: a small batch
 * through a dense layer) it launches a Fill, the split-K kernel and, with a
 * bias, a BiasActivation; this asks for its small-output kernel instead (one
 * launch, bias fused, one thread per output). Other shapes are left to tfjs.
 * The rule is tfjs 4.22's (batchMatMulImpl).
 */
function oneKernelMatMul<T>(m: number, k: number, n: number, run: () => T): T {
  const env = tf.env();
  const threshold = (tf.backend() as unknown as { thresholdToIncreaseWorkgroups?: number }).thresholdToIncreaseWorkgroups ?? 8;
  const tiles = Math.ceil(m / 32) * Math.ceil(n / 32);
  const few = tiles <= threshold || (m <= 8 && tiles <= threshold * 2);
  const splitK = few && m * n > 128 && k >= 2000;
  const prev = env.getNumber(PROGRAM_TYPE);
  if (!splitK || prev >= 0 || env.getNumber(THRESHOLD) > 0) return run();
  env.set(PROGRAM_TYPE, SMALL_OUTPUT);
  try {
    return run();
  } finally {
    env.set(PROGRAM_TYPE, prev);
  }
}

const CONV_LEAKY = "MlConv2DLeakyWebGpu";
let convLeakyRegistered = false;

/**
 * conv2dLeaky on webgpu as a registered kernel (tfjs-webgpu's FusedConv2D
 * with LeakyReLU) with a registered gradient: the engine calls each input's
 * gradient only when that input leads to what is differentiated
 * (tf.customGrad computes all of them), so the first encoder conv launches no
 * Conv2DBackpropInput for the images. The LeakyReLU derivative is taken once,
 * when the backward pass reaches the layer, and lives until it ends.
 */
function registerConvLeakyWebGpu(): void {
  if (convLeakyRegistered) return;
  convLeakyRegistered = true;
  type Attrs = { strides: number; pad: "same" | "valid"; alpha: number };
  const convAttrs = (a: Attrs) => ({ strides: a.strides, pad: a.pad, dataFormat: "NHWC", dilations: 1, dimRoundingMode: undefined });
  tf.registerKernel({
    kernelName: CONV_LEAKY,
    backendName: "webgpu",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const a = attrs as unknown as Attrs;
      const fused = tf.getKernel("FusedConv2D", "webgpu");
      if (!fused) throw new Error("webgpu backend has no FusedConv2D kernel");
      return oneKernelConv(() =>
        fused.kernelFunc({
          inputs,
          backend,
          attrs: { ...convAttrs(a), activation: "leakyrelu", leakyreluAlpha: a.alpha } as unknown as tf.NamedAttrMap,
        }),
      );
    },
  });
  tf.registerGradient({
    kernelName: CONV_LEAKY,
    inputsToSave: ["x", "filter"],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [xs, ws, ys] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
      const a = attrs as unknown as Attrs;
      const dz = leakyGradWebGpu(dy as tf.Tensor, ys, a.alpha);
      return {
        x: () =>
          tf.engine().runKernel("Conv2DBackpropInput", { dy: dz, filter: ws }, {
            ...convAttrs(a),
            inputShape: xs.shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor,
        filter: () =>
          tf.engine().runKernel("Conv2DBackpropFilter", { x: xs, dy: dz }, {
            ...convAttrs(a),
            filterShape: ws.shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor,
        bias: () => biasGradWebGpu(dz),
      };
    },
  });
}

/** Depth-to-space by reshape/transpose (tfjs has no gradient for depthToSpace): [B, H, W, 4F] to [B, 2H, 2W, F]. */
export function pixelShuffle(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const f = c / 4;
  return x
    .reshape([b, h, w, 2, 2, f])
    .transpose([0, 1, 3, 2, 4, 5])
    .reshape([b, h * 2, w * 2, f]);
}

/**
 * An upscale block for the webgpu backend: 3x3 stride-1 "same" conv + bias +
 * LeakyReLU (one kernel), then 2x upsampling ("shuffle": pixelShuffle;
 * "nearest": tf.image.resizeNearestNeighbor), with a backward whose first
 * kernel takes the LeakyReLU derivative straight from the upsampled gradient
 * (upscaleLeakyGradWebGpu: no Transpose or ResizeNearestNeighborBackprop).
 * The cpu backend keeps conv2dLeaky and the tensor-op upsampling (autoencoder.ts).
 */
export function conv2dLeakyUpscaleWebGpu(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D,
  a: { alpha: number; upsample: "shuffle" | "nearest" },
): tf.Tensor4D {
  const attrs = { strides: 1, pad: "same", dataFormat: "NHWC", dilations: 1, dimRoundingMode: undefined };
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x4, w4, bi, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    const y = oneKernelConv(() =>
      tf.engine().runKernel("FusedConv2D", { x: x4, filter: w4, bias: bi }, {
        ...attrs,
        activation: "leakyrelu",
        leakyreluAlpha: a.alpha,
      } as unknown as tf.NamedAttrMap),
    ) as tf.Tensor4D;
    save([x4, w4, y]);
    const up = a.upsample === "shuffle" ? pixelShuffle(y) : tf.image.resizeNearestNeighbor(y, [y.shape[1] * 2, y.shape[2] * 2]);
    return {
      value: up,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
        const dz = upscaleLeakyGradWebGpu(dy, ys, a.alpha, a.upsample);
        const dx = tf.engine().runKernel("Conv2DBackpropInput", { dy: dz, filter: ws }, {
          ...attrs,
          inputShape: xs.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
        const dw = tf.engine().runKernel("Conv2DBackpropFilter", { x: xs, dy: dz }, {
          ...attrs,
          filterShape: ws.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
        return [dx, dw, biasGradWebGpu(dz)];
      },
    };
  });
  return op(x, filter, bias) as tf.Tensor4D;
}

/**
 * conv2d + bias without activation for the webgpu backend: tf.fused.conv2d's
 * forward kernel and backward, but the bias gradient in one kernel instead of
 * Transpose + Reduce. The cpu backend keeps tf.fused.conv2d (see autoencoder.ts).
 */
export function conv2dBiasWebGpu(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D,
  a: { strides: number; pad: "same" | "valid" },
): tf.Tensor4D {
  const attrs = { strides: a.strides, pad: a.pad, dataFormat: "NHWC", dilations: 1, dimRoundingMode: undefined };
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x4, w4, bi, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    const y = oneKernelConv(() =>
      tf
        .engine()
        .runKernel("FusedConv2D", { x: x4, filter: w4, bias: bi }, { ...attrs, activation: "linear" } as unknown as tf.NamedAttrMap),
    ) as tf.Tensor4D;
    save([x4, w4]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dx = tf.engine().runKernel("Conv2DBackpropInput", { dy, filter: ws }, {
          ...attrs,
          inputShape: xs.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
        const dw = tf
          .engine()
          .runKernel("Conv2DBackpropFilter", { x: xs, dy }, { ...attrs, filterShape: ws.shape } as unknown as tf.NamedAttrMap) as tf.Tensor;
        return [dx, dw, biasGradWebGpu(dy)];
      },
    };
  });
  return op(x, filter, bias) as tf.Tensor4D;
}

/** x [B, K] @ w [K, N] + bias for the webgpu backend, with the bias gradient in one kernel (cpu: tf.fused.matMul). */
export function denseWebGpu(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xs, ws, bi, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const [m, k] = xs.shape,
      n = ws.shape[1];
    const y = oneKernelMatMul(m, k, n, () =>
      tf.engine().runKernel("_FusedMatMul", { a: xs.reshape([1, ...xs.shape]), b: ws.reshape([1, ...ws.shape]), bias: bi }, {
        transposeA: false,
        transposeB: false,
        activation: "linear",
        leakyreluAlpha: 0,
      } as unknown as tf.NamedAttrMap),
    ) as tf.Tensor3D;
    save([xs, ws]);
    return {
      value: y.reshape([xs.shape[0], ws.shape[1]]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xv, wv] = saved as [tf.Tensor2D, tf.Tensor2D];
        const d = dy as tf.Tensor2D;
        return [
          oneKernelMatMul(m, n, k, () => tf.matMul(d, wv, false, true)),
          oneKernelMatMul(k, m, n, () => tf.matMul(xv, d, true, false)),
          biasGradWebGpu(d),
        ];
      },
    };
  });
  return op(x, w, bias) as tf.Tensor2D;
}
