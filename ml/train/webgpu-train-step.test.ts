import { describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { createAdam, disposeAdam } from "../model/adam";
import { createAutoencoder, disposeAutoencoder } from "../model/autoencoder";
import { PRESETS } from "../model/presets";
import { testFaceSets } from "../testing/face-sets";
import { createRng } from "../util/rng";
import { disposeBatch, nextBatch } from "./batch";
import type { FaceSet } from "./face-set";
import { trainStep } from "./train-step";

// Needs a WebGPU adapter (a GPU, or Mesa 25 lavapipe: ml/README.md); CI has
// none and runs everything else on cpu.
const webgpu = await selectBackend("webgpu", () => {}).then(
  () => true,
  () => false,
);

/** Losses and two weights after a few steps of the tiny model, same seed and batches on whichever backend is active. */
async function train(sets: { a: FaceSet; b: FaceSet }): Promise<{ losses: number[]; weights: Float32Array[] }> {
  const model = createAutoencoder(PRESETS.tiny, 2);
  const adam = createAdam(model.params, 1e-3);
  const rng = createRng(9),
    losses: number[] = [];
  for (let i = 0; i < 4; i++) {
    const a = nextBatch(sets.a, 2, rng),
      b = nextBatch(sets.b, 2, rng);
    const loss = trainStep(model, adam, a, b, "ssim+l1");
    losses.push((await loss.data())[0]!);
    loss.dispose();
    disposeBatch(a);
    disposeBatch(b);
  }
  const weights = [
    (await model.params.get("enc/conv0/w")!.data()) as Float32Array,
    (await model.params.get("dec_b/out/b")!.data()) as Float32Array,
  ];
  disposeAdam(adam);
  disposeAutoencoder(model);
  return { losses, weights };
}

describe.skipIf(!webgpu)("training on webgpu", () => {
  it("follows the cpu backend's losses and weights over several steps (fused Adam and convs)", async () => {
    await selectBackend("cpu", () => {});
    const sets = await testFaceSets(PRESETS.tiny.resolution, 2);
    const cpu = await train(sets);
    await selectBackend("webgpu", () => {});
    const gpu = await train(sets);
    gpu.losses.forEach((l, i) => expect(Math.abs(l - cpu.losses[i]!)).toBeLessThan(1e-4));
    cpu.weights.forEach((w, k) => w.forEach((v, i) => expect(Math.abs(gpu.weights[k]![i]! - v)).toBeLessThan(1e-4)));
    await selectBackend("cpu", () => {});
  });
});
