import * as tf from "@tensorflow/tfjs";
import { dispatchWgsl, webGpuBackend } from "./webgpu-dispatch";

// Backward pieces of conv/dense + bias (+ LeakyReLU) as single kernels on
// webgpu. tfjs sums a bias gradient over the leading axes of [.., C] with a
// Transpose to [C, ..] and then a Reduce (2 launches), and takes the
// LeakyReLU derivative as step + mul (2 launches).

const WG = 256;

const BIAS = /* wgsl */ `
struct U { a: vec4<u32> } // (rows, channels, 0, 0)
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> dz: array<f32>;
@group(0) @binding(2) var<uniform> u: U;
var<workgroup> part: array<f32, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = wg.x; let rows = u.a.x; let C = u.a.y;
  // Four independent sums per thread keep several loads in flight.
  var s = vec4<f32>(0.0);
  var r = t;
  for (; r + ${3 * WG}u < rows; r += ${4 * WG}u) {
    s += vec4<f32>(dz[r * C + c], dz[(r + ${WG}u) * C + c], dz[(r + ${2 * WG}u) * C + c], dz[(r + ${3 * WG}u) * C + c]);
  }
  for (; r < rows; r += ${WG}u) { s.x += dz[r * C + c]; }
  part[t] = (s.x + s.y) + (s.z + s.w);
  workgroupBarrier();
  for (var k = ${WG / 2}u; k > 0u; k = k >> 1u) {
    if (t < k) { part[t] += part[t + k]; }
    workgroupBarrier();
  }
  if (t == 0u) { out[c] = part[0]; }
}`;

const LEAKY = /* wgsl */ `
struct U { a: vec4<u32>, f: vec4<f32> } // a = (size, 0, 0, 0), f = (alpha, 0, 0, 0)
@group(0) @binding(0) var<storage, read_write> dz: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<uniform> u: U;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * ${WG}u;
  if (i >= u.a.x) { return; }
  // tf.step(y, alpha): y > 0 exactly when the pre-activation is.
  dz[i] = dy[i] * select(u.f.x, 1.0, y[i] > 0.0);
}`;

/** Sum of dz [..., C] over every axis but the last, as one kernel (webgpu only). */
export function biasGradWebGpu(dz: tf.Tensor): tf.Tensor1D {
  const b = webGpuBackend();
  const c = dz.shape[dz.rank - 1]!;
  const out = b.makeTensorInfo([c], "float32");
  dispatchWgsl(b, "BiasGradProgram", BIAS, out, [dz], b.makeUniforms([{ type: "uint32", data: [dz.size / c, c, 0, 0] }]), c * WG, WG);
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor1D;
}

/** dy * step(y, alpha), the LeakyReLU backward from its output, as one kernel (webgpu only). */
export function leakyGradWebGpu(dy: tf.Tensor, y: tf.Tensor, alpha: number): tf.Tensor {
  const b = webGpuBackend();
  const out = b.makeTensorInfo(y.shape, "float32");
  const uniforms = b.makeUniforms([{ type: "uint32", data: [y.size, 0, 0, 0] }, { type: "float32", data: [alpha, 0, 0, 0] }]);
  dispatchWgsl(b, "LeakyGradProgram", LEAKY, out, [dy, y], uniforms, y.size, WG);
  return tf.engine().makeTensorFromTensorInfo(out);
}
