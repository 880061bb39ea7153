import * as tf from "@tensorflow/tfjs";
import { free, transposeWasm, wasmKernel, type WasmBackend } from "./wasm-kernel-calls";
import { runOnCpu } from "./wasm-cpu-fallback";

// tfjs-backend-wasm 4.22 runs inference kernels only: training needs the
// gradient kernels below, which it lacks. Each is written with kernels it
// does have (XNNPACK convolutions, transposes), so the arithmetic runs in
// SIMD WebAssembly; cases the composition does not cover run tfjs's cpu
// kernel on copies (same values, JavaScript speed).

type Conv2DGradAttrs = {
  strides: number | [number, number];
  pad: "same" | "valid" | number | backendPad;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
};
type backendPad = tf.backend_util.ExplicitPadding;
type DepthwiseGradAttrs = {
  strides: number | [number, number];
  pad: "same" | "valid" | number | backendPad;
  dilations: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
  inputShape: [number, number, number, number];
};

/**
 * dW[kh, kw, ci, co] = sum over n, ho, wo of x[n, ho*s + kh - top, wo*s + kw - left, ci] * dy[n, ho, wo, co].
 * That is a stride-1 convolution of x seen as [ci, H, W, N] (the batch as
 * channels) with dy seen as the filter [Ho, Wo, N, co], dilated by the
 * forward stride, padded by the forward padding: its output [ci, fh, fw, co]
 * transposed is dW. The far padding is whatever makes the output fh x fw
 * (negative: rows/columns the forward pass never read, sliced off).
 */
function conv2dBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const attrs = args.attrs as unknown as Conv2DGradAttrs;
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  if (attrs.dataFormat === "NCHW") return runOnCpu("Conv2DBackpropFilter", backend, args.inputs, attrs);
  const c = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  const {
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    filterHeight: fh,
    filterWidth: fw,
    strideHeight: sh,
    strideWidth: sw,
  } = c;
  const swapped = swappedPadding(c);
  if (sh === 1 && sw === 1 && outChannels < inChannels && swapped) return backpropFilterFromDy(backend, x, dy, swapped);
  const { top, left } = c.padInfo;
  const bottom = fh + (outHeight - 1) * sh - inHeight - top;
  const right = fw + (outWidth - 1) * sw - inWidth - left;
  const temps: tf.TensorInfo[] = [];
  let xT = transposeWasm(backend, x, [3, 1, 2, 0]);
  temps.push(xT);
  if (bottom < 0 || right < 0) {
    xT = wasmKernel(
      "Slice",
      backend,
      { x: xT },
      { begin: [0, 0, 0, 0], size: [-1, inHeight + Math.min(bottom, 0), inWidth + Math.min(right, 0), -1] },
    );
    temps.push(xT);
  }
  const dyT = transposeWasm(backend, dy, [1, 2, 0, 3]);
  temps.push(dyT);
  const pad: backendPad = [
    [0, 0],
    [top, Math.max(bottom, 0)],
    [left, Math.max(right, 0)],
    [0, 0],
  ];
  const dwT = wasmKernel("Conv2D", backend, { x: xT, filter: dyT }, { strides: 1, pad, dilations: [sh, sw], dataFormat: "NHWC" });
  temps.push(dwT);
  const dw = transposeWasm(backend, dwT, [1, 2, 0, 3]);
  free(backend, ...temps);
  return dw;
}

/**
 * The same sum for a stride-1 conv with the roles swapped: dy seen as
 * [co, Ho, Wo, N] slides over x seen as the filter [H, W, N, ci]. Output
 * pixel m = fh - 1 - kh once dy is padded by (fh - 1 - top) before and
 * (H - Ho + top) after, so the result [co, fh, fw, ci] is dW reversed in
 * kh, kw. XNNPACK then fills ci output channels instead of co: for the
 * decoder's last conv (co = 4, ci = 64) its kernels ran 4 of 8 lanes.
 */
function backpropFilterFromDy(backend: WasmBackend, x: tf.TensorInfo, dy: tf.TensorInfo, pad: backendPad): tf.TensorInfo {
  const dyT = transposeWasm(backend, dy, [3, 1, 2, 0]);
  const xT = transposeWasm(backend, x, [1, 2, 0, 3]);
  const reversed = wasmKernel("Conv2D", backend, { x: dyT, filter: xT }, { strides: 1, pad, dilations: 1, dataFormat: "NHWC" });
  const flipped = wasmKernel("Reverse", backend, { x: reversed }, { dims: [1, 2] });
  const dw = transposeWasm(backend, flipped, [1, 2, 3, 0]);
  free(backend, dyT, xT, reversed, flipped);
  return dw;
}

/** dy's padding for backpropFilterFromDy; undefined where one side would be negative (explicit forward padding beyond the filter). */
function swappedPadding(c: tf.backend_util.Conv2DInfo): backendPad | undefined {
  const { inHeight, inWidth, outHeight, outWidth, filterHeight: fh, filterWidth: fw } = c;
  const { top, left } = c.padInfo;
  const pad: backendPad = [
    [0, 0],
    [fh - 1 - top, inHeight - outHeight + top],
    [fw - 1 - left, inWidth - outWidth + left],
    [0, 0],
  ];
  return pad.every(([a, b]) => a >= 0 && b >= 0) ? pad : undefined;
}

/**
 * dx[h] = sum over ho, kh with ho*s + kh - top = h of dy[ho] W[kh]^T (tfjs
 * wasm's own kernel is a scalar loop: 85% of a training step). Writing
 * h + top = s*q + r (phase r in [0, s)), kh = s*j + r, this is for each phase
 * a stride-1 correlation of dy over J = ceil(fh / s) taps. All s*s phases are
 * one XNNPACK convolution whose output channels are (phase, ci), and
 * DepthToSpace interleaves the phases into rows and columns; the first `top`
 * rows and `left` columns are the forward padding, sliced off. Stride 1 is
 * the rotated filter and no interleaving. Arithmetic: J*J*s*s taps against
 * fh*fw (5x5 stride 2: 36 against 25), instead of s*s times more for a
 * zero-dilated dy. Unequal strides run tfjs's cpu kernel.
 */
function conv2dBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const attrs = args.attrs as unknown as Conv2DGradAttrs & { inputShape: [number, number, number, number] };
  const backend = args.backend as WasmBackend;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  if (attrs.dataFormat === "NCHW") return runOnCpu("Conv2DBackpropInput", backend, args.inputs, attrs);
  const c = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  const {
    batchSize,
    inHeight: H,
    inWidth: W,
    inChannels: ci,
    outHeight: Ho,
    outWidth: Wo,
    outChannels: co,
    filterHeight: fh,
    filterWidth: fw,
    strideHeight: sh,
    strideWidth: sw,
  } = c;
  // DepthToSpace interleaves square blocks only.
  if (sh !== sw) return runOnCpu("Conv2DBackpropInput", backend, args.inputs, attrs);
  const { top, left } = c.padInfo;
  const Jh = Math.ceil(fh / sh),
    Jw = Math.ceil(fw / sw);
  const phases = sh * sw;
  // Wc[th, tw, o, (rh*sw + rw)*ci + i] = W[sh*(Jh-1-th) + rh, sw*(Jw-1-tw) + rw, i, o], zero past the filter.
  const w = backend.typedArrayFromHeap(filter);
  const wcInfo = backend.makeOutput([Jh, Jw, co, phases * ci], "float32");
  const wc = backend.typedArrayFromHeap(wcInfo);
  wc.fill(0);
  for (let th = 0; th < Jh; th++)
    for (let rh = 0; rh < sh; rh++) {
      const kh = sh * (Jh - 1 - th) + rh;
      if (kh >= fh) continue;
      for (let tw = 0; tw < Jw; tw++)
        for (let rw = 0; rw < sw; rw++) {
          const kw = sw * (Jw - 1 - tw) + rw;
          if (kw >= fw) continue;
          const phase = (rh * sw + rw) * ci;
          for (let i = 0; i < ci; i++) {
            const src = ((kh * fw + kw) * ci + i) * co;
            let dst = (th * Jw + tw) * co * phases * ci + phase + i;
            for (let o = 0; o < co; o++, dst += phases * ci) wc[dst] = w[src + o]!;
          }
        }
    }
  // Output rows q cover floor((h + top) / s) for every h in [0, H).
  const Q = Math.floor((H - 1 + top) / sh) + 1,
    P = Math.floor((W - 1 + left) / sw) + 1;
  const pad: backendPad = [
    [0, 0],
    [Jh - 1, Math.max(0, Q - Ho)],
    [Jw - 1, Math.max(0, P - Wo)],
    [0, 0],
  ];
  const temps: tf.TensorInfo[] = [wcInfo];
  let out = wasmKernel("Conv2D", backend, { x: dy, filter: wcInfo }, { strides: 1, pad, dilations: 1, dataFormat: "NHWC" });
  if (phases > 1) {
    temps.push(out);
    out = wasmKernel("DepthToSpace", backend, { x: out }, { blockSize: sh, dataFormat: "NHWC" });
  }
  const [, outH, outW] = out.shape as [number, number, number, number];
  if (top !== 0 || left !== 0 || outH !== H || outW !== W) {
    temps.push(out);
    out = wasmKernel("Slice", backend, { x: out }, { begin: [0, top, left, 0], size: [batchSize, H, W, ci] });
  }
  free(backend, ...temps);
  return out;
}

/**
 * For a stride-1, undilated depthwise conv with one filter per channel (the
 * SSIM loss's Gaussian blur), the input gradient is a depthwise conv of dy
 * with the filter rotated 180 degrees, padded by (filter - 1 - forward
 * padding) on each side. Other shapes run tfjs's cpu kernel.
 */
function depthwiseBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const attrs = args.attrs as unknown as DepthwiseGradAttrs;
  const backend = args.backend as WasmBackend;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const c = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const simple = c.strideHeight === 1 && c.strideWidth === 1 && c.dilationHeight === 1 && c.dilationWidth === 1 && filter.shape[3] === 1;
  if (!simple) return runOnCpu("DepthwiseConv2dNativeBackpropInput", backend, args.inputs, attrs);
  const { filterHeight: fh, filterWidth: fw, padInfo } = c;
  const rotated = wasmKernel("Reverse", backend, { x: filter }, { dims: [0, 1] });
  const pad: backendPad = [
    [0, 0],
    [fh - 1 - padInfo.top, fh - 1 - padInfo.bottom],
    [fw - 1 - padInfo.left, fw - 1 - padInfo.right],
    [0, 0],
  ];
  const dx = wasmKernel("DepthwiseConv2dNative", backend, { x: dy, filter: rotated }, { strides: 1, pad, dilations: 1 });
  free(backend, rotated);
  return dx;
}

/** Only needed when a depthwise filter is trained (nothing in ml/ does): tfjs's cpu kernel on copies. */
function depthwiseBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  return runOnCpu("DepthwiseConv2dNativeBackpropFilter", args.backend as WasmBackend, args.inputs, args.attrs as object);
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** wasm's own kernels that the ones below replace, for the cases they leave to it. */
const original = new Map<string, (args: KernelArgs) => tf.TensorInfo>();
function runOriginal(name: string, args: KernelArgs): tf.TensorInfo {
  const kernel = original.get(name);
  if (!kernel) throw new Error(`the wasm backend has no ${name} kernel`);
  return kernel(args);
}

/**
 * The gradient of a 2x nearest-neighbour upscale (no corner alignment, no
 * half-pixel centres): each input pixel receives the sum of its 2x2 block of
 * dy, i.e. 4 x an XNNPACK 2x2 average pool (wasm's own kernel is a scalar
 * loop: 59 ms of a torch-reference-w1 step). Other scales stay with it.
 */
function resizeNearestNeighborGrad(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { images, dy } = args.inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
  const { alignCorners, halfPixelCenters } = args.attrs as unknown as { alignCorners: boolean; halfPixelCenters: boolean };
  const [, h, w] = images.shape as [number, number, number, number];
  const [, dh, dw] = dy.shape as [number, number, number, number];
  if (alignCorners || halfPixelCenters || dh !== 2 * h || dw !== 2 * w || dy.dtype !== "float32")
    return runOriginal("ResizeNearestNeighborGrad", args);
  const mean = wasmKernel("AvgPool", backend, { x: dy }, { filterSize: [2, 2], strides: [2, 2], pad: "valid", dimRoundingMode: undefined });
  const four = backend.makeOutput([], "float32");
  backend.typedArrayFromHeap(four).fill(4);
  const out = wasmKernel("Multiply", backend, { a: mean, b: four });
  free(backend, mean, four);
  return out;
}

const KERNELS: Array<[string, (args: KernelArgs) => tf.TensorInfo]> = [
  ["Conv2DBackpropFilter", conv2dBackpropFilter],
  ["Conv2DBackpropInput", conv2dBackpropInput],
  ["DepthwiseConv2dNativeBackpropInput", depthwiseBackpropInput],
  ["DepthwiseConv2dNativeBackpropFilter", depthwiseBackpropFilter],
  ["ResizeNearestNeighborGrad", resizeNearestNeighborGrad],
];

let installed = false;

/**
 * Registers the gradient kernels training needs on the wasm backend,
 * replacing its scalar Conv2DBackpropInput. Once per process: tfjs's kernel
 * registry is global, shared with face-api's bundle.
 */
export function installWasmTrainingKernels(): void {
  if (installed) return;
  for (const [kernelName, kernelFunc] of KERNELS) {
    const own = tf.getKernel(kernelName, "wasm");
    if (own) {
      original.set(kernelName, own.kernelFunc as unknown as (args: KernelArgs) => tf.TensorInfo);
      tf.unregisterKernel(kernelName, "wasm");
    }
    // wasm's own setup (binding its C++ function) still runs when the backend starts, for the cases left to it.
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc: kernelFunc as unknown as tf.KernelFunc, setupFunc: own?.setupFunc });
  }
  installed = true;
}
