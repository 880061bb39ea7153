import * as tf from "@tensorflow/tfjs";
import type { RngState } from "../util/rng";
import type { AdamState } from "./adam";
import { adamMomentEntries, createAdam } from "./adam";
import { createAutoencoder, type Autoencoder } from "./autoencoder";
import type { ModelConfig } from "./presets";

// Layout: "LKAE" | u32 header length | header JSON | zero padding to 4 bytes
// | float32 tensor data in header order. One self-describing blob, so any
// byte store can hold it.
const MAGIC = "LKAE";
const VERSION = 1;

export type CheckpointMeta = {
  step: number;
  seed: number;
  rngState: RngState;
  backend: string;
  device: string;
  lossKind: string;
  batchSize: number;
  /** Loss per step so far, so a resumed run's history is whole. */
  losses: number[];
};

type Header = CheckpointMeta & {
  format: typeof MAGIC;
  version: number;
  config: ModelConfig;
  adam: { learningRate: number; beta1: number; beta2: number; epsilon: number; step: number } | null;
  tensors: Array<{ name: string; shape: number[] }>;
};

export async function serializeCheckpoint(model: Autoencoder, adam: AdamState | null, meta: CheckpointMeta): Promise<Uint8Array> {
  const entries: Array<{ name: string; shape: number[]; read: () => Promise<Float32Array> }> = [...model.params].map(([k, v]) => ({
    name: `param/${k}`,
    shape: v.shape,
    read: () => v.data() as Promise<Float32Array>,
  }));
  // adam.m/<param> for every parameter, then adam.v/<param> (flat on webgpu, split here).
  if (adam) entries.push(...adamMomentEntries(adam));
  const header: Header = {
    format: MAGIC,
    version: VERSION,
    ...meta,
    config: model.config,
    adam: adam && { learningRate: adam.learningRate, beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon, step: adam.step },
    tensors: entries.map(({ name, shape }) => ({ name, shape })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = align4(8 + json.length);
  const total = headerEnd + entries.reduce((s, { shape }) => s + shape.reduce((a, b) => a * b, 1) * 4, 0);
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  let offset = headerEnd;
  for (const { read } of entries) {
    const data = await read();
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    offset += data.byteLength;
  }
  return out;
}

export type LoadedCheckpoint = { model: Autoencoder; adam: AdamState | null; meta: CheckpointMeta };

export function deserializeCheckpoint(bytes: Uint8Array, withOptimizer = true): LoadedCheckpoint {
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error("not a Likeness model checkpoint (bad magic)");
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as Header;
  if (header.version !== VERSION) throw new Error(`checkpoint version ${header.version} is not supported (expected ${VERSION})`);
  // Build the model with throwaway init, then overwrite every tensor.
  const model = createAutoencoder(header.config, 0);
  const adam =
    withOptimizer && header.adam
      ? createAdam(model.params, header.adam.learningRate, header.adam.beta1, header.adam.beta2, header.adam.epsilon)
      : null;
  if (adam && header.adam) adam.step = header.adam.step;
  const aligned = new Uint8Array(bytes.length - align4(8 + len));
  aligned.set(bytes.subarray(align4(8 + len)));
  let offset = 0;
  for (const t of header.tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    const slot = t.name.indexOf("/");
    const kind = t.name.slice(0, slot),
      key = t.name.slice(slot + 1);
    const target = kind === "param" ? model.params.get(key) : kind === "adam.m" ? adam?.m.get(key) : adam?.v.get(key);
    if (kind === "param" && !target) throw new Error(`checkpoint tensor ${t.name} does not belong to model ${header.config.name}`);
    if (target) {
      const value = tf.tensor(new Float32Array(aligned.buffer, offset * 4, size), t.shape);
      target.assign(value);
      value.dispose();
    }
    offset += size;
  }
  const { format: _f, version: _v, config: _c, adam: _a, tensors: _t, ...meta } = header;
  return { model, adam, meta };
}

const align4 = (n: number) => (n + 3) & ~3;
