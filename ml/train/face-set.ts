import { alignmentFor, cropFace, landmarksInCrop } from "../faces/align-face";
import { detectFaces, largestFace, type DetectedFace } from "../faces/detect-faces";
import { landmarkMask } from "../faces/face-mask";
import type { Point } from "../image/affine";
import type { RgbImage } from "../image/rgb-image";

/** Aligned training faces of one identity at the model's resolution, with face masks. */
export type FaceSet = {
  resolution: number;
  faces: Float32Array[];
  masks: Float32Array[];
};

export function emptyFaceSet(resolution: number): FaceSet {
  return { resolution, faces: [], masks: [] };
}

/**
 * Detects the largest face in `img`, aligns it and appends it (with its mask)
 * to `set`. Returns the detection, or undefined when the image has no face.
 * Only the crop is kept, so a caller streaming video frames holds one frame.
 */
export async function addFace(set: FaceSet, img: RgbImage, margin: number): Promise<DetectedFace | undefined> {
  const face = largestFace(await detectFaces(img, { detector: "ssd" }));
  if (!face) return undefined;
  const a = alignmentFor(face.landmarks, set.resolution, margin);
  set.faces.push(cropFace(img, a).data);
  set.masks.push(landmarkMask(landmarksInCrop(face.landmarks, a), set.resolution, set.resolution));
  return face;
}

/**
 * Appends a face already aligned by `extract` (a crop plus its landmarks in
 * crop pixels, from faces.json): re-aligned from those landmarks to the set's
 * resolution and `margin`, with no detection. Detecting again is not to be
 * relied on: a face that fills its crop is far from what the detector learned
 * (upscaled video crops scored 0.08-0.10 against its 0.5 threshold, and one
 * in the extract test 0.56), and the landmarks are already known. Where
 * `margin` is wider than the crop's, the border is padding.
 */
export function addAlignedFace(set: FaceSet, crop: RgbImage, landmarks: readonly Point[], margin: number): void {
  const a = alignmentFor(landmarks, set.resolution, margin);
  set.faces.push(cropFace(crop, a).data);
  set.masks.push(landmarkMask(landmarksInCrop(landmarks, a), set.resolution, set.resolution));
}

/** Detects the largest face in each image and aligns it; images without a face are skipped and counted. */
export async function buildFaceSet(images: RgbImage[], resolution: number, margin: number): Promise<{ set: FaceSet; skipped: number }> {
  const set = emptyFaceSet(resolution);
  let skipped = 0;
  for (const img of images) if (!(await addFace(set, img, margin))) skipped++;
  if (set.faces.length === 0) throw new Error("no faces found in any of the training images; check that they show a face");
  return { set, skipped };
}
