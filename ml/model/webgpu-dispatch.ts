import * as tf from "@tensorflow/tfjs";

// Hand-written WGSL kernels encoded into tfjs-webgpu's own command stream,
// so they order correctly with its kernels and share its buffer pool.

/** The parts of tfjs-webgpu's WebGPUBackend used here (not in its public typings). */
export type WebGpuBackend = {
  device: GPUDevice;
  tensorMap: { get(dataId: object): { resource: unknown; values: unknown }; has(dataId: object): boolean };
  makeTensorInfo(shape: number[], dtype: "float32"): tf.TensorInfo;
  disposeData(dataId: object): boolean;
  uploadToGPU(dataId: object): void;
  ensureCommandEncoderReady(): void;
  commandEncoder: GPUCommandEncoder;
  computePassEncoder: GPUComputePassEncoder | null;
  dispatchCountInPass: number;
  commandQueueOwnedIds: WeakSet<object>;
  makeUniforms(u: Array<{ type: "float32" | "uint32"; data: number[] }>): GPUBufferBinding;
  endComputePassEncoder(): void;
  submitQueue(): void;
};

export const webGpuBackend = (): WebGpuBackend => tf.backend() as unknown as WebGpuBackend;

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function pipeline(device: GPUDevice, label: string, code: string): GPUComputePipeline {
  let byKey = pipelines.get(device);
  if (!byKey) pipelines.set(device, (byKey = new Map()));
  const key = `${label}:${code}`;
  let p = byKey.get(key);
  if (!p) {
    p = device.createComputePipeline({
      label,
      layout: "auto",
      compute: { module: device.createShaderModule({ code }), entryPoint: "main" },
    });
    byKey.set(key, p);
  }
  return p;
}

/**
 * One dispatch of `code` (entry point main, bindings: out, ...inputs,
 * uniforms) over `threads` invocations in workgroups of `workgroup`; groups
 * beyond 65535 go to y (the shader folds gid.y back in). Labelled `label`
 * for the dispatch counter.
 */
export function dispatchWgsl(
  b: WebGpuBackend,
  label: string,
  code: string,
  out: tf.TensorInfo,
  inputs: tf.TensorInfo[],
  uniforms: GPUBufferBinding,
  threads: number,
  workgroup: number,
): void {
  const pipe = pipeline(b.device, label, code);
  const infos = [out, ...inputs];
  const buffers = infos.map((t) => {
    b.uploadToGPU(t.dataId);
    return b.tensorMap.get(t.dataId).resource as GPUBuffer;
  });
  const bindGroup = b.device.createBindGroup({
    layout: pipe.getBindGroupLayout(0),
    entries: [...buffers.map((buffer, i) => ({ binding: i, resource: { buffer } })), { binding: buffers.length, resource: uniforms }],
  });
  b.ensureCommandEncoderReady();
  if (!b.computePassEncoder) b.computePassEncoder = b.commandEncoder.beginComputePass({});
  b.computePassEncoder.setPipeline(pipe);
  b.computePassEncoder.setBindGroup(0, bindGroup);
  const groups = Math.ceil(threads / workgroup);
  const x = Math.min(groups, 65535);
  b.computePassEncoder.dispatchWorkgroups(x, Math.ceil(groups / x));
  b.dispatchCountInPass++;
  // Keep the buffers out of the pool until this command buffer is submitted.
  for (const t of infos) b.commandQueueOwnedIds.add(t.dataId);
  if (b.dispatchCountInPass >= Number(tf.env().get("WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE"))) {
    b.endComputePassEncoder();
    b.submitQueue();
  }
}

/** Whether the hand-written kernels are used: webgpu backend, unless ML_WEBGPU_FUSED=0 (A/B runs). */
export function webGpuFused(): boolean {
  return tf.getBackend() === "webgpu" && process.env.ML_WEBGPU_FUSED !== "0";
}
