import type { Point } from "../image/affine";

/**
 * Speed-adaptive smoothing of landmarks across video frames (the idea of the
 * One Euro filter): per-frame detector jitter of a pixel or two makes a
 * swapped face shimmer, so small changes are averaged (the new landmarks
 * weigh `stillWeight`); but a fixed average lags a moving head by about its
 * speed, so the weight grows with the change until, at a change of three
 * jitter widths (4.5% of the face width), the new landmarks are taken as they
 * are. A jump larger than a quarter of the face width is a cut or another
 * face, so it resets.
 */
export function createLandmarkSmoother(stillWeight = 0.3) {
  let previous: Point[] | undefined;
  return {
    smooth(landmarks: Point[]): Point[] {
      if (previous) {
        const width = Math.abs(landmarks[16]![0] - landmarks[0]![0]) || 1;
        const shift = landmarks.reduce((s, p, i) => s + Math.hypot(p[0] - previous![i]![0], p[1] - previous![i]![1]), 0) / landmarks.length;
        if (shift < width * 0.25) {
          const jitter = width * 0.015;
          const w = Math.min(1, stillWeight + ((1 - stillWeight) * Math.max(0, shift - jitter)) / (2 * jitter));
          previous = landmarks.map(
            (p, i) => [previous![i]![0] + w * (p[0] - previous![i]![0]), previous![i]![1] + w * (p[1] - previous![i]![1])] as Point,
          );
          return previous;
        }
      }
      previous = landmarks.map((p) => [p[0], p[1]] as Point);
      return previous;
    },
    reset() {
      previous = undefined;
    },
  };
}
