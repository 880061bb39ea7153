import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { swapImage } from "../convert/swap-image";
import { decodeImage } from "../media/image-io";
import { decode, disposeAutoencoder, encode, type Autoencoder, type Side } from "../model/autoencoder";
import { loadModel } from "../model/model-io";
import { PRESETS } from "../model/presets";
import { createMemoryCheckpointStore } from "../storage/memory-checkpoint-store";
import { augmentedPortraits } from "../testing/likeness-fixtures";
import { testPhoto } from "../testing/photos";
import type { FaceSet } from "../train/face-set";
import { countFrames, ffmpegPath, probeVideo, run } from "../media/ffmpeg";
import { footageFaceSet, talentFaceSet } from "./render-face-sets";
import { renderSwap, type RenderProgress, type RenderSwapOptions } from "./render-swap";

// Talent: the person of human-sample-me.jpg (augmented into a small set).
// Footage: Grace Hopper (python-matplotlib-data), another person, as a
// panning 320x240 clip with a sine audio track and as a still.
let dir: string;
let talentImages: Array<{ name: string; bytes: Uint8Array }>;
let clip: string, still: string;

async function makeClip(photo: string, out: string): Promise<string> {
  // 18 frames at 12 fps: scaled to 360 px wide, a 320x240 window panning right by 20 px/s.
  await run(ffmpegPath(), [
    "-v",
    "error",
    "-loop",
    "1",
    "-i",
    testPhoto(photo),
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:sample_rate=44100:duration=1.5",
    "-filter_complex",
    "[0:v]scale=360:-2,crop=320:240:'t*20':40,format=yuv420p[v]",
    "-map",
    "[v]",
    "-map",
    "1:a",
    "-r",
    "12",
    "-frames:v",
    "18",
    "-c:v",
    "libx264",
    "-c:a",
    "aac",
    out,
  ]);
  return out;
}

// renderSwap trains on ML_BACKEND's backend when one is named (wasm: the CPU route), else on the cpu selected below.
const trainingBackend = process.env.ML_BACKEND === "wasm" ? "wasm" : "cpu";

const base = (o: Partial<RenderSwapOptions> & Pick<RenderSwapOptions, "footagePath" | "outputPath">): RenderSwapOptions => ({
  talentImages,
  preset: "tiny",
  steps: 10,
  batchSize: 2,
  learningRate: 3e-3,
  seed: 5,
  store: createMemoryCheckpointStore(),
  checkpointKey: "jobs/test/model.lkae",
  ...o,
});

beforeAll(async () => {
  await selectBackend("cpu", () => {});
  dir = await mkdtemp(path.join(tmpdir(), "ml-render-"));
  talentImages = await augmentedPortraits(4);
  clip = await makeClip("python-matplotlib-data-grace_hopper.jpg", path.join(dir, "footage.mp4"));
  still = path.join(dir, "footage.png");
  await sharp(testPhoto("python-matplotlib-data-grace_hopper.jpg")).resize(256).png().toFile(still);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function byStage(events: RenderProgress[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const e of events) (out[e.stage] ??= []).push(e.fraction);
  return out;
}

/** Mean absolute error of `side`'s reconstruction of a face set. */
function reconstructionError(model: Autoencoder, side: Side, set: FaceSet): number {
  return tf.tidy(() => {
    const r = set.resolution;
    const x = tf.tensor4d(Float32Array.from(set.faces.flatMap((f) => Array.from(f))), [set.faces.length, r, r, 3]);
    return decode(model, side, encode(model, x)).face.sub(x).abs().mean().dataSync()[0]!;
  });
}

describe("renderSwap", () => {
  it("renders a clip end to end: same frame count, frame rate, size and audio, monotone progress per stage ending at 1, a preview, swapped faces", async () => {
    const out = path.join(dir, "out.mp4");
    const progress: RenderProgress[] = [],
      previews: Uint8Array[] = [],
      logs: string[] = [];
    const r = await renderSwap(
      base({
        footagePath: clip,
        outputPath: out,
        onProgress: (p) => progress.push(p),
        onPreview: (j) => previews.push(j),
        onLog: (level, m) => logs.push(`${level}: ${m}`),
      }),
    );
    const [inInfo, outInfo] = [await probeVideo(clip), await probeVideo(out)];
    expect(await countFrames(out)).toBe(await countFrames(clip));
    expect(outInfo.frameRate).toBe(inInfo.frameRate);
    expect([outInfo.width, outInfo.height]).toEqual([320, 240]);
    expect(outInfo.audioCodec).toBe("aac");
    expect(r).toMatchObject({
      kind: "video",
      outputPath: out,
      trainSteps: 10,
      resumedFrom: null,
      framesTotal: 18,
      backend: trainingBackend,
      modelId: "tiny@10",
    });
    expect(r.framesWithFace).toBeGreaterThan(0);
    expect(Number.isFinite(r.finalLoss)).toBe(true);

    const stages = byStage(progress);
    expect(Object.keys(stages)).toEqual(["extract", "train", "convert"]);
    for (const fractions of Object.values(stages)) {
      for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
      expect(fractions.at(-1)).toBe(1);
      expect(Math.min(...fractions)).toBeGreaterThanOrEqual(0);
    }
    expect(stages.train!.length).toBeGreaterThanOrEqual(10);

    expect(previews.length).toBeGreaterThanOrEqual(1);
    expect(previews.length).toBeLessThanOrEqual(1 + Math.floor(r.stageSeconds.convert)); // at most one per second
    const preview = await sharp(previews[0]!).metadata();
    expect([preview.format, preview.width, preview.height]).toEqual(["jpeg", 320, 240]);

    expect(logs.some((l) => l.startsWith(`info: backend: ${trainingBackend} on `))).toBe(true);
    expect(logs).toContain("info: talent: a face in 4 of 4 photos");
    expect(logs.some((l) => /^info: footage: a face in \d+ of 18 sampled footage frames/.test(l))).toBe(true);
    expect(logs.some((l) => /^info: trained 10 steps: final loss \d/.test(l))).toBe(true);
    expect(logs).toContain(`info: swapped the face in ${r.framesWithFace} of 18 frames`);
    for (const s of ["extract", "train", "convert"] as const) expect(r.stageSeconds[s]).toBeGreaterThan(0);
  });

  it("renders a still footage image to a PNG of the same size, painted by the talent's decoder (B), which learned the talent's faces", async () => {
    const out = path.join(dir, "out.png");
    const store = createMemoryCheckpointStore();
    const previews: Uint8Array[] = [];
    const r = await renderSwap(base({ footagePath: still, outputPath: out, store, steps: 24, onPreview: (j) => previews.push(j) }));
    expect(r).toMatchObject({ kind: "image", framesTotal: 1, framesWithFace: 1 });
    const [input, output] = [await decodeImage(still), await decodeImage(out)];
    expect([output.width, output.height]).toEqual([input.width, input.height]);
    expect((await sharp(out).metadata()).format).toBe("png");
    expect(previews.length).toBe(1);

    // The output is exactly the swap with decoder B of the trained model, and
    // B (trained on the talent) reconstructs the talent's faces better than A
    // (trained on the footage) does, and A the footage's better than B.
    const { model } = await loadModel(store, "jobs/test/model.lkae");
    try {
      expect(Buffer.from(output.data).equals(Buffer.from((await swapImage(model, input, { side: "b" })).image.data))).toBe(true);
      expect(Buffer.from(output.data).equals(Buffer.from((await swapImage(model, input, { side: "a" })).image.data))).toBe(false);
      const talent = (await talentFaceSet(talentImages, PRESETS.tiny)).set,
        footage = (await footageFaceSet(still, PRESETS.tiny)).set;
      expect(reconstructionError(model, "b", talent)).toBeLessThan(reconstructionError(model, "a", talent));
      expect(reconstructionError(model, "a", footage)).toBeLessThan(reconstructionError(model, "b", footage));
    } finally {
      disposeAutoencoder(model);
    }
  });

  it("resumes a run aborted mid-training from its checkpoint, and leaks no tensors", async () => {
    const store = createMemoryCheckpointStore(),
      out = path.join(dir, "resumed.png");
    const controller = new AbortController();
    const common = { footagePath: still, outputPath: out, store, steps: 8, checkpointEvery: 2 };
    const first = renderSwap(
      base({
        ...common,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === "train" && p.fraction >= 0.5) controller.abort();
        },
      }),
    );
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    expect(store.keys()).toEqual(["jobs/test/model.lkae"]);
    expect(existsSync(out)).toBe(false);

    const before = tf.memory().numTensors;
    const logs: string[] = [];
    const r = await renderSwap(base({ ...common, onLog: (_, m) => logs.push(m) }));
    expect(r.resumedFrom).toBe(4);
    expect(r.trainSteps).toBe(8);
    expect(logs).toContain("resuming from the checkpoint at step 4 of 8");
    expect(existsSync(out)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("cancelled during convert, rejects with AbortError within about a second and leaves neither the output nor a temp file", async () => {
    const controller = new AbortController();
    const out = path.join(dir, "cancelled", "out.mp4");
    let abortedAt = 0;
    const rendering = renderSwap(
      base({
        footagePath: clip,
        outputPath: out,
        steps: 2,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === "convert" && p.fraction > 0.2 && !abortedAt) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      }),
    );
    const error = await rendering.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const latency = performance.now() - abortedAt;
    expect(abortedAt).toBeGreaterThan(0);
    expect(error?.name).toBe("AbortError");
    expect(latency).toBeLessThan(1500);
    expect(await readdir(path.dirname(out))).toEqual([]);
  });

  it("fails with a clear error when the footage shows no face", async () => {
    const fruits = await makeClip("opencv-doc-fruits.jpg", path.join(dir, "fruits.mp4"));
    await expect(renderSwap(base({ footagePath: fruits, outputPath: path.join(dir, "fruits-out.mp4") }))).rejects.toThrow(
      /^no face found in any of the 18 frames sampled from the footage \(every frame\) .*fruits\.mp4; the footage must show the face to replace/,
    );
  });

  it("fails with a clear error when the footage cannot be read or no talent photo shows a face", async () => {
    const broken = path.join(dir, "broken.mp4");
    await writeFile(broken, "not a video");
    await expect(renderSwap(base({ footagePath: broken, outputPath: path.join(dir, "broken-out.mp4") }))).rejects.toThrow(
      /^the footage .*broken\.mp4 could not be read as a video/,
    );
    const noFaces = [
      { name: "fruits.jpg", bytes: new Uint8Array(await sharp(testPhoto("opencv-doc-fruits.jpg")).jpeg().toBuffer()) },
      { name: "notes.txt", bytes: new TextEncoder().encode("hello") },
    ];
    await expect(renderSwap(base({ talentImages: noFaces, footagePath: clip, outputPath: path.join(dir, "x.mp4") }))).rejects.toThrow(
      "no face found in any of the 2 talent photos (1 could not be read as images); the talent's likeness set needs clear photos that each show one face",
    );
  });
});
