import type { Point } from "../image/affine";

/**
 * Face mask in a crop: the convex hull of the 68 landmarks, with the brow
 * points raised by a third of the brow-to-chin height so the forehead is
 * part of the face (landmarks stop at the eyebrows).
 */
export function landmarkMask(landmarks: readonly Point[], width: number, height: number): Float32Array {
  const chin = landmarks[8]!;
  const browY = Math.min(...landmarks.slice(17, 27).map((p) => p[1]));
  const lift = (chin[1] - browY) * 0.33;
  const pts: Point[] = landmarks.map((p, i) => (i >= 17 && i <= 26 ? [p[0], p[1] - lift] : [p[0], p[1]]));
  const hull = convexHull(pts);
  const mask = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (insideConvex(hull, x + 0.5, y + 0.5)) mask[y * width + x] = 1;
  return mask;
}

function convexHull(points: Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [],
    upper: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  for (const p of pts.reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

function insideConvex(hull: Point[], x: number, y: number): boolean {
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!,
      b = hull[(i + 1) % hull.length]!;
    if ((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]) < 0) return false;
  }
  return hull.length >= 3;
}
