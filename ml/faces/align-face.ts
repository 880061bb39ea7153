import { applyAffine, invertAffine, type Affine, type Point } from "../image/affine";
import { warpAffine } from "../image/warp-affine";
import type { FloatImage, RgbImage } from "../image/rgb-image";
import { umeyama } from "./umeyama";

// Canonical positions of eye centres, nose tip and mouth corners in a unit
// square (the widely used ArcFace 112 px template, divided by 112). Five
// stable points align better than all 68: the jaw line moves with pose.
const TEMPLATE: Point[] = [
  [38.2946 / 112, 51.6963 / 112],
  [73.5318 / 112, 51.5014 / 112],
  [56.0252 / 112, 71.7366 / 112],
  [41.5493 / 112, 92.3655 / 112],
  [70.7299 / 112, 92.2041 / 112],
];

export function keyPoints(landmarks: readonly Point[]): Point[] {
  if (landmarks.length !== 68) throw new Error(`expected 68 landmarks, got ${landmarks.length}`);
  const mean = (from: number, to: number): Point => {
    let x = 0,
      y = 0;
    for (let i = from; i <= to; i++) {
      x += landmarks[i]![0];
      y += landmarks[i]![1];
    }
    return [x / (to - from + 1), y / (to - from + 1)];
  };
  return [mean(36, 41), mean(42, 47), landmarks[30]!, landmarks[48]!, landmarks[54]!];
}

/**
 * Template in a `size` px crop. `margin` is the share of the crop added
 * around the template so the forehead, chin and cheeks are in the crop.
 */
export function templateAt(size: number, margin: number): Point[] {
  const inner = size / (1 + 2 * margin);
  const off = (size - inner) / 2;
  return TEMPLATE.map(([x, y]) => [off + x * inner, off + y * inner] as Point);
}

export type Alignment = {
  size: number;
  /** image -> crop */
  toCrop: Affine;
  /** crop -> image, for paste-back */
  toImage: Affine;
};

export function alignmentFor(landmarks: readonly Point[], size: number, margin = 0.2): Alignment {
  const toCrop = umeyama(keyPoints(landmarks), templateAt(size, margin));
  return { size, toCrop, toImage: invertAffine(toCrop) };
}

export function cropFace(img: RgbImage, a: Alignment): FloatImage {
  const data = warpAffine({ ...img, channels: 3 }, a.toCrop, a.size, a.size);
  for (let i = 0; i < data.length; i++) data[i]! /= 255;
  return { width: a.size, height: a.size, channels: 3, data };
}

export function landmarksInCrop(landmarks: readonly Point[], a: Alignment): Point[] {
  return landmarks.map((p) => applyAffine(a.toCrop, p));
}
