import * as tf from "@tensorflow/tfjs";
import { groupBySize, maxFlatElements } from "./webgpu-adam";
import { dispatchWgsl, webGpuBackend, webGpuFused, type WebGpuBackend } from "./webgpu-dispatch";

// Backward pieces of conv/dense + bias (+ LeakyReLU) as single kernels on
// webgpu. tfjs sums a bias gradient over the leading axes of [.., C] with a
// Transpose to [C, ..] and then a Reduce (2 launches), and takes the
// LeakyReLU derivative as step + mul (2 launches).

const WG = 256;

/**
 * WGSL body shared by both bias kernels: the workgroup sums column c of the
 * rows x C block of dz starting at `base` into out[outIndex]. Four
 * independent sums per thread keep several loads in flight; the summation
 * order is the same in both kernels, so their results are equal.
 */
const columnSum = (outIndex: string) => /* wgsl */ `
  var s = vec4<f32>(0.0);
  var r = t;
  for (; r + ${3 * WG}u < rows; r += ${4 * WG}u) {
    s += vec4<f32>(dz[base + r * C + c], dz[base + (r + ${WG}u) * C + c], dz[base + (r + ${2 * WG}u) * C + c], dz[base + (r + ${3 * WG}u) * C + c]);
  }
  for (; r < rows; r += ${WG}u) { s.x += dz[base + r * C + c]; }
  part[t] = (s.x + s.y) + (s.z + s.w);
  workgroupBarrier();
  for (var k2 = ${WG / 2}u; k2 > 0u; k2 = k2 >> 1u) {
    if (t < k2) { part[t] += part[t + k2]; }
    workgroupBarrier();
  }
  if (t == 0u) { out[${outIndex}] = part[0]; }`;

const BIAS = /* wgsl */ `
struct U { a: vec4<u32> } // (rows, channels, 0, 0)
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> dz: array<f32>;
@group(0) @binding(2) var<uniform> u: U;
var<workgroup> part: array<f32, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = wg.x; let rows = u.a.x; let C = u.a.y; let base = 0u;
${columnSum("c")}
}`;

/**
 * A LeakyReLU-derivative kernel: one thread per element i of dz, `gradient`
 * (WGSL) sets g, the incoming gradient for element i; tf.step(y, alpha):
 * y > 0 exactly when the pre-activation is.
 */
const leakyGradShader = (uniformNote: string, gradient: string) => /* wgsl */ `
struct U { a: vec4<u32>, f: vec4<f32> } // ${uniformNote}
@group(0) @binding(0) var<storage, read_write> dz: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<uniform> u: U;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * ${WG}u;
  if (i >= u.a.x) { return; }
  ${gradient}
  dz[i] = g * select(u.f.x, 1.0, y[i] > 0.0);
}`;

const LEAKY = leakyGradShader("a = (size, 0, 0, 0), f = (alpha, 0, 0, 0)", "let g = dy[i];");

/** Sum of dz [..., C] over every axis but the last, as one kernel (webgpu only; inside batchBiasGrads, part of one kernel for all). */
export function biasGradWebGpu(dz: tf.Tensor): tf.Tensor1D {
  const b = webGpuBackend();
  const c = dz.shape[dz.rank - 1]!;
  const out = b.makeTensorInfo([c], "float32");
  if (pending) {
    pending.push({ dz: tf.keep(tf.clone(dz)), out, channels: c });
    return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor1D;
  }
  dispatchWgsl(b, "BiasGradProgram", BIAS, out, [dz], b.makeUniforms([{ type: "uint32", data: [dz.size / c, c, 0, 0] }]), c * WG, WG);
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor1D;
}

/** dy * step(y, alpha), the LeakyReLU backward from its output, as one kernel (webgpu only). */
export function leakyGradWebGpu(dy: tf.Tensor, y: tf.Tensor, alpha: number): tf.Tensor {
  const b = webGpuBackend();
  const out = b.makeTensorInfo(y.shape, "float32");
  const uniforms = b.makeUniforms([
    { type: "uint32", data: [y.size, 0, 0, 0] },
    { type: "float32", data: [alpha, 0, 0, 0] },
  ]);
  dispatchWgsl(b, "LeakyGradProgram", LEAKY, out, [dy, y], uniforms, y.size, WG);
  return tf.engine().makeTensorFromTensorInfo(out);
}

// Bias gradients of a whole backward pass in one kernel. A bias gradient is
// needed by nothing but the optimizer, so inside batchBiasGrads each
// biasGradWebGpu only records its dz (a shared-buffer clone, no copy) and
// returns a tensor that is written when the scope ends: every dz is copied
// into one flat scratch buffer (copyBufferToBuffer on tfjs's encoder, no
// dispatch), one kernel sums every channel of every segment exactly as BIAS
// does (same order, same result), and each sum is copied into its tensor.
const BATCHED = /* wgsl */ `
struct U { a: vec4<u32> } // (segments, channels, 0, 0)
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> dz: array<f32>;
@group(0) @binding(2) var<storage, read> seg: array<i32>; // per segment: offset, rows, channels, first output channel
@group(0) @binding(3) var<uniform> u: U;
var<workgroup> part: array<f32, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let g = wg.x + wg.y * groups.x;
  if (g >= u.a.y) { return; }
  var k = 0u;
  for (; k + 1u < u.a.x; k++) { if (u32(seg[4u * (k + 1u) + 3u]) > g) { break; } }
  let base = u32(seg[4u * k]); let rows = u32(seg[4u * k + 1u]); let C = u32(seg[4u * k + 2u]);
  let c = g - u32(seg[4u * k + 3u]);
${columnSum("g")}
}`;

type PendingBias = { dz: tf.Tensor; out: tf.TensorInfo; channels: number };
let pending: PendingBias[] | null = null;

/**
 * Runs `f` (a gradient computation) with every biasGradWebGpu inside it
 * deferred to one kernel at the end (webgpu; elsewhere just f()). The bias
 * gradients f returns hold their values only once this returns: within f
 * nothing may read them or add them to another gradient (each bias feeds one
 * layer; the training steps use each layer once).
 */
export function batchBiasGrads<T>(f: () => T): T {
  if (!webGpuFused() || pending) return f();
  const jobs: PendingBias[] = (pending = []);
  try {
    const result = f();
    flushBiasGrads(jobs);
    return result;
  } finally {
    pending = null;
    for (const j of jobs) j.dz.dispose();
  }
}

function gpuBuffer(b: WebGpuBackend, dataId: object): GPUBuffer {
  b.uploadToGPU(dataId);
  return b.tensorMap.get(dataId).resource as GPUBuffer;
}

function flushBiasGrads(all: PendingBias[]): void {
  const b = webGpuBackend();
  // A gradient nobody kept (not asked for) needs no sum.
  const jobs = all.filter((j) => b.tensorMap.has(j.out.dataId) && j.channels > 0);
  for (const indices of groupBySize(
    jobs.map((j) => j.dz.size),
    maxFlatElements(),
  )) {
    const group = indices.map((i) => jobs[i]!);
    const table = new Int32Array(4 * group.length);
    let size = 0,
      channels = 0;
    group.forEach((j, k) => {
      table.set([size, j.dz.size / j.channels, j.channels, channels], 4 * k);
      size += j.dz.size;
      channels += j.channels;
    });
    const scratch = b.makeTensorInfo([size], "float32"),
      sums = b.makeTensorInfo([channels], "float32");
    const seg = tf.tensor1d(table, "int32");
    const scratchBuf = gpuBuffer(b, scratch.dataId);
    b.ensureCommandEncoderReady();
    b.endComputePassEncoder();
    group.forEach((j, k) =>
      b.commandEncoder.copyBufferToBuffer(gpuBuffer(b, j.dz.dataId), 0, scratchBuf, table[4 * k]! * 4, j.dz.size * 4),
    );
    const uniforms = b.makeUniforms([{ type: "uint32", data: [group.length, channels, 0, 0] }]);
    dispatchWgsl(b, "BatchedBiasGradProgram", BATCHED, sums, [scratch, seg], uniforms, channels * WG, WG);
    const sumsBuf = gpuBuffer(b, sums.dataId);
    b.ensureCommandEncoderReady();
    b.endComputePassEncoder();
    group.forEach((j, k) =>
      b.commandEncoder.copyBufferToBuffer(sumsBuf, table[4 * k + 3]! * 4, gpuBuffer(b, j.out.dataId), 0, j.channels * 4),
    );
    for (const j of group) {
      b.commandQueueOwnedIds.add(j.dz.dataId);
      b.commandQueueOwnedIds.add(j.out.dataId);
    }
    b.commandQueueOwnedIds.add(scratch.dataId);
    b.commandQueueOwnedIds.add(sums.dataId);
    b.disposeData(scratch.dataId);
    b.disposeData(sums.dataId);
    seg.dispose();
  }
}

// LeakyReLU derivative of an upscale block (conv + LeakyReLU, then 2x up)
// from the gradient at the upscaled size: the upsampling's backward is
// folded into the index arithmetic. "shuffle" (depth-to-space, the
// reshape/transpose of pixelShuffle in conv-leaky.ts): up[n, 2i+di, 2j+dj, k] =
// y[n, i, j, (2di+dj)F + k], so dz reads one element of dy instead of a
// Transpose. "nearest": up[n, 2i+di, 2j+dj, c] = y[n, i, j, c], so dz is the
// sum of the four (tfjs: ResizeNearestNeighborBackprop).
const upscaleLeaky = (mode: "shuffle" | "nearest") =>
  leakyGradShader(
    "a = (size, h, w, c), f = (alpha, 0, 0, 0)",
    `let H = u.a.y; let W = u.a.z; let C = u.a.w;
  let c = i % C; let p = i / C; let x = p % W; let q = p / W; let yy = q % H; let n = q / H;
  let row = (n * 2u * H + 2u * yy) * 2u * W + 2u * x; // dy pixel (2yy, 2x)
  ${
    mode === "shuffle"
      ? `let F = C / 4u; let d = c / F; let k = c % F;
  let g = dy[(row + (d / 2u) * 2u * W + (d % 2u)) * F + k];`
      : `let g = (dy[row * C + c] + dy[(row + 1u) * C + c]) + (dy[(row + 2u * W) * C + c] + dy[(row + 2u * W + 1u) * C + c]);`
  }`,
  );

/**
 * The backward of LeakyReLU then 2x upsampling from its conv output y
 * [B, H, W, C] and the gradient at the upsampled size dy ([B, 2H, 2W, C/4]
 * for "shuffle", [B, 2H, 2W, C] for "nearest"): one kernel (webgpu only).
 */
export function upscaleLeakyGradWebGpu(dy: tf.Tensor, y: tf.Tensor4D, alpha: number, mode: "shuffle" | "nearest"): tf.Tensor4D {
  const b = webGpuBackend();
  const [, h, w, c] = y.shape;
  const out = b.makeTensorInfo(y.shape, "float32");
  const uniforms = b.makeUniforms([
    { type: "uint32", data: [y.size, h, w, c] },
    { type: "float32", data: [alpha, 0, 0, 0] },
  ]);
  dispatchWgsl(
    b,
    mode === "shuffle" ? "UpscaleLeakyGradProgram" : "UpsampleLeakyGradProgram",
    upscaleLeaky(mode),
    out,
    [dy, y],
    uniforms,
    y.size,
    WG,
  );
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor4D;
}
