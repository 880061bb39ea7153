import * as tf from "@tensorflow/tfjs";
import { variableFrom } from "./variable-from";
import { fusedAdamWebGpu, groupBySize, maxFlatElements, type FlatGroup } from "./webgpu-adam";
import { webGpuFused } from "./webgpu-dispatch";

// A small Adam whose whole state (moments and step count) is plain named
// tensors, so a checkpoint holds it exactly and a resumed run matches an
// uninterrupted one bit for bit.
//
// The moments are kept in one of two forms, switched lazily by adamUpdate:
// per parameter (m, v; the tensor-op update, the cpu backend) or, on webgpu,
// flat (one m and one v tensor for all parameters trained together, so one
// dispatch updates them all: webgpu-adam.ts). Read them through
// adamMomentEntries, which covers both.
export type AdamState = {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  step: number;
  /** Moments per parameter; parameters whose moments are in `flat` are absent here. */
  m: Map<string, tf.Variable>;
  v: Map<string, tf.Variable>;
  /** webgpu: moments of the parameters updated together (key: their names), flat; null in the per-parameter form. */
  flat: { key: string; groups: FlatGroup[] } | null;
  /** Every parameter's shape, in the order a checkpoint stores the moments. */
  shapes: Map<string, number[]>;
  /** Largest flat group in elements (tests); the device's largest storage binding otherwise. */
  maxFlatElements?: number;
  id: number;
};

let instance = 0;
let flatInstance = 0;

export function createAdam(params: Map<string, tf.Variable>, learningRate: number, beta1 = 0.5, beta2 = 0.999, epsilon = 1e-7): AdamState {
  const id = ++instance;
  const zeros = (slot: string) => new Map([...params].map(([k, p]) => [k, variableFrom(tf.zerosLike(p), false, `adam${id}/${slot}/${k}`)]));
  return {
    learningRate,
    beta1,
    beta2,
    epsilon,
    step: 0,
    m: zeros("m"),
    v: zeros("v"),
    flat: null,
    shapes: new Map([...params].map(([k, p]) => [k, p.shape])),
    id,
  };
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Moves the moments of `names` from per-parameter variables into flat groups. */
function flatten(state: AdamState, names: string[], key: string): void {
  const sizes = names.map((n) => sizeOf(state.shapes.get(n)!));
  const limit = state.maxFlatElements ?? maxFlatElements();
  const groups = groupBySize(sizes, limit).map((indices): FlatGroup => {
    const groupNames = indices.map((i) => names[i]!),
      groupSizes = indices.map((i) => sizes[i]!);
    const offsets: number[] = [];
    let size = 0;
    for (const s of groupSizes) {
      offsets.push(size);
      size += s;
    }
    const flat = (slot: "m" | "v") => {
      const init = tf.tidy(() => tf.concat(groupNames.map((n) => state[slot].get(n)!.reshape([-1]))));
      const v = tf.variable(init, false, `adam${state.id}/flat${++flatInstance}/${slot}`);
      init.dispose();
      for (const n of groupNames) {
        state[slot].get(n)!.dispose();
        state[slot].delete(n);
      }
      return v;
    };
    return { names: groupNames, offsets, sizes: groupSizes, size, m: flat("m"), v: flat("v") };
  });
  state.flat = { key, groups };
}

/** Moves flat moments back into one variable per parameter (exact copies). */
function unflatten(state: AdamState): void {
  if (!state.flat) return;
  for (const g of state.flat.groups) {
    g.names.forEach((n, k) => {
      for (const slot of ["m", "v"] as const) {
        const init = tf.tidy(() => g[slot].slice(g.offsets[k]!, g.sizes[k]!).reshape(state.shapes.get(n)!));
        state[slot].set(n, tf.variable(init, false, `adam${state.id}/${slot}/${n}`));
        init.dispose();
      }
    });
    g.m.dispose();
    g.v.dispose();
  }
  state.flat = null;
}

export function adamUpdate(state: AdamState, params: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>): void {
  state.step += 1;
  const { beta1: b1, beta2: b2, epsilon, step } = state;
  const lr = (state.learningRate * Math.sqrt(1 - b2 ** step)) / (1 - b1 ** step);
  // ML_WEBGPU_FUSED=0 keeps the tensor-op form, for A/B benchmarks.
  if (webGpuFused()) {
    const names = [...params].filter(([, p]) => grads[p.name]).map(([name]) => name);
    const key = names.join("\n");
    if (state.flat?.key !== key) {
      unflatten(state);
      flatten(state, names, key);
    }
    for (const group of state.flat!.groups) {
      const updates = group.names.map((n) => {
        const p = params.get(n)!;
        return { p, g: grads[p.name]! };
      });
      fusedAdamWebGpu(group, updates, { lr, beta1: b1, beta2: b2, epsilon });
    }
    return;
  }
  unflatten(state);
  tf.tidy(() => {
    for (const [name, p] of params) {
      const g = grads[p.name];
      if (!g) continue;
      const m = state.m.get(name)!,
        v = state.v.get(name)!;
      const m1 = m.mul(b1).add(g.mul(1 - b1));
      const v1 = v.mul(b2).add(g.square().mul(1 - b2));
      m.assign(m1);
      v.assign(v1);
      p.assign(p.sub(m1.mul(lr).div(v1.sqrt().add(epsilon))));
    }
  });
}

/**
 * Every moment tensor as a checkpoint stores it: `adam.m/<param>` for all
 * parameters, then `adam.v/<param>`, each with its parameter's shape, in
 * either form (a flat group is read back once).
 */
export function adamMomentEntries(state: AdamState): Array<{ name: string; shape: number[]; read: () => Promise<Float32Array> }> {
  const reads = new Map<tf.Tensor, Promise<Float32Array>>();
  const readAll = (t: tf.Tensor) => {
    let r = reads.get(t);
    if (!r) reads.set(t, (r = t.data() as Promise<Float32Array>));
    return r;
  };
  const entries: Array<{ name: string; shape: number[]; read: () => Promise<Float32Array> }> = [];
  for (const slot of ["m", "v"] as const) {
    for (const [name, shape] of state.shapes) {
      const own = state[slot].get(name);
      if (own) {
        entries.push({ name: `adam.${slot}/${name}`, shape, read: () => own.data() as Promise<Float32Array> });
        continue;
      }
      const g = state.flat?.groups.find((x) => x.names.includes(name));
      if (!g) throw new Error(`adam: no moments for ${name}`);
      const k = g.names.indexOf(name);
      entries.push({
        name: `adam.${slot}/${name}`,
        shape,
        read: async () => (await readAll(g[slot])).subarray(g.offsets[k]!, g.offsets[k]! + g.sizes[k]!),
      });
    }
  }
  return entries;
}

export function disposeAdam(state: AdamState): void {
  for (const t of [...state.m.values(), ...state.v.values()]) t.dispose();
  for (const g of state.flat?.groups ?? []) {
    g.m.dispose();
    g.v.dispose();
  }
  state.flat = null;
}
