import { parseArgs } from "node:util";
import { median } from "./analysis/analyze-likeness-set";
import { selectBackend } from "./backend/select-backend";
import { swapImage } from "./convert/swap-image";
import { descriptorDistance, detectFaces, largestFace } from "./faces/detect-faces";
import { headPose } from "./faces/head-pose";
import { decodeImage } from "./media/image-io";
import { psnr, ssimSelected } from "./media/quality";
import type { RgbImage } from "./image/rgb-image";
import { disposeAutoencoder, type Autoencoder } from "./model/autoencoder";
import { fileStore, loadModel } from "./model/model-io";
import { resolveConfig } from "./model/presets";
import { augmentedPortraits } from "./testing/likeness-fixtures";
import { buildFaceSet } from "./train/face-set";
import { trainModel } from "./train/train-model";

// npm run eval:ml [-- --model M | --preset tiny --steps 150 --batch 4]
// Target footage A: the person of human-sample-me.jpg; talent B: Grace
// Hopper. Both from augmented real photos; the last 4 A variants are held out.
const { values: v } = parseArgs({ options: { model: { type: "string" }, preset: { type: "string" }, steps: { type: "string" }, batch: { type: "string" } } });

const backend = await selectBackend();
const decodeAll = async (items: Array<{ bytes: Uint8Array }>) => Promise.all(items.map((i) => decodeImage(i.bytes)));
const aAll = await decodeAll(await augmentedPortraits(10));
const talent = await decodeAll(await augmentedPortraits(6, "python-matplotlib-data-grace_hopper.jpg"));
const train = aAll.slice(0, 6), heldOut = aAll.slice(6);

let model: Autoencoder, trainedSteps: number | null = null;
if (v.model) {
  const { store, key } = fileStore(v.model);
  model = (await loadModel(store, key)).model;
} else {
  const config = resolveConfig(v.preset ?? "tiny");
  const a = (await buildFaceSet(train, config.resolution, config.margin)).set;
  const b = (await buildFaceSet(talent, config.resolution, config.margin)).set;
  const steps = Number(v.steps ?? 150);
  console.error(`training ${config.name} for ${steps} steps on ${a.faces.length} + ${b.faces.length} faces`);
  const r = await trainModel({ a, b, config, steps, batchSize: Number(v.batch ?? 4), learningRate: 1e-3, progressEvery: 25, onProgress: (p) => console.error(`step ${p.step} loss ${p.loss.toFixed(4)}`) });
  model = r.model;
  trainedSteps = r.step;
}

// Low threshold: a soft swapped face from a small model is still a face to measure.
const descriptorOf = async (img: RgbImage) => largestFace(await detectFaces(img, { descriptors: true, minConfidence: 0.2 }));
const talentDescriptors = (await Promise.all(talent.map(descriptorOf))).flatMap((f) => (f?.descriptor ? [f.descriptor] : []));
const talentCentre = talentDescriptors[0]!.map((_, k) => median(talentDescriptors.map((d) => d[k]!)));

const rows = [];
for (const input of heldOut) {
  const before = await descriptorOf(input);
  const { image, mask } = await swapImage(model, input);
  const after = await descriptorOf(image);
  const outside = (p: number) => mask[p] === 0;
  const row = { psnr: psnr(image, input, outside), ssim: ssimSelected(image, input, outside), faceFound: !!after } as Record<string, unknown>;
  if (before?.descriptor && after?.descriptor) {
    const toTalent = descriptorDistance(after.descriptor, talentCentre), toOriginal = descriptorDistance(after.descriptor, before.descriptor);
    const pb = headPose(before.landmarks), pa = headPose(after.landmarks);
    Object.assign(row, { toTalent, toOriginal, retrieved: toTalent < toOriginal, dYaw: Math.abs(pa.yaw - pb.yaw), dPitch: Math.abs(pa.pitch - pb.pitch), dRoll: Math.abs(pa.roll - pb.roll) });
  }
  rows.push(row);
}
disposeAutoencoder(model);

const withFace = rows.filter((r) => r.toTalent !== undefined);
const mean = (k: string) => (withFace.length ? round(withFace.reduce((s, r) => s + (r[k] as number), 0) / withFace.length) : null);
const minPsnr = Math.min(...rows.map((r) => r.psnr as number));
console.log(JSON.stringify({
  backend: backend.backend, device: backend.device, model: v.model ?? `${v.preset ?? "tiny"} trained ${trainedSteps} steps`,
  heldOutImages: heldOut.length, outputsWithFace: withFace.length,
  identity: {
    meanDistanceToTalent: mean("toTalent"), meanDistanceToOriginal: mean("toOriginal"),
    retrieval: withFace.length ? round(withFace.filter((r) => r.retrieved).length / withFace.length) : null,
  },
  poseDifferenceDeg: { yaw: mean("dYaw"), pitch: mean("dPitch"), roll: mean("dRoll") },
  background: { minPsnrDb: Number.isFinite(minPsnr) ? round(minPsnr) : "identical", minSsim: round(Math.min(...rows.map((r) => r.ssim as number))) },
}, null, 2));

function round(x: number): number { return Math.round(x * 1000) / 1000; }
