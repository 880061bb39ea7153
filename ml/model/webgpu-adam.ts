import * as tf from "@tensorflow/tfjs";
import type { WebGpuBackend } from "./webgpu-dispatch";

// Adam for all parameters in one WGSL dispatch on the webgpu backend.
//
// The tensor-op form costs ~11 kernel launches per parameter, and even one
// fused kernel per parameter is 22-30 launches per step, each with ~0.35 ms
// of tfjs + Dawn overhead on a GPU. tfjs variables cannot be views of one
// buffer, so instead: the moments m and v live flat (one tensor each per
// group, owned by the optimizer, adam.ts), every parameter and its gradient
// are copied into two flat scratch buffers with copyBufferToBuffer commands
// (recorded on tfjs's own command encoder: no dispatch, no tfjs kernel), one
// kernel updates p, m and v over the flat arrays, and the new parameters are
// copied back into each variable's own buffer. Everything is encoded in
// tfjs's command stream, after the kernels that computed the gradients and
// before whatever reads the parameters next.

export type AdamHyper = { lr: number; beta1: number; beta2: number; epsilon: number };

/**
 * Moments of a set of parameters stored flat: parameter names[k] at
 * offsets[k] (elements) in both m and v. One group is one dispatch; a model
 * needs more than one only when its parameters exceed the device's largest
 * storage binding.
 */
export type FlatGroup = { names: string[]; offsets: number[]; sizes: number[]; size: number; m: tf.Variable; v: tf.Variable };

const WORKGROUP = 256;
const MAX_GROUPS = 65535;
const LABEL = "FusedAdamProgram";

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
    p = device.createComputePipeline({
      label: LABEL,
      layout: "auto",
      compute: { module: device.createShaderModule({ code: SHADER }), entryPoint: "main" },
    });
    pipelines.set(device, p);
  }
  return p;
}

/** Most float32 elements one flat group may hold on the active webgpu device (one storage binding, one buffer). */
export function maxFlatElements(): number {
  const { limits } = (tf.backend() as unknown as WebGpuBackend).device;
  return Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / 4);
}

/**
 * Splits parameters (by size, in order) into consecutive groups of at most
 * `maxElements` elements; a parameter larger than that gets a group of its own.
 */
export function groupBySize(sizes: number[], maxElements: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [],
    total = 0;
  sizes.forEach((size, i) => {
    if (current.length && total + size > maxElements) {
      groups.push(current);
      current = [];
      total = 0;
    }
    current.push(i);
    total += size;
  });
  if (current.length) groups.push(current);
  return groups;
}

function gpuBuffer(b: WebGpuBackend, dataId: object): GPUBuffer {
  b.uploadToGPU(dataId);
  const resource = b.tensorMap.get(dataId).resource;
  if (!(resource instanceof GPUBuffer)) throw new Error("adam: tensor is not in a GPU buffer");
  return resource;
}

/**
 * Encodes p, m, v <- Adam(p, m, v, g) for every parameter of `group` into the
 * webgpu backend's current command stream: one dispatch. `updates` holds the
 * group's parameters (group.names order) with their gradients.
 */
export function fusedAdamWebGpu(group: FlatGroup, updates: Array<{ p: tf.Variable; g: tf.Tensor }>, hyper: AdamHyper): void {
  if (updates.length !== group.names.length) throw new Error("adam: updates do not match the flat group");
  if (group.size === 0) return;
  const b = tf.backend() as unknown as WebGpuBackend;
  const pipeline = pipelineFor(b.device);
  const ids = new Set<object>();
  const params = updates.map(({ p, g }, k) => {
    if (p.size !== group.sizes[k]) throw new Error(`adam: ${p.name} does not match its flat slot`);
    if (ids.has(p.dataId)) throw new Error(`adam: ${p.name} shares a buffer with another parameter`);
    ids.add(p.dataId);
    return { p: gpuBuffer(b, p.dataId), g: gpuBuffer(b, g.dataId), bytes: p.size * 4, at: group.offsets[k]! * 4 };
  });
  // Scratch for the flat parameters and gradients, from tfjs's buffer pool
  // (released to it once this command buffer is submitted).
  const flatP = b.makeTensorInfo([group.size], "float32"),
    flatG = b.makeTensorInfo([group.size], "float32");
  const pBuf = gpuBuffer(b, flatP.dataId),
    gBuf = gpuBuffer(b, flatG.dataId);
  const mBuf = gpuBuffer(b, group.m.dataId),
    vBuf = gpuBuffer(b, group.v.dataId);

  b.ensureCommandEncoderReady();
  b.endComputePassEncoder();
  for (const s of params) {
    if (s.bytes === 0) continue;
    b.commandEncoder.copyBufferToBuffer(s.p, 0, pBuf, s.at, s.bytes);
    b.commandEncoder.copyBufferToBuffer(s.g, 0, gBuf, s.at, s.bytes);
  }

  const uniforms = b.makeUniforms([
    { type: "float32", data: [hyper.lr, hyper.beta1, hyper.beta2, hyper.epsilon] },
    { type: "float32", data: [1 - hyper.beta1, 1 - hyper.beta2] },
    { type: "uint32", data: [group.size] },
  ]);
  const bindGroup = b.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [...[pBuf, mBuf, vBuf, gBuf].map((buffer, i) => ({ binding: i, resource: { buffer } })), { binding: 4, resource: uniforms }],
  });
  b.computePassEncoder = b.commandEncoder.beginComputePass({});
  b.computePassEncoder.setPipeline(pipeline);
  b.computePassEncoder.setBindGroup(0, bindGroup);
  b.computePassEncoder.dispatchWorkgroups(Math.min(Math.ceil(group.size / WORKGROUP), MAX_GROUPS));
  b.dispatchCountInPass++;
  b.endComputePassEncoder();

  for (const s of params) if (s.bytes) b.commandEncoder.copyBufferToBuffer(pBuf, s.at, s.p, 0, s.bytes);

  // Keep every buffer used here out of the pool until this command buffer is
  // submitted (the gradients are disposed right after this call).
  const owned = [...updates.flatMap(({ p, g }) => [p.dataId, g.dataId]), group.m.dataId, group.v.dataId, flatP.dataId, flatG.dataId];
  for (const id of owned) b.commandQueueOwnedIds.add(id);
  // A value read back earlier (a checkpoint save) is now stale.
  for (const t of [...updates.map((u) => u.p), group.m, group.v]) b.tensorMap.get(t.dataId).values = null;
  b.disposeData(flatP.dataId);
  b.disposeData(flatG.dataId);
  if (b.dispatchCountInPass >= Number(tf.env().get("WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE"))) b.submitQueue();
}
