import * as tf from "@tensorflow/tfjs";
import type { WebGpuBackend } from "./webgpu-dispatch";

// One Adam update per parameter as a single WGSL kernel on the webgpu
// backend. The tensor-op form costs ~11 kernel launches per parameter
// (mul, add, square, sqrt, div, sub...), each with tfjs and Dawn overhead
// that dominates a GPU step; this writes p, m and v in place in one launch.
// In-place also keeps every variable on its own buffer, so nothing is
// allocated per step.

export type AdamHyper = { lr: number; beta1: number; beta2: number; epsilon: number };

const WORKGROUP = 256;
const MAX_GROUPS = 65535;

// Same operation order as the tensor form in adam.ts: m*b1 + g*(1-b1),
// v*b2 + g²*(1-b2), p - m*lr / (sqrt(v) + eps); (1-b) is computed in JS as there.
const SHADER = /* wgsl */ `
struct Hyper { a: vec4<f32>, c: vec2<f32>, n: u32 }
@group(0) @binding(0) var<storage, read_write> p: array<f32>;
@group(0) @binding(1) var<storage, read_write> m: array<f32>;
@group(0) @binding(2) var<storage, read_write> v: array<f32>;
@group(0) @binding(3) var<storage, read> g: array<f32>;
@group(0) @binding(4) var<uniform> h: Hyper;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lr = h.a.x; let b1 = h.a.y; let b2 = h.a.z; let eps = h.a.w;
  let stride = groups.x * ${WORKGROUP}u;
  for (var i = id.x; i < h.n; i = i + stride) {
    let gi = g[i];
    let m1 = m[i] * b1 + gi * h.c.x;
    let v1 = v[i] * b2 + (gi * gi) * h.c.y;
    m[i] = m1;
    v[i] = v1;
    p[i] = p[i] - (m1 * lr) / (sqrt(v1) + eps);
  }
}`;

const pipelines = new WeakMap<GPUDevice, GPUComputePipeline>();

function pipelineFor(device: GPUDevice): GPUComputePipeline {
  let p = pipelines.get(device);
  if (!p) {
    p = device.createComputePipeline({ label: "FusedAdamProgram", layout: "auto", compute: { module: device.createShaderModule({ code: SHADER }), entryPoint: "main" } });
    pipelines.set(device, p);
  }
  return p;
}

/**
 * Encodes p, m, v <- Adam(p, m, v, g) for each triple into the webgpu
 * backend's current command stream, ordered after the kernels that computed g.
 */
export function fusedAdamWebGpu(updates: Array<{ p: tf.Variable; m: tf.Variable; v: tf.Variable; g: tf.Tensor }>, hyper: AdamHyper): void {
  const backend = tf.backend() as unknown as WebGpuBackend;
  const pipeline = pipelineFor(backend.device);
  const layout = pipeline.getBindGroupLayout(0);
  for (const { p, m, v, g } of updates) {
    const ids = [p.dataId, m.dataId, v.dataId, g.dataId];
    if (new Set(ids).size !== 4) throw new Error(`adam: ${p.name} shares a buffer with its moments or gradient`);
    const buffers = ids.map((id) => {
      backend.uploadToGPU(id);
      return backend.tensorMap.get(id).resource as GPUBuffer;
    });
    const uniforms = backend.makeUniforms([
      { type: "float32", data: [hyper.lr, hyper.beta1, hyper.beta2, hyper.epsilon] },
      { type: "float32", data: [1 - hyper.beta1, 1 - hyper.beta2] },
      { type: "uint32", data: [p.size] },
    ]);
    const bindGroup = backend.device.createBindGroup({
      layout,
      entries: [...buffers.map((buffer, i) => ({ binding: i, resource: { buffer } })), { binding: 4, resource: uniforms }],
    });
    backend.ensureCommandEncoderReady();
    if (!backend.computePassEncoder) backend.computePassEncoder = backend.commandEncoder.beginComputePass({});
    backend.computePassEncoder.setPipeline(pipeline);
    backend.computePassEncoder.setBindGroup(0, bindGroup);
    backend.computePassEncoder.dispatchWorkgroups(Math.min(Math.ceil(p.size / WORKGROUP), MAX_GROUPS));
    backend.dispatchCountInPass++;
    // Keep the buffers out of the pool until this command buffer is submitted.
    for (const id of ids) backend.commandQueueOwnedIds.add(id);
    // A value read back earlier (a checkpoint save) is now stale.
    for (const id of ids.slice(0, 3)) backend.tensorMap.get(id).values = null;
    if (backend.dispatchCountInPass >= Number(tf.env().get("WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE"))) {
      backend.endComputePassEncoder();
      backend.submitQueue();
    }
  }
}
