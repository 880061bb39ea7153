import { alignmentFor, cropFace, landmarksInCrop } from "../faces/align-face";
import { detectFaces, largestFace } from "../faces/detect-faces";
import { landmarkMask } from "../faces/face-mask";
import type { RgbImage } from "../image/rgb-image";

/** Aligned training faces of one identity at the model's resolution, with face masks. */
export type FaceSet = {
  resolution: number;
  faces: Float32Array[];
  masks: Float32Array[];
};

/** Detects the largest face in each image and aligns it; images without a face are skipped and counted. */
export async function buildFaceSet(images: RgbImage[], resolution: number, margin: number): Promise<{ set: FaceSet; skipped: number }> {
  const set: FaceSet = { resolution, faces: [], masks: [] };
  let skipped = 0;
  for (const img of images) {
    const face = largestFace(await detectFaces(img, { detector: "ssd" }));
    if (!face) { skipped++; continue; }
    const a = alignmentFor(face.landmarks, resolution, margin);
    set.faces.push(cropFace(img, a).data);
    set.masks.push(landmarkMask(landmarksInCrop(face.landmarks, a), resolution, resolution));
  }
  if (set.faces.length === 0) throw new Error("no faces found in any of the training images; check that they show a face");
  return { set, skipped };
}
