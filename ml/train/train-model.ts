import * as tf from "@tensorflow/tfjs";
import { currentBackend } from "../backend/select-backend";
import { createAdam, disposeAdam, type AdamState } from "../model/adam";
import { createAutoencoder, disposeAutoencoder, type Autoencoder } from "../model/autoencoder";
import { deserializeCheckpoint, serializeCheckpoint, type CheckpointMeta } from "../model/checkpoint";
import type { LossKind } from "../model/losses";
import { DEFAULT_LEARNING_RATE, sameLayout, type ModelConfig } from "../model/presets";
import type { CheckpointStore } from "../storage/checkpoint-store";
import { throwIfAborted } from "../util/abort";
import { createRng } from "../util/rng";
import { DEFAULT_AUGMENT, type AugmentOptions } from "./augment";
import { disposeBatch, nextBatch } from "./batch";
import type { FaceSet } from "./face-set";
import { trainStep } from "./train-step";

export type TrainProgress = { step: number; totalSteps: number; loss: number; imagesPerSecond: number; etaSeconds: number };

export type TrainOptions = {
  a: FaceSet;
  b: FaceSet;
  config: ModelConfig;
  /** Total steps; a resumed run continues until it reaches this. */
  steps: number;
  batchSize?: number;
  seed?: number;
  /** Adam's learning rate for a fresh run; default: the preset's (`config.learningRate`). A resumed run keeps its checkpoint's. */
  learningRate?: number;
  lossKind?: LossKind;
  augment?: AugmentOptions;
  store?: CheckpointStore;
  /** Storage key of the checkpoint, e.g. "models/<job id>.lkae". */
  checkpointKey?: string;
  checkpointEvery?: number;
  /** Continue from the checkpoint at checkpointKey when there is one. */
  resume?: boolean;
  /** Called with the checkpoint's step when a run resumes, before the first step. */
  onResume?: (step: number) => void;
  /**
   * Only when there is no checkpoint to resume: weights to start from instead
   * of the seeded initialisation (e.g. the talent's base model). Called once;
   * the returned model's parameters named by `initialParams` are copied in and
   * the model is disposed. The optimizer starts fresh at step 0.
   */
  initialWeights?: () => Promise<Autoencoder | undefined>;
  /** Which parameters initialWeights supplies (default: all). */
  initialParams?: (name: string) => boolean;
  onProgress?: (p: TrainProgress) => void;
  /** Read the loss back every n steps; on a GPU each readback stalls the pipeline. */
  progressEvery?: number;
  /** Checked before every step; an abort rejects with an Error named "AbortError" at once, without a checkpoint. */
  signal?: AbortSignal;
  /**
   * A graceful stop (Ctrl-C, a worker shutting down): the step under way
   * finishes, a checkpoint at that step is written (when there is a store and
   * key), and trainModel rejects with an Error named "AbortError" whose
   * message names the step; `resume` continues from it.
   */
  stopSignal?: AbortSignal;
};

/** How long training may hold the event loop before it lets timers and I/O run. */
const YIELD_EVERY_MS = 200;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export type TrainResult = {
  model: Autoencoder;
  step: number;
  losses: number[];
  resumedFrom: number | null;
  /** Whether the run started from initialWeights (false when it resumed or started from the seeded init). */
  initialized: boolean;
};

export async function trainModel(o: TrainOptions): Promise<TrainResult> {
  if (o.a.resolution !== o.config.resolution || o.b.resolution !== o.config.resolution) {
    throw new Error(`face sets are ${o.a.resolution}/${o.b.resolution} px but model ${o.config.name} needs ${o.config.resolution} px`);
  }
  const batchSize = o.batchSize ?? 8,
    seed = o.seed ?? 1,
    lossKind = o.lossKind ?? "ssim+l1";
  const progressEvery = o.progressEvery ?? 1,
    augment = o.augment ?? DEFAULT_AUGMENT;
  const backend = currentBackend();
  let model: Autoencoder,
    adam: AdamState,
    losses: number[],
    resumedFrom: number | null = null,
    initialized = false;
  const rng = createRng(seed);

  const saved = o.resume && o.store && o.checkpointKey ? await o.store.get(o.checkpointKey) : undefined;
  if (saved) {
    const ck = deserializeCheckpoint(saved);
    if (!ck.adam) throw new Error("checkpoint has no optimizer state; it cannot be resumed");
    if (!sameLayout(ck.model.config, o.config)) throw new Error(`checkpoint was trained as ${ck.model.config.name}, not ${o.config.name}`);
    ({ model, adam } = ck as { model: Autoencoder; adam: AdamState });
    losses = ck.meta.losses;
    rng.setState(ck.meta.rngState);
    resumedFrom = ck.meta.step;
    o.onResume?.(resumedFrom);
  } else {
    model = createAutoencoder(o.config, seed);
    try {
      const init = o.initialWeights ? await o.initialWeights() : undefined;
      if (init) {
        try {
          copyParams(init, model, o.initialParams ?? (() => true));
          initialized = true;
        } finally {
          disposeAutoencoder(init);
        }
      }
    } catch (e) {
      disposeAutoencoder(model);
      throw e;
    }
    adam = createAdam(model.params, o.learningRate ?? o.config.learningRate ?? DEFAULT_LEARNING_RATE);
    losses = [];
  }

  const save = async () => {
    if (!o.store || !o.checkpointKey) return;
    const meta: CheckpointMeta = {
      step: adam.step,
      seed,
      rngState: rng.getState(),
      backend: backend?.backend ?? tf.getBackend(),
      device: backend?.device ?? "unknown",
      lossKind,
      batchSize,
      losses,
    };
    await o.store.put(o.checkpointKey, await serializeCheckpoint(model, adam, meta));
  };

  try {
    const started = performance.now(),
      startStep = adam.step;
    let pending: tf.Scalar[] = [];
    const readPendingLosses = async () => {
      for (const t of pending) {
        losses.push((await t.data())[0]!);
        t.dispose();
      }
      pending = [];
    };
    let lastYield = performance.now();
    while (adam.step < o.steps) {
      // On the cpu backend a step and its loss readback never leave the
      // microtask queue, so timers (a caller's heartbeat, its cancellation
      // check) would not run for the whole training; give them a turn.
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      throwIfAborted(o.signal, "training");
      if (o.stopSignal?.aborted) {
        // The checkpoint's loss history must hold every step it has trained.
        await readPendingLosses();
        await save();
        throw stoppedError(adam.step, !!(o.store && o.checkpointKey));
      }
      const a = nextBatch(o.a, batchSize, rng, augment);
      const b = nextBatch(o.b, batchSize, rng, augment);
      pending.push(trainStep(model, adam, a, b, lossKind));
      disposeBatch(a);
      disposeBatch(b);
      const last = adam.step === o.steps;
      if (adam.step % progressEvery === 0 || last) {
        await readPendingLosses();
        const done = adam.step - startStep,
          secs = (performance.now() - started) / 1000;
        const rate = (done * batchSize * 2) / secs;
        o.onProgress?.({
          step: adam.step,
          totalSteps: o.steps,
          loss: losses[losses.length - 1]!,
          imagesPerSecond: rate,
          etaSeconds: ((o.steps - adam.step) * batchSize * 2) / rate,
        });
      }
      if (o.checkpointEvery && adam.step % o.checkpointEvery === 0 && !last) await save();
    }
    await save();
    return { model, step: adam.step, losses, resumedFrom, initialized };
  } catch (e) {
    disposeAutoencoder(model);
    throw e;
  } finally {
    disposeAdam(adam);
  }
}

/** The rejection of a training stopped by `stopSignal`: named like a cancellation, saying where it can resume. */
function stoppedError(step: number, saved: boolean): Error {
  const e = new Error(
    saved
      ? `training stopped at step ${step}; checkpoint saved at step ${step}`
      : `training stopped at step ${step} (no checkpoint store, nothing saved)`,
  );
  e.name = "AbortError";
  return e;
}

/** Copies the chosen parameters of `from` into `to`; both must be the same layout. */
function copyParams(from: Autoencoder, to: Autoencoder, include: (name: string) => boolean): void {
  if (!sameLayout(from.config, to.config)) throw new Error(`initial weights are ${from.config.name}, not ${to.config.name}`);
  for (const [name, target] of to.params) {
    if (!include(name)) continue;
    const source = from.params.get(name);
    if (!source) throw new Error(`initial weights have no parameter ${name}`);
    target.assign(source);
  }
}
