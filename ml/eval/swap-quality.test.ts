import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { descriptorDistance } from "../faces/descriptor-distance";
import { detectFaces } from "../faces/detect-faces";
import { extractFaces } from "../extract/extract-faces";
import { loadFaceSetDir } from "../extract/load-face-dir";
import { decodeImage } from "../media/image-io";
import { disposeAutoencoder } from "../model/autoencoder";
import { fileStore } from "../model/model-io";
import { resolveConfig } from "../model/presets";
import { testPhoto } from "../testing/photos";
import { trainModel } from "../train/train-model";
import { talentCentre } from "./swap-quality";

// The eval works on folders the caller names: here the talent is extract's
// output for human-sample-me.jpg and the footage two photos of Grace Hopper
// and Eileen Collins; the model a tiny one trained 2 steps (any model will do:
// the measurements, not the swap quality, are under test).
let dir: string, talentDir: string, footageDir: string, modelFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ml-eval-"));
  talentDir = path.join(dir, "talent");
  footageDir = path.join(dir, "footage");
  await extractFaces(testPhoto("human-sample-me.jpg"), talentDir, { size: 256 });
  await mkdir(footageDir);
  for (const name of ["python-matplotlib-data-grace_hopper.jpg", "python3-skimage-astronaut.png"])
    await copyFile(testPhoto(name), path.join(footageDir, name));
  const config = resolveConfig("tiny");
  const a = (await loadFaceSetDir(footageDir, config.resolution, config.margin)).set;
  const b = (await loadFaceSetDir(talentDir, config.resolution, config.margin)).set;
  modelFile = path.join(dir, "tiny.lkae");
  const { store, key } = fileStore(modelFile);
  const r = await trainModel({ a, b, config, steps: 2, batchSize: 1, store, checkpointKey: key, checkpointEvery: 1 });
  disposeAutoencoder(r.model);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("eval:ml on given folders", () => {
  it("takes the talent's identity from an extracted crop folder", async () => {
    const crop = await decodeImage(path.join(talentDir, "face-00000.png"));
    const { centre, faces } = await talentCentre([crop]);
    expect(faces).toBe(1);
    const portrait = (await detectFaces(await decodeImage(testPhoto("human-sample-me.jpg")), { descriptors: true }))[0]!;
    expect(descriptorDistance(centre, portrait.descriptor!)).toBeLessThan(0.4);
  });

  it("prints identity, pose and background measurements as JSON for a saved model", async () => {
    const { stdout } = await promisify(execFile)(
      "npx",
      ["tsx", "ml/eval.ts", "--talent", talentDir, "--footage", footageDir, "--model", modelFile],
      {
        env: { ...process.env, ML_BACKEND: "cpu" },
        maxBuffer: 1 << 20,
      },
    );
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ model: modelFile, talent: talentDir, footage: footageDir, heldOutImages: 2, talentFaces: 1 });
    expect(report.identity.distances).toHaveLength(report.outputsWithFace);
    for (const [toTalent, toOriginal] of report.identity.distances) {
      expect(toTalent).toBeGreaterThan(0);
      expect(toOriginal).toBeGreaterThanOrEqual(0);
    }
    // The swap writes only inside its mask: outside it the footage is untouched.
    expect(report.background).toEqual({ minPsnrDb: "identical", minSsim: 1 });
    expect(Object.keys(report.poseDifferenceDeg)).toEqual(["yaw", "pitch", "roll"]);
  }, 180_000);
});
