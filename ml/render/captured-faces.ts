import { alignmentFor, cropFace, landmarksInCrop } from "../faces/align-face";
import { landmarkMask } from "../faces/face-mask";
import type { Point } from "../image/affine";
import type { RgbImage } from "../image/rgb-image";
import type { FaceSet } from "../train/face-set";

/**
 * A footage face aligned at a capture resolution, kept so the training set
 * can be made at a resolution chosen later (the "auto" preset picks it from
 * the faces' size, known only once every sampled frame has been seen, and
 * the frames are not kept). The face template scales linearly with the crop
 * size, so the crop at size s is the capture crop shrunk by capture/s.
 */
export type CapturedFace = { size: number; margin: number; crop: Float32Array; /** landmarks in crop px */ landmarks: Point[] };

export function captureFace(image: RgbImage, landmarks: readonly Point[], size: number, margin: number): CapturedFace {
  const a = alignmentFor(landmarks, size, margin);
  return { size, margin, crop: cropFace(image, a).data, landmarks: landmarksInCrop(landmarks, a) };
}

/** The faces as a training set at `resolution`, which must divide the capture size (box-averaged: no aliasing). */
export function faceSetAt(faces: readonly CapturedFace[], resolution: number, margin: number): FaceSet {
  const set: FaceSet = { resolution, faces: [], masks: [] };
  for (const f of faces) {
    const factor = f.size / resolution;
    if (!Number.isInteger(factor) || f.margin !== margin)
      throw new Error(`a face captured at ${f.size} px (margin ${f.margin}) cannot make a ${resolution} px set (margin ${margin})`);
    set.faces.push(factor === 1 ? f.crop : shrink(f.crop, f.size, factor));
    set.masks.push(
      landmarkMask(
        f.landmarks.map(([x, y]) => [x / factor, y / factor] as Point),
        resolution,
        resolution,
      ),
    );
  }
  return set;
}

function shrink(crop: Float32Array, size: number, factor: number): Float32Array {
  const out = size / factor,
    norm = 1 / (factor * factor);
  const r = new Float32Array(out * out * 3);
  for (let y = 0; y < size; y++) {
    const oy = Math.floor(y / factor);
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3,
        o = (oy * out + Math.floor(x / factor)) * 3;
      r[o]! += crop[i]! * norm;
      r[o + 1]! += crop[i + 1]! * norm;
      r[o + 2]! += crop[i + 2]! * norm;
    }
  }
  return r;
}
