import { mkdir } from "node:fs/promises";
import path from "node:path";
import { selectBackend } from "../backend/select-backend";
import { disposeAutoencoder } from "../model/autoencoder";
import { resolveConfig, type ModelConfig } from "../model/presets";
import type { CheckpointStore } from "../storage/checkpoint-store";
import { trainModel } from "../train/train-model";
import { throwIfAborted } from "../util/abort";
import { baseModelParams, DEFAULT_BASE_MODEL_PARTS, loadBaseModel, type BaseModelParts } from "./base-model";
import { previewThrottle } from "./preview-throttle";
import { convertImage, convertVideo } from "./render-convert";
import { autoCandidates, choosePreset, DEFAULT_MAX_AUTO_PRESET, paintedFaceSize } from "./choose-preset";
import { everyNthText, footageFaceSet, isStillImage, talentFaceSet, type FootageConfig, type FootageFaces } from "./render-face-sets";
import { stageProgress, type RenderProgress, type RenderStage } from "./stage-progress";

export type { RenderProgress, RenderStage } from "./stage-progress";

export type RenderSwapOptions = {
  /** The licensed talent's reference photos (JPEG/PNG/WebP bytes). */
  talentImages: Array<{ name: string; bytes: Uint8Array }>;
  /** The studio's target footage: a video (anything ffmpeg reads) or a still image (jpg/png/webp). */
  footagePath: string;
  /** Where the swapped result goes: .mp4 for video footage, .png (or .jpg/.webp) for a still. */
  outputPath: string;
  /**
   * A resolveConfig() name, e.g. "tiny", or "auto": the smallest preset whose
   * painted face covers the performer's median face size in the footage,
   * capped by `maxPreset` (logged with the reason; modelId names it).
   */
  preset: string;
  /** The largest preset "auto" may choose (default "small", what a CPU worker trains in minutes; GPU workers pass "large"). */
  maxPreset?: string;
  /**
   * The person to replace (a findPerformers descriptor): only their faces
   * train decoder A and only their face is swapped. Absent: the person seen in
   * the most sampled frames, the same person in every frame.
   */
  performer?: { descriptor: readonly number[] };
  /** Total training steps; a resumed run continues up to this. */
  steps: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** Where checkpoints go (the platform passes a sealed, encrypted store). */
  store: CheckpointStore;
  /** Resumed from when present: a worker that died mid-training is replaced by one that continues. */
  checkpointKey: string;
  /**
   * The talent's base model (trainBaseModel) in `store`: with no checkpoint at
   * checkpointKey yet, training starts from its weights (fresh optimizer)
   * instead of from scratch. Missing or of another preset: from scratch, with a warning.
   */
  baseModelKey?: string;
  /** Which of the base model's parts to start from (default "all"). */
  baseModelParts?: BaseModelParts;
  /** Default: about every 10% of the steps, at least every 25 steps. */
  checkpointEvery?: number;
  /** Checked between training steps, sampled frames and converted frames; rejects with an Error named "AbortError". */
  signal?: AbortSignal;
  /** A graceful stop: training finishes its step, writes a checkpoint there and rejects with an Error named "AbortError" (trainModel's stopSignal). */
  stopSignal?: AbortSignal;
  /** `fraction` is 0..1 within the stage and never decreases. */
  onProgress?: (p: RenderProgress) => void;
  /** The latest converted frame as a JPEG: at least once, at most about once per second. */
  onPreview?: (jpeg: Uint8Array) => void;
  /** Stage log lines for people: faces found, backend, resumed step, final loss, frames swapped, small faces. */
  onLog?: (level: "info" | "warn", message: string) => void;
};

export type RenderSwapResult = {
  kind: "video" | "image";
  outputPath: string;
  trainSteps: number;
  finalLoss: number;
  resumedFrom: number | null;
  /** Where training started: a resumed checkpoint, the talent's base model, or scratch. */
  startedFrom: "checkpoint" | "base-model" | "scratch";
  /** Training loss per step (a resumed run's history included). */
  losses: number[];
  framesTotal: number;
  /** Frames where the performer's face was swapped (the same as framesSwapped; the name of the first API). */
  framesWithFace: number;
  /** Frames that show the performer: swapped ones plus short gaps between them where detection missed. */
  framesWithPerformer: number;
  framesSwapped: number;
  backend: string;
  device: string;
  modelId: string;
  stageSeconds: Record<RenderStage, number>;
};

/**
 * The render worker's whole job: extract the talent's and the footage's faces,
 * train the shared-encoder autoencoder (footage on decoder A, talent on
 * decoder B, resuming from the checkpoint, else starting from the talent's
 * base model when there is one), then paint the talent's face onto
 * every frame of the footage with decoder B.
 */
export async function renderSwap(o: RenderSwapOptions): Promise<RenderSwapResult> {
  const log = o.onLog ?? (() => {});
  const auto = o.preset === "auto";
  const footageConfig: FootageConfig = auto ? autoFootageConfig(o.maxPreset ?? DEFAULT_MAX_AUTO_PRESET) : resolveConfig(o.preset);
  const kind = isStillImage(o.footagePath) ? "image" : "video";
  checkOutputPath(kind, o.outputPath);
  if (!Number.isInteger(o.steps) || o.steps < 1) throw new Error(`steps must be a positive whole number, got ${o.steps}`);
  throwIfAborted(o.signal, "render");

  const backend = await selectBackend(undefined, () => {});
  log(
    "info",
    `backend: ${backend.backend} on ${backend.device}${backend.skipped.length ? ` (skipped: ${backend.skipped.join("; ")})` : ""}`,
  );
  const stageSeconds: Record<RenderStage, number> = { extract: 0, train: 0, convert: 0 };

  // Extract: talent photos first (cheap, and their failure is the likelier
  // one), then footage frames; with "auto" the footage comes first, since
  // its faces choose the preset the talent's faces are cropped for.
  const extract = stageProgress("extract", o.onProgress);
  const talentShare = 0.3;
  const [talentFrom, footageFrom] = auto ? [1 - talentShare, 0] : [0, talentShare];
  const extractTalent = async (config: ModelConfig) => {
    const talent = await talentFaceSet(o.talentImages, config, {
      signal: o.signal,
      onItem: (done, total) => extract.report(talentFrom + talentShare * (done / total)),
    });
    log("info", `talent: a face in ${talent.withFace} of ${talent.inputs} photos`);
    if (talent.unreadable.length) log("warn", `talent photos that are not readable images were skipped: ${talent.unreadable.join(", ")}`);
    if (talent.withFace < talent.inputs - talent.unreadable.length)
      log("warn", `${talent.inputs - talent.unreadable.length - talent.withFace} talent photos show no detectable face and were skipped`);
    if (talent.smallFaces) log("warn", smallFaceWarning(talent.smallFaces, "talent photos", config.resolution));
    return talent;
  };
  const extractFootage = async () => {
    const footage = await footageFaceSet(o.footagePath, footageConfig, {
      signal: o.signal,
      performer: o.performer,
      onItem: (done, total) => extract.report(footageFrom + (1 - talentShare) * (done / total)),
    });
    logFootage(footage, log, auto ? (o.maxPreset ?? DEFAULT_MAX_AUTO_PRESET) : undefined);
    return footage;
  };
  let talent, footage;
  if (auto) {
    footage = await extractFootage();
    talent = await extractTalent(footage.config);
  } else {
    talent = await extractTalent(footageConfig as ModelConfig);
    footage = await extractFootage();
  }
  const config = footage.config;
  stageSeconds.extract = extract.finish();

  // Train: decoder A learns the footage's person, decoder B the talent.
  const train = stageProgress("train", o.onProgress);
  const checkpointEvery = o.checkpointEvery ?? Math.max(1, Math.min(25, Math.round(o.steps / 10)));
  const trained = await trainModel({
    a: footage.set,
    b: talent.set,
    config,
    steps: o.steps,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    seed: o.seed,
    store: o.store,
    checkpointKey: o.checkpointKey,
    checkpointEvery,
    resume: true,
    signal: o.signal,
    stopSignal: o.stopSignal,
    // Every loss readback stalls a GPU pipeline; on cpu and wasm (CPU memory) it is free and lets a cancellation in between steps.
    progressEvery: backend.backend === "cpu" || backend.backend === "wasm" ? 1 : 10,
    onResume: (step) => log("info", `resuming from the checkpoint at step ${step} of ${o.steps}`),
    initialWeights: o.baseModelKey
      ? async () => {
          const loaded = await loadBaseModel(o.store, o.baseModelKey!, config, log);
          if (loaded) log("info", `fine-tuning from the talent's base model (${o.steps} steps); it was trained ${loaded.steps} steps`);
          return loaded?.model;
        }
      : undefined,
    initialParams: baseModelParams(o.baseModelParts ?? DEFAULT_BASE_MODEL_PARTS),
    onProgress: (p) =>
      train.report(p.step / p.totalSteps, {
        etaSeconds: p.etaSeconds,
        message: `step ${p.step}/${p.totalSteps} loss ${p.loss.toFixed(4)}`,
      }),
  });
  try {
    const finalLoss = trained.losses.at(-1) ?? Number.NaN;
    log(
      "info",
      `trained ${trained.step} steps${trained.resumedFrom !== null ? ` (resumed from ${trained.resumedFrom})` : ""}: final loss ${finalLoss.toFixed(4)}`,
    );
    stageSeconds.train = train.finish();

    // Convert with the talent's decoder.
    const convert = stageProgress("convert", o.onProgress);
    await mkdir(path.dirname(path.resolve(o.outputPath)), { recursive: true });
    // The performer's mean descriptor over the sampled frames: the convert stage follows that one person.
    const convertOptions = {
      progress: convert,
      preview: previewThrottle(o.onPreview),
      signal: o.signal,
      performer: footage.performer,
      minCoverage: MIN_COVERAGE,
    };
    const converted = footage.still
      ? await convertImage(trained.model, footage.still, o.outputPath, convertOptions)
      : await convertVideo(trained.model, o.footagePath, o.outputPath, convertOptions);
    log("info", `swapped the face in ${converted.framesSwapped} of ${converted.framesTotal} frames`);
    if (converted.framesSwapped < converted.framesWithPerformer)
      log(
        "warn",
        `${converted.framesWithPerformer - converted.framesSwapped} of the ${converted.framesWithPerformer} frames that show the performer could not be swapped`,
      );
    if (converted.framesWithPerformer < converted.framesTotal)
      log("info", `${converted.framesTotal - converted.framesWithPerformer} frames without the performer were left unchanged`);
    stageSeconds.convert = convert.finish();

    return {
      kind,
      outputPath: o.outputPath,
      trainSteps: trained.step,
      finalLoss,
      resumedFrom: trained.resumedFrom,
      startedFrom: trained.resumedFrom !== null ? "checkpoint" : trained.initialized ? "base-model" : "scratch",
      losses: trained.losses,
      framesTotal: converted.framesTotal,
      framesWithFace: converted.framesWithFace,
      framesWithPerformer: converted.framesWithPerformer,
      framesSwapped: converted.framesSwapped,
      backend: backend.backend,
      device: backend.device,
      modelId: `${config.name}@${trained.step}`,
      stageSeconds,
    };
  } finally {
    disposeAutoencoder(trained.model);
  }
}

function checkOutputPath(kind: "video" | "image", out: string): void {
  if (kind === "video" && !/\.mp4$/i.test(out)) throw new Error(`video footage renders to an .mp4 file; outputPath is ${out}`);
  if (kind === "image" && !/\.(png|jpe?g|webp)$/i.test(out))
    throw new Error(`still footage renders to a .png, .jpg or .webp file; outputPath is ${out}`);
}

/**
 * Below this share of the performer's frames swapped a video render fails
 * (LowCoverageError, no output): every unswapped frame flashes the original
 * face, and at 25 fps 2% is one flash every two seconds.
 */
export const MIN_COVERAGE = 0.98;

/** "auto": footage faces are captured at the largest candidate's resolution and the preset is chosen from the performer's median face size. */
function autoFootageConfig(maxPreset: string): FootageConfig {
  const candidates = autoCandidates(maxPreset);
  const largest = candidates.at(-1)!;
  return { choose: (size) => choosePreset(size, maxPreset).config, captureResolution: largest.resolution, margin: largest.margin };
}

function logFootage(footage: FootageFaces, log: (level: "info" | "warn", message: string) => void, autoMaxPreset?: string): void {
  const sampled =
    footage.kind === "image" ? "the footage image" : `${footage.inputs} sampled footage frames (${everyNthText(footage.everyNth)})`;
  const p = footage.performer,
    config = footage.config;
  log("info", `footage: a face in ${footage.withFace} of ${sampled}`);
  const who = p.how === "chosen" ? "the chosen performer" : "the person seen most often";
  log(
    "info",
    `footage: ${p.people} ${p.people === 1 ? "person" : "people"} seen; replacing ${who} (${p.id}, in ${p.frames} sampled frames, faces ${Math.round(p.medianFaceSize)} px)`,
  );
  if (autoMaxPreset) log("info", `preset: ${config.name}, chosen automatically: ${choosePreset(p.medianFaceSize, autoMaxPreset).reason}`);
  const painted = paintedFaceSize(config),
    face = Math.round(p.medianFaceSize);
  if (face > painted)
    log("warn", `faces are ${face} px, the model paints ${painted} px: expect a soft face; a larger preset needs a GPU worker`);
  if (footage.smallFaces)
    log(
      "warn",
      `${smallFaceWarning(footage.smallFaces, footage.kind === "image" ? "footage image" : "footage frames", config.resolution)} (faces ${face} px, the model paints ${painted} px)`,
    );
}

function smallFaceWarning(count: number, where: string, resolution: number): string {
  return `${count} ${where} show a face too small for the ${resolution} px model; it is upscaled for training and the swap will look softer (use closer shots)`;
}
