import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend";
import { createAutoencoder, disposeAutoencoder, type Autoencoder } from "../model/autoencoder";
import { PRESETS } from "../model/presets";
import { testPhoto } from "../testing/photos";
import { countFrames, ffmpegPath, probeVideo, run } from "../media/ffmpeg";
import { swapVideo } from "./swap-video";

let dir: string;
let model: Autoencoder;
let source: string;

beforeAll(async () => {
  await selectBackend("cpu", () => {});
  model = createAutoencoder(PRESETS.tiny, 9);
  dir = await mkdtemp(path.join(tmpdir(), "ml-video-"));
  source = path.join(dir, "in.mp4");
  // 12 frames at 12 fps of a real portrait drifting sideways, with a 440 Hz sine track from lavfi.
  await run(ffmpegPath(), [
    "-v",
    "error",
    "-loop",
    "1",
    "-i",
    testPhoto("human-sample-me.jpg"),
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:sample_rate=44100:duration=1",
    "-filter_complex",
    "[0:v]scale=360:360,crop=320:320:'t*30':20,format=yuv420p[v]",
    "-map",
    "[v]",
    "-map",
    "1:a",
    "-r",
    "12",
    "-frames:v",
    "12",
    "-c:v",
    "libx264",
    "-c:a",
    "aac",
    path.join(dir, "in.mp4"),
  ]);
});

afterAll(async () => {
  disposeAutoencoder(model);
  await rm(dir, { recursive: true, force: true });
});

describe("video swap", () => {
  it("keeps frame count, frame rate, resolution and the audio track", async () => {
    const out = path.join(dir, "out.mp4");
    const frames: number[] = [];
    const result = await swapVideo(model, source, out, { onProgress: (p) => frames.push(p.frame) });
    const [inInfo, outInfo] = [await probeVideo(source), await probeVideo(out)];
    expect(await countFrames(out)).toBe(await countFrames(source));
    expect(result.frames).toBe(12);
    expect(result.framesWithFace).toBe(12);
    expect(outInfo.frameRate).toBe(inInfo.frameRate);
    expect([outInfo.width, outInfo.height]).toEqual([inInfo.width, inInfo.height]);
    expect(outInfo.audioCodec).toBe("aac");
    expect(Math.abs(outInfo.durationSeconds - inInfo.durationSeconds)).toBeLessThan(0.1);
    expect(frames.at(-1)).toBe(12);
  });

  it("leaves no partial output when the input cannot be decoded", async () => {
    const out = path.join(dir, "broken-out.mp4");
    await expect(swapVideo(model, testPhoto("opencv-doc-fruits.jpg").replace(".jpg", ".missing.mp4"), out)).rejects.toThrow();
    expect((await readdir(dir)).filter((f) => f.includes("broken-out"))).toEqual([]);
  });
});
