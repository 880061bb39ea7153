import * as tf from "@tensorflow/tfjs";
import { webGpuBackend, type WebGpuBackend } from "./webgpu-dispatch";

// Concatenating and splitting along the batch axis are contiguous byte
// ranges, so on webgpu they are buffer copies (copyBufferToBuffer on tfjs's
// command encoder, in its stream order) instead of kernels: tfjs runs a
// Concat kernel, one Slice kernel per part, and for the gradient of the
// slices a Pad kernel per part plus an Add. The stacked encoder pass
// (train-step.ts) used 6 launches for that; these use none. Exact copies.

function gpuBuffer(b: WebGpuBackend, dataId: object): GPUBuffer {
  b.uploadToGPU(dataId);
  return b.tensorMap.get(dataId).resource as GPUBuffer;
}

/** Copies `parts` one after the other into a new float32 tensor of `shape`. */
function copyInto(b: WebGpuBackend, parts: tf.TensorInfo[], shape: number[]): tf.TensorInfo {
  const out = b.makeTensorInfo(shape, "float32");
  const dst = gpuBuffer(b, out.dataId);
  const sources = parts.map((p) => gpuBuffer(b, p.dataId));
  b.ensureCommandEncoderReady();
  b.endComputePassEncoder();
  let at = 0;
  parts.forEach((p, i) => {
    const bytes = 4 * sizeOf(p.shape);
    if (bytes) b.commandEncoder.copyBufferToBuffer(sources[i]!, 0, dst, at, bytes);
    at += bytes;
  });
  for (const p of [...parts, out]) b.commandQueueOwnedIds.add(p.dataId);
  return out;
}

const sizeOf = (shape: number[]) => shape.reduce((a, c) => a * c, 1);
const SPLIT = "MlSplitBatchCopy";
let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: SPLIT,
    backendName: "webgpu",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WebGpuBackend;
      const x = inputs.x as tf.TensorInfo;
      const sizes = (attrs as { sizes: number[] }).sizes;
      const row = sizeOf(x.shape.slice(1));
      const src = gpuBuffer(b, x.dataId);
      const outs = sizes.map((n) => b.makeTensorInfo([n, ...x.shape.slice(1)], "float32"));
      const dsts = outs.map((o) => gpuBuffer(b, o.dataId));
      b.ensureCommandEncoderReady();
      b.endComputePassEncoder();
      let at = 0;
      sizes.forEach((n, i) => {
        if (n * row) b.commandEncoder.copyBufferToBuffer(src, at * row * 4, dsts[i]!, 0, n * row * 4);
        at += n;
      });
      for (const t of [x, ...outs]) b.commandQueueOwnedIds.add(t.dataId);
      return outs;
    },
  });
  tf.registerGradient({
    kernelName: SPLIT,
    gradFunc: (dy, _saved, attrs) => {
      const sizes = (attrs as unknown as { sizes: number[] }).sizes;
      const parts = (dy as Array<tf.Tensor | null>).map(
        (d, i) => d ?? tf.zeros([sizes[i]!, ...(dy as Array<tf.Tensor | null>).find((t) => t)!.shape.slice(1)]),
      );
      return { x: () => concatBatchWebGpu(parts) };
    },
  });
}

/** tf.concat(xs, 0) on webgpu as buffer copies (float32), with tf.concat's gradient (splitBatchWebGpu). */
export function concatBatchWebGpu(xs: tf.Tensor[]): tf.Tensor {
  register();
  const shape = [xs.reduce((n, x) => n + x.shape[0]!, 0), ...xs[0]!.shape.slice(1)];
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const parts = args.slice(0, -1) as tf.Tensor[];
    if (parts.some((p) => p.dtype !== "float32" || p.shape.slice(1).join() !== shape.slice(1).join()))
      throw new Error("concatBatchWebGpu: float32 tensors of one row shape only");
    const value = tf.engine().makeTensorFromTensorInfo(copyInto(webGpuBackend(), parts, shape));
    return {
      value,
      gradFunc: (dy: tf.Tensor) =>
        splitBatchWebGpu(
          dy,
          parts.map((p) => p.shape[0]!),
        ),
    };
  });
  return op(...xs);
}

/** tf.split(x, sizes, 0) on webgpu as buffer copies (float32), with tf.split's gradient (concatBatchWebGpu). */
export function splitBatchWebGpu(x: tf.Tensor, sizes: number[]): tf.Tensor[] {
  register();
  if (x.dtype !== "float32" || sizes.reduce((a, c) => a + c, 0) !== x.shape[0])
    throw new Error("splitBatchWebGpu: float32 and sizes summing to the batch only");
  return tf.engine().runKernel(SPLIT, { x }, { sizes } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
}
