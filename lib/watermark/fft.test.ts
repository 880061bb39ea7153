import { describe, expect, it } from "vitest";
import { fft2d, negacyclicCorrelate } from "./fft";
import { createPrng } from "./prng";

describe("2-D FFT", () => {
  it("equals the direct DFT sum on a 16 x 16 complex array, and the inverse gives the input back", () => {
    const n = 16;
    const random = createPrng("fft-test");
    const re = Float64Array.from({ length: n * n }, () => random() - 0.5);
    const im = Float64Array.from({ length: n * n }, () => random() - 0.5);
    const fr = re.slice();
    const fi = im.slice();
    fft2d(fr, fi, n);
    for (const [u, v] of [
      [0, 0],
      [1, 0],
      [3, 5],
      [15, 9],
      [8, 8],
    ] as const) {
      let sr = 0;
      let si = 0;
      for (let y = 0; y < n; y++)
        for (let x = 0; x < n; x++) {
          const a = (-2 * Math.PI * (u * x + v * y)) / n;
          sr += re[y * n + x]! * Math.cos(a) - im[y * n + x]! * Math.sin(a);
          si += re[y * n + x]! * Math.sin(a) + im[y * n + x]! * Math.cos(a);
        }
      expect(fr[v * n + u]).toBeCloseTo(sr, 10);
      expect(fi[v * n + u]).toBeCloseTo(si, 10);
    }
    fft2d(fr, fi, n, true);
    for (let i = 0; i < n * n; i++) {
      expect(fr[i]).toBeCloseTo(re[i]!, 12);
      expect(fi[i]).toBeCloseTo(im[i]!, 12);
    }
  });

  it("negacyclic correlation equals its definition (sign flip at each wrap)", () => {
    const n = 8;
    const random = createPrng("negacyclic-test");
    const a = Float64Array.from({ length: n * n }, () => random() - 0.5);
    const b = Float64Array.from({ length: n * n }, () => random() - 0.5);
    const r = negacyclicCorrelate(a, b, n);
    const ext = (x: number, y: number) => (x >= n ? -1 : 1) * (y >= n ? -1 : 1) * a[(y % n) * n + (x % n)]!;
    for (const [sx, sy] of [
      [0, 0],
      [3, 1],
      [7, 7],
      [2, 6],
    ] as const) {
      let s = 0;
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) s += ext(x + sx, y + sy) * b[y * n + x]!;
      expect(r[sy * n + sx]).toBeCloseTo(s, 10);
    }
  });
});
