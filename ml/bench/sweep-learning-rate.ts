import { parseArgs } from "node:util";
import { parsePreference, selectBackend } from "../backend/select-backend";
import { decodeImage } from "../media/image-io";
import { disposeAutoencoder } from "../model/autoencoder";
import { resolveConfig } from "../model/presets";
import { augmentedPortraits } from "../testing/likeness-fixtures";
import { buildFaceSet, type FaceSet } from "../train/face-set";
import { trainModel } from "../train/train-model";

// npx tsx ml/bench/sweep-learning-rate.ts [--preset tiny] [--steps 200] [--batch 8] [--rates 5e-5,2e-4,5e-4,1e-3,2e-3] [--window 20] [--backend cpu]
// The learning rate a preset's config should carry (ModelConfig.learningRate),
// chosen by measurement: the same order training as bench:base-model (6
// augmented photos of Grace Hopper on decoder A, 6 of human-sample-me.jpg on
// B, seed 1, batch 8, cpu backend unless --backend names another) run once per rate. Reports per rate the
// mean loss of the last `window` steps, the mean at each quarter of the run
// (a diverging or oscillating rate shows there) and the largest jump of one
// step's loss over the mean of the `window` steps before it. Prints JSON.
const { values: v } = parseArgs({
  options: {
    preset: { type: "string" },
    steps: { type: "string" },
    batch: { type: "string" },
    rates: { type: "string" },
    window: { type: "string" },
    backend: { type: "string" },
  },
});
const config = resolveConfig(v.preset ?? "tiny");
const steps = Number(v.steps ?? 200),
  batchSize = Number(v.batch ?? 8),
  window = Number(v.window ?? 20);
const rates = (v.rates ?? "5e-5,2e-4,5e-4,1e-3,2e-3").split(",").map(Number);
const say = (m: string) => console.error(m);

const backend = await selectBackend(parsePreference(v.backend ?? "cpu"), () => {});
const faceSet = async (images: Array<{ bytes: Uint8Array }>): Promise<FaceSet> =>
  (await buildFaceSet(await Promise.all(images.map((i) => decodeImage(i.bytes))), config.resolution, config.margin)).set;
const a = await faceSet(await augmentedPortraits(6, "python-matplotlib-data-grace_hopper.jpg"));
const b = await faceSet(await augmentedPortraits(6));

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const results = [];
for (const learningRate of rates) {
  const started = performance.now();
  const r = await trainModel({
    a,
    b,
    config,
    steps,
    batchSize,
    seed: 1,
    learningRate,
    onProgress: (p) => {
      if (p.step % 50 === 0) say(`${config.name} lr ${learningRate}: step ${p.step} loss ${p.loss.toFixed(4)}`);
    },
  });
  disposeAutoencoder(r.model);
  const l = r.losses;
  const quarters = [1, 2, 3, 4].map((q) =>
    Number(mean(l.slice(Math.max(0, Math.round((q * steps) / 4) - window), Math.round((q * steps) / 4))).toFixed(4)),
  );
  let worstJump = 0;
  for (let i = window; i < l.length; i++) worstJump = Math.max(worstJump, l[i]! / mean(l.slice(i - window, i)));
  const row = {
    learningRate,
    finalMeanLoss: Number(mean(l.slice(-window)).toFixed(4)),
    meanLossAtQuarters: quarters,
    worstJump: Number(worstJump.toFixed(3)),
    finite: l.every(Number.isFinite),
    secondsPerStep: Number(((performance.now() - started) / 1000 / steps).toFixed(2)),
  };
  say(JSON.stringify(row));
  results.push(row);
}
console.log(JSON.stringify({ preset: config.name, backend: backend.device, steps, batchSize, window, results }, null, 2));
