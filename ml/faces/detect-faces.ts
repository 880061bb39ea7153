import * as tf from "@tensorflow/tfjs";
import type { Point } from "../image/affine";
import type { RgbImage } from "../image/rgb-image";
import { detectionBackend, loadFaceApi, withBackend } from "./face-api";

export type DetectedFace = {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  /** 68 points, iBUG 300-W order, in image pixels. */
  landmarks: Point[];
  /** 128-d identity embedding; Euclidean distance < ~0.6 means the same person. */
  descriptor?: number[];
};

export type DetectOptions = {
  /** "ssd" is accurate (analysis); "tiny" is several times faster (video frames). */
  detector?: "ssd" | "tiny";
  minConfidence?: number;
  descriptors?: boolean;
  /** The tiny detector's input size (multiple of 32; default 416). Smaller is faster, for crops where the face fills much of the image. */
  tinyInputSize?: number;
};

export async function detectFaces(img: RgbImage, opts: DetectOptions = {}): Promise<DetectedFace[]> {
  const api = await loadFaceApi();
  const { detector = "ssd", minConfidence = 0.5, descriptors = false, tinyInputSize = 416 } = opts;
  return withBackend(detectionBackend(), async () => {
    const input = tf.tensor3d(img.data, [img.height, img.width, 3], "int32");
    try {
      const options =
        detector === "ssd"
          ? new api.SsdMobilenetv1Options({ minConfidence })
          : new api.TinyFaceDetectorOptions({ scoreThreshold: minConfidence, inputSize: tinyInputSize });
      const withLandmarks = api.detectAllFaces(input as never, options).withFaceLandmarks();
      const results = descriptors ? await withLandmarks.withFaceDescriptors() : await withLandmarks;
      return results.map((r) => {
        const b = r.detection.box;
        const face: DetectedFace = {
          box: { x: b.x, y: b.y, width: b.width, height: b.height },
          score: r.detection.score,
          landmarks: r.landmarks.positions.map((p) => [p.x, p.y] as Point),
        };
        if ("descriptor" in r) face.descriptor = Array.from(r.descriptor as Float32Array);
        return face;
      });
    } finally {
      input.dispose();
    }
  });
}

export { descriptorDistance } from "./descriptor-distance";

/** The largest face, the one a single-subject photo or shot is about. */
export function largestFace<T extends DetectedFace>(faces: T[]): T | undefined {
  return faces.reduce<T | undefined>(
    (best, f) => (!best || f.box.width * f.box.height > best.box.width * best.box.height ? f : best),
    undefined,
  );
}
