// Apart from detect-faces.ts so that comparing stored descriptors loads no tfjs.

/** Euclidean distance of two face descriptors; below ~0.6 means the same person. */
export function descriptorDistance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}
