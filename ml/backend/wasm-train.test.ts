import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { disposeAdam } from "../model/adam";
import { disposeAutoencoder, type Autoencoder } from "../model/autoencoder";
import { deserializeCheckpoint } from "../model/checkpoint";
import { PRESETS } from "../model/presets";
import { createMemoryCheckpointStore } from "../storage/memory-checkpoint-store";
import { testFaceSets } from "../testing/face-sets";
import type { FaceSet } from "../train/face-set";
import { trainModel } from "../train/train-model";
import { selectBackend } from "./select-backend";
import { wasmThreads } from "./wasm-threads";

// Training end to end on the wasm backend, against the same training on cpu.
// On two threads whatever the unit project's default (vitest.config.ts runs
// the other files on one): the pool's start-up and resume's bit-identity are
// what this file proves.
process.env.ML_WASM_THREADS = "2";

const config = PRESETS.tiny;
let sets: { a: FaceSet; b: FaceSet };

beforeAll(async () => {
  await selectBackend("cpu", () => {});
  sets = await testFaceSets(config.resolution);
});

async function weights(model: Autoencoder): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [k, v] of model.params) out.set(k, (await v.data()) as Float32Array);
  return out;
}

describe("training on wasm", () => {
  it("follows the cpu backend's losses step by step and lowers the loss", async () => {
    const common = { ...sets, config, steps: 12, batchSize: 2, seed: 7, learningRate: 3e-3 };
    await selectBackend("cpu", () => {});
    const cpu = await trainModel(common);
    disposeAutoencoder(cpu.model);
    const info = await selectBackend("wasm", () => {});
    expect(info.backend).toBe("wasm");
    const wasm = await trainModel(common);
    expect(tf.getBackend()).toBe("wasm");
    disposeAutoencoder(wasm.model);
    // Float sums in another order drift a little over the steps; they stay the same run.
    wasm.losses.forEach((l, i) => expect(Math.abs(l - cpu.losses[i]!) / cpu.losses[i]!).toBeLessThan(2e-3));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(wasm.losses.slice(-4))).toBeLessThan(mean(wasm.losses.slice(0, 4)));
  });

  it("a resumed run continues bit-identically to an uninterrupted one, and the checkpoint records wasm", async () => {
    await selectBackend("wasm", () => {});
    const common = { ...sets, config, batchSize: 2, seed: 3, learningRate: 1e-3 };
    const straight = await trainModel({ ...common, steps: 6 });
    const store = createMemoryCheckpointStore();
    const first = await trainModel({ ...common, steps: 3, store, checkpointKey: "runs/w1.lkae" });
    disposeAutoencoder(first.model);
    const resumed = await trainModel({ ...common, steps: 6, store, checkpointKey: "runs/w1.lkae", resume: true });
    expect(resumed.resumedFrom).toBe(3);
    expect(resumed.losses).toEqual(straight.losses);
    const [w1, w2] = [await weights(straight.model), await weights(resumed.model)];
    for (const [k, v] of w1) expect(Buffer.from(w2.get(k)!.buffer).equals(Buffer.from(v.buffer))).toBe(true);
    const saved = deserializeCheckpoint((await store.get("runs/w1.lkae"))!);
    expect(saved.meta).toMatchObject({ step: 6, backend: "wasm" });
    // XNNPACK runs on every core (ML_WASM_THREADS), not tfjs's Node default of one thread.
    const threads = wasmThreads();
    expect(threads).toBe(2);
    expect(saved.meta.device).toMatch(new RegExp(`^tfjs wasm \\(.*, ${threads} threads?\\)$`));
    disposeAutoencoder(saved.model);
    if (saved.adam) disposeAdam(saved.adam);
    disposeAutoencoder(straight.model);
    disposeAutoencoder(resumed.model);
  });
});
