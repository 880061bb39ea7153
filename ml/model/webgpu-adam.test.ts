import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { countDispatches } from "../backend/webgpu-dispatch-counter";
import { createRng } from "../util/rng";
import { adamUpdate, createAdam, disposeAdam } from "./adam";

// Runs where Dawn finds a Vulkan adapter (a GPU, or Mesa 25 lavapipe on a dev
// machine: ml/README.md); CI has none and stays on the cpu backend.
const webgpu = await selectBackend("webgpu", () => {}).then(() => true, () => false);

const SHAPES: Record<string, number[]> = { "conv/w": [3, 3, 4, 8], "conv/b": [8], "dense/w": [70, 33], "frozen/w": [5] };

/** Three Adam steps on fixed values; "frozen" gets no gradient, as dec_b in a reference step. */
async function run(): Promise<Map<string, Float32Array>> {
  const rng = createRng(5);
  const fill = (shape: number[], scale: number) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rng.next() - 0.5) * scale), shape);
  const params = new Map([...Object.entries(SHAPES)].map(([k, s]) => [k, tf.variable(fill(s, 2), true, `adamtest-${tf.getBackend()}-${k}-${Math.random()}`)]));
  const adam = createAdam(params, 1e-2);
  for (let step = 0; step < 3; step++) {
    const grads: Record<string, tf.Tensor> = {};
    for (const [k, p] of params) if (k !== "frozen/w") grads[p.name] = fill(p.shape, step === 1 ? 1e-4 : 3);
    adamUpdate(adam, params, grads);
    for (const g of Object.values(grads)) g.dispose();
  }
  const out = new Map<string, Float32Array>();
  for (const [k, p] of params) out.set(`p/${k}`, (await p.data()) as Float32Array);
  for (const [k, m] of adam.m) out.set(`m/${k}`, (await m.data()) as Float32Array);
  for (const [k, v] of adam.v) out.set(`v/${k}`, (await v.data()) as Float32Array);
  disposeAdam(adam);
  for (const p of params.values()) p.dispose();
  return out;
}

describe.skipIf(!webgpu)("fused Adam on webgpu", () => {
  it("updates parameters and moments as the tensor-op Adam on cpu does", async () => {
    await selectBackend("webgpu", () => {});
    const onGpu = await run();
    await selectBackend("cpu", () => {});
    const onCpu = await run();
    for (const [k, want] of onCpu) {
      const got = onGpu.get(k)!;
      want.forEach((w, i) => expect(Math.abs(got[i]! - w), `${k}[${i}]`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(w))));
    }
  });

  it("launches one kernel per trained parameter", async () => {
    await selectBackend("webgpu", () => {});
    const params = new Map([...Object.entries(SHAPES)].map(([k, s]) => [k, tf.variable(tf.ones(s), true, `adamcount-${k}-${Math.random()}`)]));
    const adam = createAdam(params, 1e-3);
    const grads = Object.fromEntries([...params].map(([, p]) => [p.name, tf.onesLike(p)]));
    const { count } = await countDispatches(async () => { adamUpdate(adam, params, grads); await params.get("conv/w")!.data(); });
    expect(count.kinds).toEqual({ FusedAdamProgram: params.size });
    for (const g of Object.values(grads)) g.dispose();
    disposeAdam(adam);
    for (const p of params.values()) p.dispose();
  });
});
