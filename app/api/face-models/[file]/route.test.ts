import { describe, expect, it } from "vitest";
import { GET } from "./route";

// The live guide's models come from the installed package, and only those files.

const get = (file: string) =>
  GET(new Request(`http://localhost/api/face-models/${encodeURIComponent(file)}`), { params: Promise.resolve({ file }) });

describe("face models for the recording page", () => {
  it("serves the tiny detector's and the 68-point landmark net's manifests and weights", async () => {
    const manifest = await get("tiny_face_detector_model-weights_manifest.json");
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get("content-type")).toBe("application/json");
    const groups = (await manifest.json()) as Array<{ paths: string[] }>;
    expect(groups.map((g) => g.paths)).toEqual([["tiny_face_detector_model.bin"]]);
    const weights = await get("face_landmark_68_model.bin");
    expect(weights.status).toBe(200);
    expect(weights.headers.get("content-type")).toBe("application/octet-stream");
    expect((await weights.arrayBuffer()).byteLength).toBe(Number(weights.headers.get("content-length")));
  });

  it("serves nothing else: other models, other files, paths", async () => {
    for (const file of ["ssd_mobilenetv1_model.bin", "face_recognition_model.bin", "../package.json", "..%2Fpackage.json", "constructor"]) {
      expect((await get(file)).status).toBe(404);
    }
  });
});
