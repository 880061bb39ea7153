import { selectBackend } from "../backend/select-backend";
import { disposeAutoencoder, type Autoencoder } from "../model/autoencoder";
import { deserializeCheckpoint } from "../model/checkpoint";
import { disposeAdam } from "../model/adam";
import { resolveConfig, sameLayout, type ModelConfig } from "../model/presets";
import type { CheckpointStore } from "../storage/checkpoint-store";
import { decodeImage } from "../media/image-io";
import type { RgbImage } from "../image/rgb-image";
import { addFace, emptyFaceSet, type FaceSet } from "../train/face-set";
import { trainModel, type TrainProgress } from "../train/train-model";
import { throwIfAborted } from "../util/abort";
import { talentFaceSet } from "./render-face-sets";

// A talent's base model: the shared encoder and the talent's decoder (B)
// trained once per likeness set, against a pool of other people's faces on
// decoder A, so that each order fine-tunes from it on the footage's face
// instead of starting from nothing. ml/ takes the pool as bytes; which faces
// it holds (public-domain photos) is the platform's choice.

/**
 * Which parts of the base model an order starts from. "encoder+b": the shared
 * encoder and the talent's decoder, decoder A fresh; "all": decoder A too (it
 * has learned generic faces from the pool, not the footage's person).
 * Measured with `npm run bench:base-model` (ml/README.md): "all" reaches the
 * from-scratch loss in fewer steps, so it is the default.
 */
export type BaseModelParts = "encoder+b" | "all";
export const DEFAULT_BASE_MODEL_PARTS: BaseModelParts = "all";

export function baseModelParams(parts: BaseModelParts): (name: string) => boolean {
  return parts === "all" ? () => true : (name) => name.startsWith("enc/") || name.startsWith("dec_b/");
}

export type TrainBaseModelOptions = {
  /** The talent's usable reference photos (JPEG/PNG/WebP bytes). */
  talentImages: Array<{ name: string; bytes: Uint8Array }>;
  /** Photos of other people (one face each, the largest is taken), trained on decoder A. */
  poolImages: Array<{ name: string; bytes: Uint8Array }>;
  /** A resolveConfig() name; orders fine-tune from the base model only with the same preset. */
  preset: string;
  /** Total training steps; a resumed run continues up to this. */
  steps: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** Where the base model goes (the platform passes a sealed, encrypted store). */
  store: CheckpointStore;
  /** Key of the base model; a checkpoint already there is resumed (delete it first to start over). */
  key: string;
  /** Default: about every 10% of the steps, at least every 25 steps. */
  checkpointEvery?: number;
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  onLog?: (level: "info" | "warn", message: string) => void;
};

export type TrainBaseModelResult = {
  steps: number;
  finalLoss: number;
  resumedFrom: number | null;
  talentFaces: number;
  poolFaces: number;
  backend: string;
  device: string;
  /** e.g. "tiny@200" */
  modelId: string;
  seconds: number;
};

/** Trains the talent's base model (shared encoder + decoder B on the talent, decoder A on the pool) and saves it at `key`. */
export async function trainBaseModel(o: TrainBaseModelOptions): Promise<TrainBaseModelResult> {
  const started = performance.now();
  const log = o.onLog ?? (() => {});
  const config = resolveConfig(o.preset);
  if (!Number.isInteger(o.steps) || o.steps < 1) throw new Error(`steps must be a positive whole number, got ${o.steps}`);
  throwIfAborted(o.signal, "base model training");
  const backend = await selectBackend(undefined, () => {});
  log("info", `backend: ${backend.backend} on ${backend.device}`);

  const talent = await talentFaceSet(o.talentImages, config, { signal: o.signal });
  log("info", `talent: a face in ${talent.withFace} of ${talent.inputs} photos`);
  if (talent.withFace < talent.inputs)
    log("warn", `${talent.inputs - talent.withFace} talent photos show no readable face and were skipped`);
  const pool = await poolFaceSet(o.poolImages, config, o.signal);
  log("info", `pool of other faces: a face in ${pool.faces.length} of ${o.poolImages.length} photos`);

  const trained = await trainModel({
    a: pool,
    b: talent.set,
    config,
    steps: o.steps,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    seed: o.seed,
    store: o.store,
    checkpointKey: o.key,
    checkpointEvery: o.checkpointEvery ?? Math.max(1, Math.min(25, Math.round(o.steps / 10))),
    // A loss readback stalls only a GPU: on cpu and wasm every step reports.
    resume: true,
    signal: o.signal,
    progressEvery: backend.backend === "cpu" || backend.backend === "wasm" ? 1 : 10,
    onResume: (step) => log("info", `resuming the base model from step ${step} of ${o.steps}`),
    onProgress: o.onProgress,
  });
  disposeAutoencoder(trained.model);
  const finalLoss = trained.losses.at(-1) ?? Number.NaN;
  log(
    "info",
    `base model trained ${trained.step} steps${trained.resumedFrom !== null ? ` (resumed from ${trained.resumedFrom})` : ""}: final loss ${finalLoss.toFixed(4)}`,
  );
  return {
    steps: trained.step,
    finalLoss,
    resumedFrom: trained.resumedFrom,
    talentFaces: talent.withFace,
    poolFaces: pool.faces.length,
    backend: backend.backend,
    device: backend.device,
    modelId: `${config.name}@${trained.step}`,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The largest face of each pool photo; unreadable and faceless photos are skipped, none at all is an error. */
async function poolFaceSet(
  photos: Array<{ name: string; bytes: Uint8Array }>,
  config: ModelConfig,
  signal?: AbortSignal,
): Promise<FaceSet> {
  const set = emptyFaceSet(config.resolution);
  for (const photo of photos) {
    throwIfAborted(signal, "base model training");
    let image: RgbImage;
    try {
      image = await decodeImage(photo.bytes);
    } catch {
      continue;
    }
    await addFace(set, image, config.margin);
  }
  if (set.faces.length === 0)
    throw new Error(
      `no face found in any of the ${photos.length} pool photos; the base model needs photos of other people's faces for decoder A`,
    );
  return set;
}

/**
 * The base model at `key` as initial weights for `config`, or undefined (with
 * a warning) when it is missing, unreadable or of another preset: the caller
 * then trains from scratch.
 */
export async function loadBaseModel(
  store: CheckpointStore,
  key: string,
  config: ModelConfig,
  log: (level: "info" | "warn", message: string) => void,
): Promise<{ model: Autoencoder; steps: number } | undefined> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await store.get(key);
  } catch (e) {
    log("warn", `the talent's base model could not be read (${(e as Error).message}); training from scratch`);
    return undefined;
  }
  if (!bytes) {
    log("warn", "the talent's base model is missing; training from scratch");
    return undefined;
  }
  let loaded: ReturnType<typeof deserializeCheckpoint>;
  try {
    loaded = deserializeCheckpoint(bytes, false);
  } catch (e) {
    log("warn", `the talent's base model is not a readable model (${(e as Error).message}); training from scratch`);
    return undefined;
  }
  if (loaded.adam) disposeAdam(loaded.adam);
  if (!sameLayout(loaded.model.config, config)) {
    log("warn", `the talent's base model was trained as ${loaded.model.config.name}, not ${config.name}; training from scratch`);
    disposeAutoencoder(loaded.model);
    return undefined;
  }
  return { model: loaded.model, steps: loaded.meta.step };
}
