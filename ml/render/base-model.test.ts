import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { loadFacePool, PUBLIC_FACE_POOL } from "../faces/public-face-pool";
import { createAutoencoder, decode, disposeAutoencoder, encode, type Autoencoder, type Side } from "../model/autoencoder";
import { deserializeCheckpoint, serializeCheckpoint } from "../model/checkpoint";
import { PRESETS } from "../model/presets";
import { createMemoryCheckpointStore } from "../storage/memory-checkpoint-store";
import { augmentedPortraits } from "../testing/likeness-fixtures";
import { ensureTestPhotos, testPhoto } from "../testing/photos";
import { buildFaceSet, type FaceSet } from "../train/face-set";
import { trainModel } from "../train/train-model";
import { createRng } from "../util/rng";
import { decodeImage } from "../media/image-io";
import { baseModelParams, trainBaseModel, type TrainBaseModelOptions } from "./base-model";
import { renderSwap, type RenderSwapOptions } from "./render-swap";

// Talent: the person of human-sample-me.jpg (augmented). Pool: PUBLIC_FACE_POOL
// (Eileen Collins, the cameraman). Footage: a still of Grace Hopper.
let dir: string, still: string;
let talentImages: Array<{ name: string; bytes: Uint8Array }>;
let poolImages: Array<{ name: string; bytes: Uint8Array }>;
let talent: FaceSet, pool: FaceSet;
const config = PRESETS.tiny;
const BASE = "talent-models/p1";
const baseStore = createMemoryCheckpointStore();

const baseOptions = (o: Partial<TrainBaseModelOptions> = {}): TrainBaseModelOptions => ({
  talentImages,
  poolImages,
  preset: "tiny",
  steps: 40,
  batchSize: 2,
  learningRate: 3e-3,
  seed: 2,
  store: baseStore,
  key: BASE,
  ...o,
});

const swapOptions = (o: Partial<RenderSwapOptions> = {}): RenderSwapOptions => ({
  talentImages,
  footagePath: still,
  outputPath: path.join(dir, "out.png"),
  preset: "tiny",
  steps: 3,
  batchSize: 2,
  learningRate: 3e-3,
  seed: 5,
  store: baseStore,
  checkpointKey: `orders/${Math.random().toString(36).slice(2)}`,
  ...o,
});

/** Mean absolute error of `side`'s reconstruction of a face set. */
function reconstructionError(model: Autoencoder, side: Side, set: FaceSet): number {
  return tf.tidy(() => {
    const r = set.resolution;
    const x = tf.tensor4d(Float32Array.from(set.faces.flatMap((f) => Array.from(f))), [set.faces.length, r, r, 3]);
    return decode(model, side, encode(model, x)).face.sub(x).abs().mean().dataSync()[0]!;
  });
}

beforeAll(async () => {
  await selectBackend("cpu", () => {});
  dir = await mkdtemp(path.join(tmpdir(), "ml-base-model-"));
  talentImages = await augmentedPortraits(4);
  poolImages = await loadFacePool({ fixturesDir: ensureTestPhotos() });
  still = path.join(dir, "footage.png");
  await sharp(testPhoto("python-matplotlib-data-grace_hopper.jpg")).resize(256).png().toFile(still);
  const set = async (images: Array<{ bytes: Uint8Array }>) =>
    (await buildFaceSet(await Promise.all(images.map((i) => decodeImage(i.bytes))), config.resolution, config.margin)).set;
  [talent, pool] = [await set(talentImages), await set(poolImages)];
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the public face pool", () => {
  it("holds every listed photo, each with one face found, none of them the tests' talent or footage person", async () => {
    expect(poolImages.map((p) => p.name)).toEqual(PUBLIC_FACE_POOL.map((p) => p.file));
    expect(pool.faces.length).toBe(PUBLIC_FACE_POOL.length);
    expect(poolImages.map((p) => p.name).some((n) => /grace_hopper|sample-me/.test(n))).toBe(false);
    for (const p of PUBLIC_FACE_POOL) expect(p.license).not.toBe("");
  });

  it("reads a custom folder instead (images only) and nothing from a missing one", async () => {
    const custom = path.join(dir, "pool");
    expect(await loadFacePool({ customDir: custom, fixturesDir: ensureTestPhotos() })).toEqual([]);
    await mkdir(custom);
    await writeFile(path.join(custom, "notes.txt"), "not a photo");
    await sharp(testPhoto("python3-skimage-astronaut.png")).jpeg().toFile(path.join(custom, "a.jpg"));
    expect((await loadFacePool({ customDir: custom, fixturesDir: ensureTestPhotos() })).map((p) => p.name)).toEqual(["a.jpg"]);
  });
});

describe("trainBaseModel", () => {
  it("trains the talent on decoder B and the pool on decoder A, saves at the key, resumes after an abort, and leaks no tensors", async () => {
    const stop = new AbortController();
    const first = trainBaseModel(
      baseOptions({
        checkpointEvery: 10,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.step === 20) stop.abort();
        },
      }),
    );
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    expect(baseStore.keys()).toEqual([BASE]);
    // Counted after the first training of the process (tfjs keeps a few constants for good).
    const before = tf.memory().numTensors;

    const logs: string[] = [];
    const r = await trainBaseModel(baseOptions({ onLog: (l, m) => logs.push(`${l}: ${m}`) }));
    expect(r).toMatchObject({
      steps: 40,
      resumedFrom: 20,
      talentFaces: 4,
      poolFaces: PUBLIC_FACE_POOL.length,
      backend: process.env.ML_BACKEND === "wasm" ? "wasm" : "cpu",
      modelId: "tiny@40",
    });
    expect(logs).toContain("info: resuming the base model from step 20 of 40");
    expect(logs).toContain(`info: pool of other faces: a face in ${PUBLIC_FACE_POOL.length} of ${PUBLIC_FACE_POOL.length} photos`);
    expect(tf.memory().numTensors).toBe(before);

    const saved = deserializeCheckpoint((await baseStore.get(BASE))!, false);
    try {
      expect(saved.meta.step).toBe(40);
      expect(saved.model.config).toEqual(config);
      expect(reconstructionError(saved.model, "b", talent)).toBeLessThan(reconstructionError(saved.model, "a", talent));
      expect(reconstructionError(saved.model, "a", pool)).toBeLessThan(reconstructionError(saved.model, "b", pool));
    } finally {
      disposeAutoencoder(saved.model);
    }
  });

  it("refuses a pool without faces with a clear error", async () => {
    const fruits = [{ name: "fruits.jpg", bytes: new Uint8Array(await sharp(testPhoto("opencv-doc-fruits.jpg")).jpeg().toBuffer()) }];
    await expect(trainBaseModel(baseOptions({ poolImages: fruits, store: createMemoryCheckpointStore() }))).rejects.toThrow(
      "no face found in any of the 1 pool photos; the base model needs photos of other people's faces for decoder A",
    );
  });
});

describe("fine-tuning from the base model", () => {
  it("starts from the base model's weights: encoder and decoder B copied, decoder A fresh with encoder+b, all of them with all", async () => {
    const base = deserializeCheckpoint((await baseStore.get(BASE))!, false).model;
    const load = async () => deserializeCheckpoint((await baseStore.get(BASE))!, false).model;
    try {
      for (const parts of ["encoder+b", "all"] as const) {
        const r = await trainModel({
          a: pool,
          b: talent,
          config,
          steps: 0,
          seed: 9,
          initialWeights: load,
          initialParams: baseModelParams(parts),
        });
        expect(r.initialized).toBe(true);
        for (const [name, v] of r.model.params) {
          const same = Buffer.from((await v.data()).buffer).equals(Buffer.from((await base.params.get(name)!.data()).buffer));
          expect([name, same]).toEqual([name, parts === "all" || !name.startsWith("dec_a/")]);
        }
        disposeAutoencoder(r.model);
      }
    } finally {
      disposeAutoencoder(base);
    }
  });

  it("renderSwap fine-tunes from the base model: logged, a lower first loss than from scratch with the same seed, no tensors leaked", async () => {
    const before = tf.memory().numTensors;
    const logs: string[] = [];
    const fromBase = await renderSwap(swapOptions({ baseModelKey: BASE, onLog: (l, m) => logs.push(`${l}: ${m}`) }));
    const scratch = await renderSwap(swapOptions());
    expect(tf.memory().numTensors).toBe(before);
    expect(fromBase.startedFrom).toBe("base-model");
    expect(scratch.startedFrom).toBe("scratch");
    expect(logs, logs.join("\n")).toContain("info: fine-tuning from the talent's base model (3 steps); it was trained 40 steps");
    expect(fromBase.losses).toHaveLength(3);
    expect(fromBase.losses[0]!).toBeLessThan(scratch.losses[0]! * 0.9);
  });

  it("a checkpoint of the order wins over the base model (the run resumes)", async () => {
    const key = "orders/resumed";
    const stop = new AbortController();
    await expect(
      renderSwap(
        swapOptions({
          checkpointKey: key,
          steps: 4,
          checkpointEvery: 2,
          baseModelKey: BASE,
          signal: stop.signal,
          onProgress: (p) => {
            if (p.stage === "train" && p.fraction >= 0.5) stop.abort();
          },
        }),
      ),
    ).rejects.toMatchObject({ name: "AbortError" });
    const logs: string[] = [];
    const r = await renderSwap(swapOptions({ checkpointKey: key, steps: 4, baseModelKey: BASE, onLog: (_, m) => logs.push(m) }));
    expect(r).toMatchObject({ startedFrom: "checkpoint", resumedFrom: 2, trainSteps: 4 });
    expect(logs.some((m) => m.startsWith("fine-tuning"))).toBe(false);
  });

  it("a missing base model, or one of another preset, trains from scratch with a warning", async () => {
    const logs: string[] = [];
    const missing = await renderSwap(swapOptions({ baseModelKey: "talent-models/nobody", onLog: (l, m) => logs.push(`${l}: ${m}`) }));
    expect(missing.startedFrom).toBe("scratch");
    expect(logs).toContain("warn: the talent's base model is missing; training from scratch");

    // A base model of another preset (untrained: only its layout matters here).
    const other = createMemoryCheckpointStore();
    const small = createAutoencoder(PRESETS.small, 1);
    await other.put(
      "talent-models/p2",
      await serializeCheckpoint(small, null, {
        step: 0,
        seed: 1,
        rngState: createRng(1).getState(),
        backend: "cpu",
        device: "test",
        lossKind: "ssim+l1",
        batchSize: 1,
        losses: [],
      }),
    );
    disposeAutoencoder(small);
    const before = tf.memory().numTensors;
    logs.length = 0;
    const wrong = await renderSwap(
      swapOptions({ store: other, baseModelKey: "talent-models/p2", onLog: (l, m) => logs.push(`${l}: ${m}`) }),
    );
    expect(wrong.startedFrom).toBe("scratch");
    expect(logs).toContain("warn: the talent's base model was trained as small, not tiny; training from scratch");
    expect(tf.memory().numTensors).toBe(before);

    logs.length = 0;
    await other.put("talent-models/junk", new TextEncoder().encode("not a model"));
    expect(
      (await renderSwap(swapOptions({ store: other, baseModelKey: "talent-models/junk", onLog: (l, m) => logs.push(`${l}: ${m}`) })))
        .startedFrom,
    ).toBe("scratch");
    expect(logs).toContain(
      "warn: the talent's base model is not a readable model (not a Likeness model checkpoint (bad magic)); training from scratch",
    );
  });
});
