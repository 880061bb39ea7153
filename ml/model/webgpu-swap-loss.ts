import * as tf from "@tensorflow/tfjs";
import type { LossKind } from "./losses";
import { ssimWindowSize, ssimWindowValues } from "./ssim-window";
import { dispatchWgsl, webGpuBackend } from "./webgpu-dispatch";

// The per-decoder training loss as three WGSL kernels on the webgpu backend,
// from the decoder's pre-sigmoid output [B, R, R, 4] (face RGB + mask):
//   forward  1. SwapLossSsimProgram   SSIM map and its partial derivatives per window (ssim+l1 only)
//            2. SwapLossReduceProgram one workgroup sums SSIM, weighted L1 and mask MSE to the scalar
//   backward 3. SwapLossGradProgram   d loss / d logits (the sigmoid's derivative included)
// The tensor-op form (sigmoid, two slices, five depthwise convs and ~60
// elementwise kernels, about as many again backward) costs ~75 launches per
// decoder. Same formulas as losses.ts; the cpu backend keeps that form.

const WG = 256;

const header = (k: number) => /* wgsl */ `
struct U { a: vec4<u32>, b: vec4<u32>, f: vec4<f32> }
// a = (batch, height, width, ssim rows), b = (ssim cols, mode, 0, 0): mode 0 = ssim+l1, 1 = l1
// f = (1 / ssim count, 1 / l1 count, 1 / mask count, parts), counts per part (see fusedLossFromLogitsWebGpu)
const K: u32 = ${k}u;
const WIN = array<f32, ${k * k}>(${Array.from(ssimWindowValues(k), (v) => (v.toString().includes(".") || v.toString().includes("e") ? v.toString() : `${v}.0`)).join(", ")});
fn sig(a: f32) -> f32 { return 1.0 / (1.0 + exp(-1.0 * a)); }
`;

const SSIM = (k: number) => `${header(k)}
@group(0) @binding(0) var<storage, read_write> P: array<f32>;
@group(0) @binding(1) var<storage, read> L: array<f32>;
@group(0) @binding(2) var<storage, read> T: array<f32>;
@group(0) @binding(3) var<uniform> u: U;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let idx = gid.x + gid.y * groups.x * ${WG}u;
  let H = u.a.y; let W = u.a.z; let Ho = u.a.w; let Wo = u.b.x;
  if (idx >= u.a.x * Ho * Wo * 3u) { return; }
  let c = idx % 3u; let j = (idx / 3u) % Wo; let i = (idx / (3u * Wo)) % Ho; let n = idx / (3u * Wo * Ho);
  var mx = 0.0; var my = 0.0; var exx = 0.0; var eyy = 0.0; var exy = 0.0;
  for (var dy = 0u; dy < K; dy++) {
    for (var dx = 0u; dx < K; dx++) {
      let w = WIN[dy * K + dx];
      let p = (n * H + i + dy) * W + j + dx;
      let x = sig(L[p * 4u + c]); let y = T[p * 3u + c];
      mx += x * w; my += y * w; exx += (x * x) * w; eyy += (y * y) * w; exy += (x * y) * w;
    }
  }
  let c1 = 0.0001; let c2 = 0.0009;
  let mx2 = mx * mx; let my2 = my * my; let mxy = mx * my;
  let a1 = mxy * 2.0 + c1; let a2 = (exy - mxy) * 2.0 + c2;
  let b1 = mx2 + my2 + c1; let b2 = (exx - mx2) + (eyy - my2) + c2;
  let s = (a1 * a2) / (b1 * b2);
  // dS/d(mean x), dS/d(mean x^2), dS/d(mean xy): the backward spreads them over each window.
  P[idx * 4u] = s;
  P[idx * 4u + 1u] = 2.0 * my * (a2 - a1) / (b1 * b2) + 2.0 * mx * s * (1.0 / b2 - 1.0 / b1);
  P[idx * 4u + 2u] = -s / b2;
  P[idx * 4u + 3u] = 2.0 * a1 / (b1 * b2);
}`;

const REDUCE = (k: number) => `${header(k)}
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read> P: array<f32>;
@group(0) @binding(2) var<storage, read> L: array<f32>;
@group(0) @binding(3) var<storage, read> T: array<f32>;
@group(0) @binding(4) var<storage, read> M: array<f32>;
@group(0) @binding(5) var<uniform> u: U;
var<workgroup> part: array<vec3<f32>, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) t: u32) {
  let pixels = u.a.x * u.a.y * u.a.z;
  let ssim = u.b.y == 0u;
  var acc = vec3<f32>(0.0);
  if (ssim) {
    let ns = u.a.x * u.a.w * u.b.x * 3u;
    for (var q = t; q < ns; q += ${WG}u) { acc.x += P[q * 4u]; }
  }
  for (var q = t; q < pixels * 3u; q += ${WG}u) {
    let p = q / 3u;
    let d = abs(sig(L[p * 4u + q % 3u]) - T[q]);
    if (ssim) { acc.y += d * (M[p] * 0.9 + 0.1); } else { acc.y += d; }
  }
  if (ssim) {
    for (var p = t; p < pixels; p += ${WG}u) { let d = sig(L[p * 4u + 3u]) - M[p]; acc.z += d * d; }
  }
  part[t] = acc;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (t < s) { part[t] += part[t + s]; }
    workgroupBarrier();
  }
  if (t == 0u) {
    let r = part[0];
    if (ssim) { out[0] = (u.f.w - r.x * u.f.x) / 2.0 + r.y * u.f.y + r.z * u.f.z; } else { out[0] = r.y * u.f.y; }
  }
}`;

const GRAD = (k: number) => `${header(k)}
@group(0) @binding(0) var<storage, read_write> G: array<f32>;
@group(0) @binding(1) var<storage, read> P: array<f32>;
@group(0) @binding(2) var<storage, read> L: array<f32>;
@group(0) @binding(3) var<storage, read> T: array<f32>;
@group(0) @binding(4) var<storage, read> M: array<f32>;
@group(0) @binding(5) var<storage, read> DY: array<f32>;
@group(0) @binding(6) var<uniform> u: U;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let idx = gid.x + gid.y * groups.x * ${WG}u;
  let H = u.a.y; let W = u.a.z; let Ho = u.a.w; let Wo = u.b.x;
  if (idx >= u.a.x * H * W * 4u) { return; }
  let ch = idx % 4u; let p = idx / 4u;
  let col = p % W; let row = (p / W) % H; let n = p / (W * H);
  let s = sig(L[idx]);
  var g = 0.0;
  if (u.b.y == 0u) {
    if (ch == 3u) {
      g = 2.0 * (s - M[p]) * u.f.z;
    } else {
      let y = T[p * 3u + ch];
      var ga = 0.0; var gb = 0.0; var gc = 0.0;
      for (var dy = 0u; dy < K; dy++) {
        if (row < dy || row - dy >= Ho) { continue; }
        for (var dx = 0u; dx < K; dx++) {
          if (col < dx || col - dx >= Wo) { continue; }
          let w = WIN[dy * K + dx];
          let q = (((n * Ho + row - dy) * Wo + col - dx) * 3u + ch) * 4u;
          ga += w * P[q + 1u]; gb += w * P[q + 2u]; gc += w * P[q + 3u];
        }
      }
      let sgn = select(-1.0, 1.0, s - y > 0.0);
      g = -0.5 * u.f.x * (ga + 2.0 * s * gb + y * gc) + sgn * (M[p] * 0.9 + 0.1) * u.f.y;
    }
  } else if (ch < 3u) {
    g = select(-1.0, 1.0, s - T[p * 3u + ch] > 0.0) * u.f.y;
  }
  G[idx] = DY[0] * g * (s * (1.0 - s));
}`;

/**
 * The loss of reconstructionLoss(kind, sigmoid(logits)[..3], sigmoid(logits)[3], target, targetMask)
 * with its gradient to the logits, in 2 (l1: 1) forward and 1 backward kernel. webgpu backend only.
 * With `parts` > 1 the batch is that many equal batches stacked and the value
 * is the sum of their losses (each a mean over its own part), so both
 * decoders' losses take one set of kernels (train-step.ts).
 */
export function fusedLossFromLogitsWebGpu(
  kind: LossKind,
  logits: tf.Tensor4D,
  target: tf.Tensor4D,
  mask?: tf.Tensor4D,
  parts = 1,
): tf.Scalar {
  const [batch, h, w, c] = logits.shape;
  if (!Number.isInteger(parts) || parts < 1 || batch % parts !== 0) throw new Error("fused loss: the batch must split into equal parts");
  // Means are per part (n samples each); the kernels loop over the whole batch.
  const n = batch / parts;
  // l1 reads no mask; the target fills its binding.
  const targetMask = mask ?? target;
  if (kind === "ssim+l1" && !mask) throw new Error("fused loss: ssim+l1 needs the target mask");
  if (c !== 4 || target.shape[3] !== 3 || target.size !== batch * h * w * 3 || (mask && mask.size !== batch * h * w))
    throw new Error("fused loss: expects logits [B,R,R,4], target [B,R,R,3], mask [B,R,R,1]");
  const b = webGpuBackend();
  const k = ssimWindowSize(h);
  const ho = h - k + 1,
    wo = w - k + 1;
  const ssim = kind === "ssim+l1";
  const makeUniforms = () =>
    b.makeUniforms([
      { type: "uint32", data: [batch, h, w, ho] },
      { type: "uint32", data: [wo, ssim ? 0 : 1, 0, 0] },
      { type: "float32", data: [1 / (n * ho * wo * 3), 1 / (n * h * w * 3), 1 / (n * h * w), parts] },
    ]);
  const engine = tf.engine();
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
    const uniforms = makeUniforms();
    let map: tf.Tensor = x; // l1 reads no SSIM map; the logits fill its binding
    if (ssim) {
      const mapInfo = b.makeTensorInfo([batch * ho * wo * 3 * 4], "float32");
      dispatchWgsl(b, "SwapLossSsimProgram", SSIM(k), mapInfo, [x, target], uniforms, batch * ho * wo * 3, WG);
      map = engine.makeTensorFromTensorInfo(mapInfo);
    }
    const valueInfo = b.makeTensorInfo([], "float32");
    dispatchWgsl(b, "SwapLossReduceProgram", REDUCE(k), valueInfo, [map, x, target, targetMask], uniforms, WG, WG);
    save([x, map]);
    return {
      value: engine.makeTensorFromTensorInfo(valueInfo) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ms] = saved as [tf.Tensor4D, tf.Tensor];
        const gradInfo = b.makeTensorInfo(xs.shape, "float32");
        dispatchWgsl(b, "SwapLossGradProgram", GRAD(k), gradInfo, [ms, xs, target, targetMask, dy], makeUniforms(), xs.size, WG);
        return [engine.makeTensorFromTensorInfo(gradInfo)];
      },
    };
  });
  return op(logits) as tf.Scalar;
}
