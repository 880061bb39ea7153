import { copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrames, ffmpegPath, probeVideo, run } from "../media/ffmpeg";
import { psnr } from "../media/quality";
import { testPhoto } from "../testing/photos";
import { buildFaceSet } from "../train/face-set";
import { extractFaces } from "./extract-faces";
import { readFaceIndex } from "./face-index";
import { loadFaceSetDir } from "./load-face-dir";

// A short clip made from a real photo (human-sample-me.jpg) with ffmpeg:
// 2 s at 4 fps, the 700 px portrait shrunk to 200 px inside a 320x240 frame,
// so its face (~68 px) is upscaled into 256 px crops.
let dir: string, clip: string, out: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ml-extract-"));
  clip = path.join(dir, "clip.mp4");
  out = path.join(dir, "faces");
  await run(ffmpegPath(), [
    "-v",
    "error",
    "-loop",
    "1",
    "-i",
    testPhoto("human-sample-me.jpg"),
    "-t",
    "2",
    "-r",
    "4",
    "-vf",
    "scale=200:200,pad=320:240:60:20",
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    clip,
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("extract, then train from its folder", () => {
  it("writes aligned crops with their landmarks and reports small faces with their size and upscaling", async () => {
    const r = await extractFaces(clip, out, { size: 256, everyNth: 2 });
    expect(r).toMatchObject({ inputs: 4, faces: 4, skipped: [] });
    expect(r.smallFaces).toHaveLength(4);
    expect(r.smallFaces[0]).toMatch(/^.*clip\.mp4#0: face of \d+ px upscaled \d+\.\dx$/);
    const index = (await readFaceIndex(out))!;
    expect(index.faces.map((f) => f.file)).toEqual(["frame-000000.png", "frame-000002.png", "frame-000004.png", "frame-000006.png"]);
    for (const f of index.faces) {
      expect(f.faceSize).toBeLessThan(90);
      expect(f.scale).toBeGreaterThan(2);
    }
    expect((await readdir(out)).sort()).toEqual(["faces.json", ...index.faces.map((f) => f.file)]);
  });

  it("builds the training face set from extract's folder, matching an alignment of the original frame", async () => {
    const { set, skipped, aligned } = await loadFaceSetDir(out, 64, 0.2);
    expect({ faces: set.faces.length, skipped, aligned }).toEqual({ faces: 4, skipped: 0, aligned: 4 });
    expect(set.masks).toHaveLength(4);
    // The same face aligned by detection on the clip's first frame: the re-aligned crop is that face.
    const info = await probeVideo(clip);
    let frame: Uint8Array | undefined;
    for await (const f of decodeFrames(clip, info.width, info.height, { maxFrames: 1 })) frame = f;
    const direct = (await buildFaceSet([{ width: info.width, height: info.height, data: frame! }], 64, 0.2)).set;
    const asRgb = (data: Float32Array) => ({ width: 64, height: 64, data: Uint8Array.from(data, (x) => Math.round(x * 255)) });
    expect(psnr(asRgb(set.faces[0]!), asRgb(direct.faces[0]!))).toBeGreaterThan(25);
  });

  it("still detects faces in a folder of ordinary photos", async () => {
    const photos = path.join(dir, "photos");
    await mkdir(photos);
    for (const name of ["human-sample-me.jpg", "python-matplotlib-data-grace_hopper.jpg", "opencv-doc-fruits.jpg"])
      await copyFile(testPhoto(name), path.join(photos, name));
    const { set, skipped, aligned } = await loadFaceSetDir(photos, 32, 0.2);
    expect({ faces: set.faces.length, skipped, aligned }).toEqual({ faces: 2, skipped: 1, aligned: 0 });
  });
});
