import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { DetectedFace } from "../faces/detect-faces";
import { detectionBackend, withBackend } from "../faces/face-api";
import type { RgbImage } from "../image/rgb-image";

// Presentation-attack scores from the anti-spoofing and liveness models that
// @vladmandic/human ships (models/antispoof.*: 128x128 face, one "real"
// score; models/liveness.*: 32x32 face, "live" first of two). They were
// trained on webcam faces against printed and on-screen replays. We have no
// spoof recordings to calibrate them on, so they are a review signal, never
// the only reason to reject: the head-turn challenge is what a replayed still
// cannot pass (see decide-consent-video.ts).

const require = createRequire(import.meta.url);

type SpoofModels = { antispoof: tf.GraphModel; liveness: tf.GraphModel };
let loading: Promise<SpoofModels> | undefined;

function modelDir(): string {
  // Resolving names a file without loading it (its Node entry needs tfjs-node); the models sit beside dist/.
  return path.join(path.dirname(path.dirname(require.resolve("@vladmandic/human"))), "models");
}

/** A tfjs graph model from its model.json and weight shards on disk (tfjs's own file loader needs tfjs-node). */
async function loadGraphModelFromDisk(jsonPath: string): Promise<tf.GraphModel> {
  const json = JSON.parse(await readFile(jsonPath, "utf8")) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    signature?: object;
    userDefinedMetadata?: tf.io.ModelArtifacts["userDefinedMetadata"];
  };
  const dir = path.dirname(jsonPath);
  const shards = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(path.join(dir, p))));
  const all = Buffer.concat(shards);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
  };
  return tf.loadGraphModel(tf.io.fromMemory(artifacts));
}

function loadSpoofModels(): Promise<SpoofModels> {
  // Weights become tensors on load: on the backend face detection runs on.
  loading ??= withBackend(detectionBackend(), async () => {
    const dir = modelDir();
    const [antispoof, liveness] = await Promise.all([
      loadGraphModelFromDisk(path.join(dir, "antispoof.json")),
      loadGraphModelFromDisk(path.join(dir, "liveness.json")),
    ]);
    return { antispoof, liveness };
  });
  loading.catch(() => (loading = undefined));
  return loading;
}

export type SpoofScores = { antispoof: number; liveness: number };

/**
 * Both scores (0..1, higher = a live person in front of the camera) for one
 * face: a square crop around the detected box, a little larger than it
 * (human crops its own detector's box, which includes the forehead and chin),
 * scaled to each model's input as values in 0..1.
 */
export async function spoofScores(frame: RgbImage, face: DetectedFace): Promise<SpoofScores> {
  const models = await loadSpoofModels();
  return withBackend(detectionBackend(), async () => {
    const side = Math.max(face.box.width, face.box.height) * 1.25;
    const cx = face.box.x + face.box.width / 2,
      cy = face.box.y + face.box.height / 2;
    // cropAndResize takes normalised [y1, x1, y2, x2] boxes and pads outside the frame with zeros.
    const box = [
      (cy - side / 2) / frame.height,
      (cx - side / 2) / frame.width,
      (cy + side / 2) / frame.height,
      (cx + side / 2) / frame.width,
    ];
    const scores = tf.tidy(() => {
      const image = tf.tensor4d(frame.data, [1, frame.height, frame.width, 3], "float32").div(255);
      const crop = (size: number) => tf.image.cropAndResize(image as tf.Tensor4D, [box], [0], [size, size]);
      const a = models.antispoof.execute(crop(128)) as tf.Tensor;
      const l = models.liveness.execute(crop(32)) as tf.Tensor;
      return [a.reshape([-1]).slice(0, 1), l.reshape([-1]).slice(0, 1)];
    });
    const [a, l] = await Promise.all(scores.map((s) => s.data()));
    tf.dispose(scores);
    return { antispoof: a![0]!, liveness: l![0]! };
  });
}
