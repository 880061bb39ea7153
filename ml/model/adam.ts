import * as tf from "@tensorflow/tfjs";
import { fusedAdamWebGpu } from "./webgpu-adam";

// A small Adam whose whole state (moments and step count) is plain named
// tensors, so a checkpoint holds it exactly and a resumed run matches an
// uninterrupted one bit for bit.
export type AdamState = {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  step: number;
  m: Map<string, tf.Variable>;
  v: Map<string, tf.Variable>;
};

let instance = 0;

export function createAdam(params: Map<string, tf.Variable>, learningRate: number, beta1 = 0.5, beta2 = 0.999, epsilon = 1e-7): AdamState {
  const id = ++instance;
  const zeros = (slot: string) => new Map([...params].map(([k, p]) => [k, tf.variable(tf.zerosLike(p), false, `adam${id}/${slot}/${k}`)]));
  return { learningRate, beta1, beta2, epsilon, step: 0, m: zeros("m"), v: zeros("v") };
}

export function adamUpdate(state: AdamState, params: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>): void {
  state.step += 1;
  const { beta1: b1, beta2: b2, epsilon, step } = state;
  const lr = (state.learningRate * Math.sqrt(1 - b2 ** step)) / (1 - b1 ** step);
  // ML_WEBGPU_FUSED=0 keeps the tensor-op form, for A/B benchmarks.
  if (tf.getBackend() === "webgpu" && process.env.ML_WEBGPU_FUSED !== "0") {
    const updates = [...params].filter(([, p]) => grads[p.name]).map(([name, p]) => ({ p, m: state.m.get(name)!, v: state.v.get(name)!, g: grads[p.name]! }));
    fusedAdamWebGpu(updates, { lr, beta1: b1, beta2: b2, epsilon });
    return;
  }
  tf.tidy(() => {
    for (const [name, p] of params) {
      const g = grads[p.name];
      if (!g) continue;
      const m = state.m.get(name)!, v = state.v.get(name)!;
      const m1 = m.mul(b1).add(g.mul(1 - b1));
      const v1 = v.mul(b2).add(g.square().mul(1 - b2));
      m.assign(m1);
      v.assign(v1);
      p.assign(p.sub(m1.mul(lr).div(v1.sqrt().add(epsilon))));
    }
  });
}

export function disposeAdam(state: AdamState): void {
  for (const t of [...state.m.values(), ...state.v.values()]) t.dispose();
}
