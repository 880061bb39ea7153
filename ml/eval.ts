import { parseArgs } from "node:util";
import { selectBackend } from "./backend/select-backend";
import { measureSwapQuality } from "./eval/swap-quality";
import { listImages } from "./extract/extract-faces";
import { loadFaceSetDir } from "./extract/load-face-dir";
import { decodeImage } from "./media/image-io";
import type { RgbImage } from "./image/rgb-image";
import { disposeAutoencoder, type Autoencoder } from "./model/autoencoder";
import { fileStore, loadModel } from "./model/model-io";
import { resolveConfig } from "./model/presets";
import { augmentedPortraits } from "./testing/likeness-fixtures";
import { buildFaceSet, type FaceSet } from "./train/face-set";
import { trainModel } from "./train/train-model";

// npm run eval:ml [-- --talent DIR --footage DIR] [--model M | --preset tiny --steps 150 --batch 4]
// Swaps held-out footage images with the talent's face and prints, as JSON,
// identity distances and retrieval, head-pose difference and background
// PSNR/SSIM outside the mask (eval/swap-quality.ts).
// --talent DIR / --footage DIR: the identities are the folders' (photos or
// frames; the talent folder may be extract's output). With --model every
// footage image is held out; without, a model is trained on the talent and
// the first ~60% of the footage, the rest held out.
// Neither: fixtures. Footage: the person of human-sample-me.jpg, talent:
// Grace Hopper, both augmented real photos; the last 4 of 10 footage
// variants are held out.
const { values: v } = parseArgs({
  options: {
    model: { type: "string" },
    preset: { type: "string" },
    steps: { type: "string" },
    batch: { type: "string" },
    talent: { type: "string" },
    footage: { type: "string" },
  },
});
if (!!v.talent !== !!v.footage) throw new Error("give both --talent DIR and --footage DIR, or neither (fixtures)");

const backend = await selectBackend();
const decodeDir = async (dir: string) => {
  const images: RgbImage[] = [];
  for (const file of await listImages(dir)) images.push(await decodeImage(file));
  if (images.length === 0) throw new Error(`no images (jpg, png, webp) in ${dir}`);
  return images;
};
const decodeAll = async (items: Array<{ bytes: Uint8Array }>) => Promise.all(items.map((i) => decodeImage(i.bytes)));

let footage: RgbImage[], talent: RgbImage[], trainCount: number;
if (v.talent && v.footage) {
  footage = await decodeDir(v.footage);
  talent = await decodeDir(v.talent);
  if (!v.model && footage.length < 2)
    throw new Error(`${v.footage}: training needs at least 2 footage images (one is held out); or give --model`);
  trainCount = v.model ? 0 : Math.max(1, Math.round(footage.length * 0.6));
} else {
  footage = await decodeAll(await augmentedPortraits(10));
  talent = await decodeAll(await augmentedPortraits(6, "python-matplotlib-data-grace_hopper.jpg"));
  trainCount = 6;
}
const heldOut = footage.slice(trainCount);

let model: Autoencoder,
  trainedSteps: number | null = null;
if (v.model) {
  const { store, key } = fileStore(v.model);
  model = (await loadModel(store, key)).model;
} else {
  const config = resolveConfig(v.preset ?? "tiny");
  const a = (await buildFaceSet(footage.slice(0, trainCount), config.resolution, config.margin)).set;
  const b: FaceSet = v.talent
    ? (await loadFaceSetDir(v.talent, config.resolution, config.margin)).set
    : (await buildFaceSet(talent, config.resolution, config.margin)).set;
  const steps = Number(v.steps ?? 150);
  console.error(`training ${config.name} for ${steps} steps on ${a.faces.length} + ${b.faces.length} faces`);
  const r = await trainModel({
    a,
    b,
    config,
    steps,
    batchSize: Number(v.batch ?? 4),
    learningRate: 1e-3,
    progressEvery: 25,
    onProgress: (p) => console.error(`step ${p.step} loss ${p.loss.toFixed(4)}`),
  });
  model = r.model;
  trainedSteps = r.step;
}

try {
  const quality = await measureSwapQuality(model, heldOut, talent);
  console.log(
    JSON.stringify(
      {
        backend: backend.backend,
        device: backend.device,
        model: v.model ?? `${v.preset ?? "tiny"} trained ${trainedSteps} steps`,
        talent: v.talent ?? "fixture: python-matplotlib-data-grace_hopper.jpg",
        footage: v.footage ?? "fixture: human-sample-me.jpg",
        ...quality,
      },
      null,
      2,
    ),
  );
} finally {
  disposeAutoencoder(model);
}
