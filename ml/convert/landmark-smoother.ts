import type { Point } from "../image/affine";

/**
 * Exponential smoothing of landmarks across video frames: per-frame detector
 * jitter of a pixel or two makes a swapped face shimmer. A jump larger than
 * a quarter of the face width is a cut or another face, so it resets.
 */
export function createLandmarkSmoother(weightOfNew = 0.5) {
  let previous: Point[] | undefined;
  return {
    smooth(landmarks: Point[]): Point[] {
      if (previous) {
        const width = Math.abs(landmarks[16]![0] - landmarks[0]![0]) || 1;
        const shift = landmarks.reduce((s, p, i) => s + Math.hypot(p[0] - previous![i]![0], p[1] - previous![i]![1]), 0) / landmarks.length;
        if (shift < width * 0.25) {
          previous = landmarks.map((p, i) => [previous![i]![0] + weightOfNew * (p[0] - previous![i]![0]), previous![i]![1] + weightOfNew * (p[1] - previous![i]![1])] as Point);
          return previous;
        }
      }
      previous = landmarks.map((p) => [p[0], p[1]] as Point);
      return previous;
    },
    reset() { previous = undefined; },
  };
}
