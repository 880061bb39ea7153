import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend, type BackendPreference } from "./backend/select-backend";
import { swapImage } from "./convert/swap-image";
import { decodeFrames, ffmpegPath, probeVideo, run } from "./media/ffmpeg";
import { decodeImage, encodeImage } from "./media/image-io";
import { disposeAdam } from "./model/adam";
import { disposeAutoencoder, type Autoencoder } from "./model/autoencoder";
import { deserializeCheckpoint } from "./model/checkpoint";
import { PRESETS } from "./model/presets";
import { createMemoryCheckpointStore } from "./storage/memory-checkpoint-store";
import { testFaceSets } from "./testing/face-sets";
import { testPhoto } from "./testing/photos";
import type { FaceSet } from "./train/face-set";
import { trainModel } from "./train/train-model";
import { swapVideo } from "./video/swap-video";

// The whole engine (train from real photos, swap an image, swap a clip) on
// every backend this machine has: cpu and wasm always; webgpu where Dawn
// finds a Vulkan adapter (a GPU, or Mesa's lavapipe, which .ci/run installs).
const END_TO_END_BACKENDS: BackendPreference[] = ["cpu", "wasm", "webgpu"];

const available = new Map<BackendPreference, boolean>();
for (const b of END_TO_END_BACKENDS)
  available.set(
    b,
    await selectBackend(b, () => {}).then(
      () => true,
      () => false,
    ),
  );
await selectBackend("cpu", () => {});

const config = PRESETS.tiny;
const CLIP_FRAMES = 4;
let dir: string, clip: string, sets: { a: FaceSet; b: FaceSet };

beforeAll(async () => {
  // Face sets are plain arrays (detection runs on wasm), so every backend trains on the same data.
  sets = await testFaceSets(config.resolution, 2);
  dir = await mkdtemp(path.join(tmpdir(), "ml-e2e-"));
  clip = path.join(dir, "clip.mp4");
  // A few frames of a real portrait drifting sideways, no audio: small enough for lavapipe.
  await run(ffmpegPath(), [
    "-v",
    "error",
    "-loop",
    "1",
    "-i",
    testPhoto("human-sample-me.jpg"),
    "-filter_complex",
    "[0:v]scale=360:360,crop=320:320:'t*30':20,format=yuv420p[v]",
    "-map",
    "[v]",
    "-r",
    "8",
    "-frames:v",
    String(CLIP_FRAMES),
    "-c:v",
    "libx264",
    clip,
  ]);
});

afterAll(async () => {
  await selectBackend("cpu", () => {});
  await rm(dir, { recursive: true, force: true });
});

async function decodeAllFrames(file: string): Promise<Uint8Array[]> {
  const { width, height } = await probeVideo(file);
  const frames: Uint8Array[] = [];
  for await (const f of decodeFrames(file, width, height)) frames.push(f.slice());
  return frames;
}

for (const backend of END_TO_END_BACKENDS) {
  describe.runIf(available.get(backend))(`end to end on ${backend}`, () => {
    let model: Autoencoder;

    beforeAll(async () => {
      await selectBackend(backend, () => {});
    });

    afterAll(() => {
      if (model) disposeAutoencoder(model);
    });

    it("trains a tiny model from real photos and checkpoints it with its backend", async () => {
      const store = createMemoryCheckpointStore();
      const r = await trainModel({
        ...sets,
        config,
        steps: 3,
        batchSize: 2,
        seed: 5,
        learningRate: 1e-3,
        store,
        checkpointKey: "e2e.lkae",
      });
      model = r.model;
      expect(r.step).toBe(3);
      expect(r.losses).toHaveLength(3);
      for (const l of r.losses) expect(Number.isFinite(l) && l > 0).toBe(true);
      const saved = deserializeCheckpoint((await store.get("e2e.lkae"))!);
      expect(saved.meta.step).toBe(3);
      expect(saved.meta.backend).toBe(backend);
      disposeAutoencoder(saved.model);
      if (saved.adam) disposeAdam(saved.adam);
    });

    it("swaps the face of a photo and leaves the rest of it untouched", async () => {
      const input = await decodeImage(testPhoto("human-sample-me.jpg"));
      const r = await swapImage(model, input);
      expect(r.facesSwapped).toBe(1);
      expect(tf.getBackend()).toBe(backend);
      let changedInside = 0;
      for (let p = 0; p < r.mask.length; p++) {
        const same = [0, 1, 2].every((c) => r.image.data[p * 3 + c] === input.data[p * 3 + c]);
        if (r.mask[p] === 0) expect(same).toBe(true);
        else if (!same) changedInside++;
      }
      expect(changedInside).toBeGreaterThan(100);
      // The result encodes and decodes as an image of the same size.
      const back = await decodeImage(await encodeImage(r.image, "png"));
      expect([back.width, back.height]).toEqual([input.width, input.height]);
    });

    it("swaps every frame of a short clip and writes a video that decodes", async () => {
      const out = path.join(dir, `out-${backend}.mp4`);
      const r = await swapVideo(model, clip, out);
      expect(r.frames).toBe(CLIP_FRAMES);
      expect(r.framesWithFace).toBe(CLIP_FRAMES);
      const [before, after] = [await decodeAllFrames(clip), await decodeAllFrames(out)];
      expect(after).toHaveLength(CLIP_FRAMES);
      const info = await probeVideo(out);
      expect([info.width, info.height]).toEqual([320, 320]);
      // The face region changed in every frame (the tiny model paints its own face there).
      for (let f = 0; f < CLIP_FRAMES; f++) {
        let differing = 0;
        for (let i = 0; i < before[f]!.length; i++) if (Math.abs(before[f]![i]! - after[f]![i]!) > 24) differing++;
        expect(differing, `frame ${f}`).toBeGreaterThan(300);
      }
    });
  });
}
