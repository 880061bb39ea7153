import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { descriptorDistance } from "../faces/descriptor-distance";
import { detectFaces } from "../faces/detect-faces";
import { decodeImage } from "../media/image-io";
import { decodeFrames, ffmpegPath, probeVideo, run } from "../media/ffmpeg";
import { createAutoencoder, disposeAutoencoder, type Autoencoder } from "../model/autoencoder";
import { PRESETS } from "../model/presets";
import { testPhoto } from "../testing/photos";
import { LowCoverageError } from "./low-coverage-error";
import { swapVideo } from "./swap-video";
import { smallFaceClip, talkingHeadClip, twoShotClip } from "./test-clips";

let dir: string;
let model: Autoencoder;

beforeAll(async () => {
  await selectBackend("cpu", () => {});
  model = createAutoencoder(PRESETS.tiny, 3);
  dir = await mkdtemp(path.join(tmpdir(), "ml-tracking-"));
});

afterAll(async () => {
  disposeAutoencoder(model);
  await rm(dir, { recursive: true, force: true });
});

async function photoDescriptor(name: string): Promise<number[]> {
  const [face] = await detectFaces(await decodeImage(testPhoto(name)), { descriptors: true });
  return face!.descriptor!;
}

async function inputFrames(file: string): Promise<Uint8Array[]> {
  const info = await probeVideo(file);
  const frames: Uint8Array[] = [];
  for await (const f of decodeFrames(file, info.width, info.height)) frames.push(f);
  return frames;
}

/** Pixels that differ between two RGB frames in columns [x0, x1). */
function changedPixels(a: Uint8Array, b: Uint8Array, width: number, x0: number, x1: number): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 3) {
    const x = (i / 3) % width;
    if (x >= x0 && x < x1 && (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2])) n++;
  }
  return n;
}

describe("following the performer through a video", () => {
  it("swaps at least 98% of a talking head's frames while the face zooms and sways, detecting fully only on key frames", async () => {
    const clip = await talkingHeadClip(dir, { frames: 63 });
    const r = await swapVideo(model, clip, path.join(dir, "talking-out.mp4"));
    expect(r.frames).toBe(63);
    expect(r.framesWithPerformer).toBe(63);
    expect(r.framesSwapped / r.framesWithPerformer).toBeGreaterThanOrEqual(0.98);
    expect(r.keyFrames).toBeLessThan(r.frames / 5);
  });

  it("swaps at least 98% of the frames of a small face drifting across a 720p canvas", async () => {
    const clip = await smallFaceClip(dir, { frames: 30 });
    const r = await swapVideo(model, clip, path.join(dir, "small-out.mp4"));
    expect(r.frames).toBe(30);
    expect(r.framesSwapped).toBeGreaterThanOrEqual(Math.ceil(0.98 * 30));
  });

  it("in a two-shot, swaps only the chosen person, for either choice, and leaves the other's pixels untouched", async () => {
    const { file, splitX } = await twoShotClip(dir, { frames: 10 });
    const info = await probeVideo(file);
    const input = await inputFrames(file);
    const people = {
      left: await photoDescriptor("python-matplotlib-data-grace_hopper.jpg"),
      right: await photoDescriptor("human-sample-me.jpg"),
    };
    expect(descriptorDistance(people.left, people.right)).toBeGreaterThan(0.6);
    for (const chosen of ["left", "right"] as const) {
      const changed = { left: 0, right: 0 };
      const r = await swapVideo(model, file, path.join(dir, `two-${chosen}.mp4`), {
        performer: { descriptor: people[chosen] },
        onFrame: (frame, i) => {
          changed.left += changedPixels(frame.data, input[i]!, info.width, 0, splitX);
          changed.right += changedPixels(frame.data, input[i]!, info.width, splitX, info.width);
        },
      });
      expect(r.framesSwapped).toBe(10);
      const other = chosen === "left" ? "right" : "left";
      expect(changed[other]).toBe(0);
      expect(changed[chosen]).toBeGreaterThan(10 * 1000);
    }
  });

  it("fails with LowCoverageError and leaves no output when too few of the performer's frames could be swapped", async () => {
    // The face is blacked out for 4 of 18 frames mid-clip: the performer is there, the detector cannot see them.
    const clip = path.join(dir, "blackout.mp4");
    await run(ffmpegPath(), [
      "-v",
      "error",
      "-i",
      await talkingHeadClip(dir, { frames: 18 }),
      "-vf",
      "drawbox=enable='between(n,7,10)':x=0:y=0:w=iw:h=ih:color=black:t=fill",
      "-c:a",
      "copy",
      clip,
    ]);
    const out = path.join(dir, "low", "out.mp4");
    await mkdir(path.dirname(out));
    const error = await swapVideo(model, clip, out, { minCoverage: 0.98 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LowCoverageError);
    expect(error).toMatchObject({ framesSwapped: 14, framesWithPerformer: 18, framesTotal: 18 });
    expect((error as Error).message).toBe(
      "only 14 of 18 frames (77%) of the performer could be swapped; at least 98% are needed for a render without flicker",
    );
    expect(existsSync(out)).toBe(false);
    expect(await readdir(path.dirname(out))).toEqual([]);
  });
});
