import type { Point } from "../image/affine";

export type HeadPose = { yaw: number; pitch: number; roll: number };

// Generic 3-D head (x right, y up, z towards the camera; mm-like units) for
// nose tip, chin, outer eye corners and mouth corners, the six points the
// common solvePnP head-pose recipe uses.
const MODEL: Array<[number, [number, number, number]]> = [
  [30, [0, 0, 0]],
  [8, [0, -330, -65]],
  [36, [-225, 170, -135]],
  [45, [225, 170, -135]],
  [48, [-150, -150, -125]],
  [54, [150, -150, -125]],
];

/**
 * Yaw, pitch and roll in degrees from 68 landmarks, by fitting a scaled
 * orthographic camera (faces fill a small part of the field of view, so
 * perspective barely matters). Positive yaw: the head turns to the image's
 * right; positive pitch: looking up; positive roll: clockwise tilt in the image.
 */
export function headPose(landmarks: readonly Point[]): HeadPose {
  const n = MODEL.length;
  const X = MODEL.map(([, p]) => p);
  // Image y grows downwards; flip it so both frames are right-handed.
  const x = MODEL.map(([i]) => [landmarks[i]![0], -landmarks[i]![1]] as const);
  const mX = [0, 0, 0],
    mx = [0, 0];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) mX[k]! += X[i]![k]! / n;
    mx[0]! += x[i]![0] / n;
    mx[1]! += x[i]![1] / n;
  }
  // Solve M (2x3) = (x Xᵀ)(X Xᵀ)⁻¹ over centred points.
  const XXt = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const xXt = [
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let i = 0; i < n; i++) {
    const Xc = [X[i]![0] - mX[0]!, X[i]![1] - mX[1]!, X[i]![2] - mX[2]!];
    const xc = [x[i]![0] - mx[0]!, x[i]![1] - mx[1]!];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) XXt[r]![c]! += Xc[r]! * Xc[c]!;
    for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) xXt[r]![c]! += xc[r]! * Xc[c]!;
  }
  const inv = invert3(XXt);
  const M = xXt.map((row) => [0, 1, 2].map((c) => row[0]! * inv[0]![c]! + row[1]! * inv[1]![c]! + row[2]! * inv[2]![c]!));
  const r1 = normalize(M[0]!);
  let r2 = M[1]!;
  // Gram-Schmidt so the rows form a rotation.
  const d = dot(r1, r2);
  r2 = normalize(r2.map((v, k) => v - d * r1[k]!));
  // Row k of the rotation is image axis k in head coordinates; its z part is
  // how far the nose direction leans along that image axis.
  const yaw = Math.asin(clamp(r1[2]!)) * (180 / Math.PI);
  const pitch = Math.asin(clamp(r2[2]!)) * (180 / Math.PI);
  // Roll straight from the eye line: robust even when yaw is large.
  const le = mean(landmarks, 36, 41),
    re = mean(landmarks, 42, 47);
  const roll = Math.atan2(re[1] - le[1], re[0] - le[0]) * (180 / Math.PI);
  return { yaw, pitch, roll };
}

const clamp = (v: number) => Math.max(-1, Math.min(1, v));
const dot = (a: number[], b: number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
const normalize = (a: number[]) => {
  const l = Math.hypot(a[0]!, a[1]!, a[2]!) || 1;
  return a.map((v) => v / l);
};
function mean(p: readonly Point[], from: number, to: number): Point {
  let x = 0,
    y = 0;
  for (let i = from; i <= to; i++) {
    x += p[i]![0];
    y += p[i]![1];
  }
  return [x / (to - from + 1), y / (to - from + 1)];
}

function invert3(m: number[][]): number[][] {
  const [a, b, c] = m[0]!,
    [d, e, f] = m[1]!,
    [g, h, i] = m[2]!;
  const A = e! * i! - f! * h!,
    B = -(d! * i! - f! * g!),
    C = d! * h! - e! * g!;
  const det = a! * A + b! * B + c! * C;
  if (Math.abs(det) < 1e-12) throw new Error("head pose: singular model matrix");
  return [
    [A / det, -(b! * i! - c! * h!) / det, (b! * f! - c! * e!) / det],
    [B / det, (a! * i! - c! * g!) / det, -(a! * f! - c! * d!) / det],
    [C / det, -(a! * h! - b! * g!) / det, (a! * e! - b! * d!) / det],
  ];
}
