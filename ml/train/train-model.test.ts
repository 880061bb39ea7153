import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { createAdam, disposeAdam } from "../model/adam";
import { createAutoencoder, disposeAutoencoder, type Autoencoder } from "../model/autoencoder";
import { deserializeCheckpoint } from "../model/checkpoint";
import { PRESETS, type ModelConfig } from "../model/presets";
import { createMemoryCheckpointStore } from "../storage/memory-checkpoint-store";
import { testFaceSets } from "../testing/face-sets";
import { createRng } from "../util/rng";
import { disposeBatch, nextBatch } from "./batch";
import type { FaceSet } from "./face-set";
import { trainModel } from "./train-model";
import { trainStep } from "./train-step";

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

describe("training", () => {
  it("lowers the loss on a small set of real faces", async () => {
    const progress: number[] = [];
    const r = await trainModel({
      ...sets,
      config,
      steps: 24,
      batchSize: 2,
      seed: 7,
      learningRate: 3e-3,
      onProgress: (p) => progress.push(p.step),
    });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(r.losses.slice(-5))).toBeLessThan(mean(r.losses.slice(0, 5)) * 0.85);
    expect(progress).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    disposeAutoencoder(r.model);
  });

  it("a resumed run continues bit-identically to an uninterrupted one", async () => {
    const common = { ...sets, config, batchSize: 2, seed: 3, learningRate: 1e-3 };
    const straight = await trainModel({ ...common, steps: 6 });
    const store = createMemoryCheckpointStore();
    const first = await trainModel({ ...common, steps: 3, store, checkpointKey: "runs/r1.lkae" });
    disposeAutoencoder(first.model);
    const resumed = await trainModel({ ...common, steps: 6, store, checkpointKey: "runs/r1.lkae", resume: true });
    expect(resumed.resumedFrom).toBe(3);
    expect(resumed.losses).toEqual(straight.losses);
    const [w1, w2] = [await weights(straight.model), await weights(resumed.model)];
    for (const [k, v] of w1) expect(Buffer.from(w2.get(k)!.buffer).equals(Buffer.from(v.buffer))).toBe(true);
    const saved = deserializeCheckpoint((await store.get("runs/r1.lkae"))!);
    expect(saved.meta.step).toBe(6);
    expect(saved.meta.backend).toBe("cpu");
    disposeAutoencoder(saved.model);
    if (saved.adam) disposeAdam(saved.adam);
    disposeAutoencoder(straight.model);
    disposeAutoencoder(resumed.model);
  });

  it("a training stopped by stopSignal checkpoints the step it finished and a resumed run continues from it", async () => {
    const common = { ...sets, config, batchSize: 2, seed: 4, learningRate: 1e-3 };
    const straight = await trainModel({ ...common, steps: 5 });
    const store = createMemoryCheckpointStore(),
      stop = new AbortController();
    const stopped = trainModel({
      ...common,
      steps: 5,
      store,
      checkpointKey: "runs/stop.lkae",
      checkpointEvery: 100,
      // Fired while step 2 reports progress, as a SIGINT handler would fire between steps.
      onProgress: (p) => {
        if (p.step === 2) stop.abort();
      },
      stopSignal: stop.signal,
    });
    await expect(stopped).rejects.toMatchObject({ name: "AbortError", message: expect.stringMatching(/checkpoint saved at step 2/) });
    const saved = deserializeCheckpoint((await store.get("runs/stop.lkae"))!);
    expect(saved.meta.step).toBe(2);
    expect(saved.meta.losses).toEqual(straight.losses.slice(0, 2));
    disposeAutoencoder(saved.model);
    disposeAdam(saved.adam!);
    const resumed = await trainModel({ ...common, steps: 5, store, checkpointKey: "runs/stop.lkae", resume: true });
    expect(resumed.resumedFrom).toBe(2);
    expect(resumed.losses).toEqual(straight.losses);
    disposeAutoencoder(straight.model);
    disposeAutoencoder(resumed.model);
  });

  it("a training cancelled by signal rejects at once and writes no checkpoint", async () => {
    const store = createMemoryCheckpointStore(),
      cancel = new AbortController();
    const run = trainModel({
      ...sets,
      config,
      steps: 5,
      batchSize: 2,
      store,
      checkpointKey: "runs/cancel.lkae",
      signal: cancel.signal,
      onProgress: (p) => {
        if (p.step === 2) cancel.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: "AbortError", message: "training cancelled" });
    expect(await store.get("runs/cancel.lkae")).toBeUndefined();
  });

  it("trains at the preset's learning rate unless one is given, and resumes checkpoints whose config has none", async () => {
    const store = createMemoryCheckpointStore();
    const rateOf = async (key: string) => {
      const ck = deserializeCheckpoint((await store.get(key))!);
      disposeAutoencoder(ck.model);
      disposeAdam(ck.adam!);
      return ck.adam!.learningRate;
    };
    disposeAutoencoder(
      (
        await trainModel({
          ...sets,
          config: { ...config, learningRate: 7e-4 },
          steps: 1,
          batchSize: 1,
          store,
          checkpointKey: "preset.lkae",
        })
      ).model,
    );
    expect(await rateOf("preset.lkae")).toBeCloseTo(7e-4, 10);
    disposeAutoencoder(
      (
        await trainModel({
          ...sets,
          config: { ...config, learningRate: 7e-4 },
          steps: 1,
          batchSize: 1,
          learningRate: 2e-5,
          store,
          checkpointKey: "explicit.lkae",
        })
      ).model,
    );
    expect(await rateOf("explicit.lkae")).toBeCloseTo(2e-5, 10);
    // A checkpoint written before configs carried a rate: same layout, so it resumes at its stored rate.
    const { learningRate: _dropped, ...older } = config as ModelConfig;
    disposeAutoencoder(
      (await trainModel({ ...sets, config: older, steps: 1, batchSize: 1, learningRate: 3e-4, store, checkpointKey: "old.lkae" })).model,
    );
    const resumed = await trainModel({ ...sets, config, steps: 2, batchSize: 1, store, checkpointKey: "old.lkae", resume: true });
    expect(resumed.resumedFrom).toBe(1);
    expect(await rateOf("old.lkae")).toBeCloseTo(3e-4, 10);
    disposeAutoencoder(resumed.model);
  });

  it("a train step leaves no tensors behind", () => {
    const model = createAutoencoder(config, 1);
    const adam = createAdam(model.params, 1e-3);
    const rng = createRng(1);
    const step = () => {
      const a = nextBatch(sets.a, 2, rng),
        b = nextBatch(sets.b, 2, rng);
      trainStep(model, adam, a, b, "ssim+l1").dispose();
      disposeBatch(a);
      disposeBatch(b);
    };
    step(); // first call caches the SSIM window
    const before = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(before);
    disposeAdam(adam);
    disposeAutoencoder(model);
  });

  it("creating, checkpointing, loading and disposing a model and its optimizer leaves no tensors", async () => {
    const store = createMemoryCheckpointStore();
    disposeAutoencoder((await trainModel({ ...sets, config, steps: 1, batchSize: 1, store, checkpointKey: "k.lkae" })).model); // caches the SSIM window
    const before = tf.memory().numTensors;
    disposeAutoencoder((await trainModel({ ...sets, config, steps: 2, batchSize: 1, store, checkpointKey: "k.lkae", resume: true })).model);
    const ck = deserializeCheckpoint((await store.get("k.lkae"))!);
    disposeAutoencoder(ck.model);
    disposeAdam(ck.adam!);
    const model = createAutoencoder(config, 2);
    disposeAdam(createAdam(model.params, 1e-3));
    disposeAutoencoder(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("refuses face sets whose resolution does not match the model", async () => {
    await expect(trainModel({ a: { ...sets.a, resolution: 64 }, b: sets.b, config, steps: 1 })).rejects.toThrow(/needs 32 px/);
  });
});
