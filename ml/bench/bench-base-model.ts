import os from "node:os";
import { parseArgs } from "node:util";
import { selectBackend } from "../backend/select-backend";
import { loadFacePool } from "../faces/public-face-pool";
import { decodeImage } from "../media/image-io";
import { disposeAutoencoder } from "../model/autoencoder";
import { resolveConfig } from "../model/presets";
import { baseModelParams, loadBaseModel, trainBaseModel, type BaseModelParts } from "../render/base-model";
import { createMemoryCheckpointStore } from "../storage/memory-checkpoint-store";
import { augmentedPortraits } from "../testing/likeness-fixtures";
import { ensureTestPhotos } from "../testing/photos";
import { buildFaceSet, type FaceSet } from "../train/face-set";
import { trainModel } from "../train/train-model";
import { isAbortError } from "../util/abort";

// npm run bench:base-model [-- --preset tiny] [--steps 300] [--base-steps 200] [--batch 8] [--window 10]
// An order's training (footage faces on decoder A, the talent on decoder B)
// from scratch against the same training fine-tuned from the talent's base
// model. The talent: 6 augmented photos of human-sample-me.jpg; the footage
// person: 6 augmented photos of Grace Hopper (python-matplotlib-data); the
// base model's pool: PUBLIC_FACE_POOL (Eileen Collins, the cameraman), which
// holds neither. Platform defaults otherwise (learning rate, seed, batch 8),
// cpu backend. The target is the scratch run's final loss (mean of the last
// `window` steps); each run is timed until the mean of its last `window`
// losses first reaches it. Prints JSON.
const { values: v } = parseArgs({
  options: {
    preset: { type: "string" },
    steps: { type: "string" },
    "base-steps": { type: "string" },
    batch: { type: "string" },
    window: { type: "string" },
    parts: { type: "string" },
  },
});
const preset = v.preset ?? "tiny",
  steps = Number(v.steps ?? 300),
  baseSteps = Number(v["base-steps"] ?? 200);
const batchSize = Number(v.batch ?? 8),
  window = Number(v.window ?? 10);
const partsList = (v.parts ?? "all,encoder+b").split(",") as BaseModelParts[];
const config = resolveConfig(preset);
const say = (m: string) => console.error(m);

const backend = await selectBackend("cpu", () => {});
const photos = ensureTestPhotos();
const talentImages = await augmentedPortraits(6);
const footageImages = await augmentedPortraits(6, "python-matplotlib-data-grace_hopper.jpg");
const poolImages = await loadFacePool({ fixturesDir: photos });
const faceSet = async (images: Array<{ bytes: Uint8Array }>): Promise<FaceSet> =>
  (await buildFaceSet(await Promise.all(images.map((i) => decodeImage(i.bytes))), config.resolution, config.margin)).set;
const footage = await faceSet(footageImages),
  talent = await faceSet(talentImages);

const store = createMemoryCheckpointStore();
say(`base model: ${baseSteps} steps on ${poolImages.length} pool photos`);
const base = await trainBaseModel({
  talentImages,
  poolImages,
  preset,
  steps: baseSteps,
  batchSize,
  store,
  key: "bench/base",
  onLog: (l, m) => say(`${l}: ${m}`),
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
type Run = {
  stepsToTarget: number | null;
  secondsToTarget: number | null;
  firstLoss: number;
  lossAtEnd: number;
  stepsRun: number;
  secondsPerStep: number;
};

/** One order's training; stops once the moving mean reaches `target` (when given). */
async function run(label: string, parts: BaseModelParts | null, target: number | null): Promise<Run> {
  const losses: number[] = [];
  const stop = new AbortController();
  let hit: { step: number; seconds: number } | null = null;
  const started = performance.now();
  say(`${label}: up to ${steps} steps${target !== null ? `, until the mean loss reaches ${target.toFixed(4)}` : ""}`);
  try {
    const r = await trainModel({
      a: footage,
      b: talent,
      config,
      steps,
      batchSize,
      signal: stop.signal,
      initialWeights: parts
        ? async () => (await loadBaseModel(store, "bench/base", config, (l, m) => say(`${l}: ${m}`)))?.model
        : undefined,
      initialParams: parts ? baseModelParams(parts) : undefined,
      onProgress: (p) => {
        losses.push(p.loss);
        const m = losses.length >= window ? mean(losses.slice(-window)) : Number.POSITIVE_INFINITY;
        if (target !== null && !hit && m <= target) {
          hit = { step: p.step, seconds: (performance.now() - started) / 1000 };
          stop.abort();
        }
      },
    });
    disposeAutoencoder(r.model);
  } catch (e) {
    if (!isAbortError(e)) throw e;
  }
  const seconds = (performance.now() - started) / 1000;
  const reached = hit as { step: number; seconds: number } | null;
  return {
    stepsToTarget: reached?.step ?? null,
    secondsToTarget: reached ? round(reached.seconds) : null,
    firstLoss: round(losses[0]!, 4),
    lossAtEnd: round(mean(losses.slice(-window)), 4),
    stepsRun: losses.length,
    secondsPerStep: round(seconds / losses.length, 3),
  };
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const scratch = await run("scratch", null, null);
const target = scratch.lossAtEnd;
const fromBase: Record<string, Run & { stepRatio: number | null; secondsRatio: number | null }> = {};
for (const parts of partsList) {
  const r = await run(`from base (${parts})`, parts, target);
  fromBase[parts] = {
    ...r,
    stepRatio: r.stepsToTarget ? round(steps / r.stepsToTarget, 2) : null,
    secondsRatio: r.secondsToTarget ? round((scratch.secondsPerStep * steps) / r.secondsToTarget, 2) : null,
  };
}

console.log(
  JSON.stringify(
    {
      preset,
      batchSize,
      backend: backend.backend,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
      faces: { talent: talent.faces.length, footage: footage.faces.length, pool: base.poolFaces },
      baseModel: { steps: base.steps, seconds: round(base.seconds), finalLoss: round(base.finalLoss, 4) },
      target: { rule: `mean of the last ${window} losses of ${steps} steps from scratch`, loss: target },
      scratch: {
        steps,
        seconds: round(scratch.secondsPerStep * steps),
        firstLoss: scratch.firstLoss,
        secondsPerStep: scratch.secondsPerStep,
      },
      fromBase,
    },
    null,
    2,
  ),
);
