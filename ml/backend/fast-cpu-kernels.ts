import * as tf from "@tensorflow/tfjs";

type CpuBackend = {
  data: { get: (id: unknown) => { values: Float32Array } };
  makeTensorInfo: (shape: number[], dtype: string, values: Float32Array) => tf.TensorInfo;
};

type Attrs = {
  strides: number | [number, number];
  pad: "same" | "valid" | number;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
};

let installed = false;

/**
 * tfjs's cpu Conv2DBackpropFilter reads every element through
 * TensorBuffer.get (a variadic call per multiply): a 32 px training step
 * spent 95% of its 4.5 s there. This drop-in walks the typed arrays directly.
 * The summation order is fixed, so results stay deterministic.
 */
export function installFastCpuKernels(): void {
  if (installed) return;
  const original = tf.getKernel("Conv2DBackpropFilter", "cpu");
  if (!original) return;
  tf.unregisterKernel("Conv2DBackpropFilter", "cpu");
  tf.registerKernel({
    kernelName: "Conv2DBackpropFilter",
    backendName: "cpu",
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as Attrs;
      if (attrs.dataFormat === "NCHW") return original.kernelFunc(args);
      const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const backend = args.backend as unknown as CpuBackend;
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        attrs.filterShape,
        attrs.strides,
        1,
        attrs.pad,
        attrs.dimRoundingMode,
        false,
        "channelsLast",
      );
      return backend.makeTensorInfo(
        info.filterShape,
        "float32",
        backpropFilter(backend.data.get(x.dataId).values, backend.data.get(dy.dataId).values, info),
      );
    },
  });
  installNearestGradFix();
  installed = true;
}

/**
 * tfjs 4.x's cpu ResizeNearestNeighborGrad offsets dy by the *input's* batch
 * stride, so for batches > 1 it reads later samples' gradients into earlier
 * ones (torch-reference presets with nearest upsampling trained wrong on cpu).
 * This one scatters each dy value onto the input pixel the forward pass
 * copied it from, with the same nearest-pixel rule; per input pixel the
 * contributions are added in the same order as tfjs's, so batch 1 is
 * bit-identical to it.
 */
function installNearestGradFix(): void {
  if (!tf.getKernel("ResizeNearestNeighborGrad", "cpu")) return;
  tf.unregisterKernel("ResizeNearestNeighborGrad", "cpu");
  tf.registerKernel({
    kernelName: "ResizeNearestNeighborGrad",
    backendName: "cpu",
    kernelFunc: (args) => {
      const { images, dy } = args.inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
      const { alignCorners } = args.attrs as unknown as { alignCorners: boolean };
      const backend = args.backend as unknown as CpuBackend;
      return backend.makeTensorInfo(
        images.shape,
        "float32",
        nearestGrad(backend.data.get(dy.dataId).values, images.shape as number[], dy.shape as number[], alignCorners),
      );
    },
  });
}

export function nearestGrad(dy: Float32Array, xShape: number[], dyShape: number[], alignCorners: boolean): Float32Array {
  const [batch, xH, xW, depth] = xShape as [number, number, number, number];
  const [, yH, yW] = dyShape as [number, number, number];
  const scale = (x: number, y: number) => (alignCorners && y > 1 ? x - 1 : x) / (alignCorners && y > 1 ? y - 1 : y);
  const hScale = scale(xH, yH);
  const wScale = scale(xW, yW);
  const nearest = (v: number, max: number) => Math.min(max - 1, alignCorners ? Math.round(v) : Math.floor(v));
  const srcRow = Int32Array.from({ length: yH }, (_, r) => nearest(r * hScale, xH));
  const srcCol = Int32Array.from({ length: yW }, (_, c) => nearest(c * wScale, xW));
  const dx = new Float32Array(batch * xH * xW * depth);
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < yH; r++) {
      const xRow = (b * xH + srcRow[r]!) * xW;
      const yRow = (b * yH + r) * yW;
      for (let c = 0; c < yW; c++) {
        const xi = (xRow + srcCol[c]!) * depth;
        const yi = (yRow + c) * depth;
        for (let d = 0; d < depth; d++) dx[xi + d]! += dy[yi + d]!;
      }
    }
  }
  return dx;
}

function backpropFilter(x: Float32Array, dy: Float32Array, c: tf.backend_util.Conv2DInfo): Float32Array {
  const {
    batchSize,
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
  const top = c.padInfo.top,
    left = c.padInfo.left;
  const dW = new Float32Array(fh * fw * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++) {
        const dyBase = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = 0; wR < fh; wR++) {
          const xR = yR * sh + wR - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < fw; wC++) {
            const xC = yC * sw + wC - left;
            if (xC < 0 || xC >= inWidth) continue;
            const xBase = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            const wBase = (wR * fw + wC) * inChannels * outChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              const xv = x[xBase + d1]!;
              if (xv === 0) continue;
              const o = wBase + d1 * outChannels;
              for (let d2 = 0; d2 < outChannels; d2++) dW[o + d2]! += xv * dy[dyBase + d2]!;
            }
          }
        }
      }
    }
  }
  return dW;
}
