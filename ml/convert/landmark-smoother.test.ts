import { describe, expect, it } from "vitest";
import type { Point } from "../image/affine";
import { createLandmarkSmoother } from "./landmark-smoother";

// A 200 px wide face: 68 points on a ring (0 and 16, the jaw ends, 200 px apart).
const face = (dx: number, dy = 0): Point[] =>
  Array.from({ length: 68 }, (_, i) => {
    const t = i === 0 ? Math.PI : i === 16 ? 0 : (i / 68) * 2 * Math.PI;
    return [300 + dx + 100 * Math.cos(t), 300 + dy + 100 * Math.sin(t)] as Point;
  });
// Deterministic jitter in [-1, 1) px (the usual shader hash).
const noise = (i: number) => {
  const h = Math.sin(i * 12.9898) * 43758.5453;
  return 2 * (h - Math.floor(h)) - 1;
};

describe("landmark smoother", () => {
  it("damps a still face's detector jitter of a pixel", () => {
    const s = createLandmarkSmoother();
    const raw: number[] = [],
      smoothed: number[] = [];
    for (let i = 0; i < 60; i++) {
      const lm = face(noise(i), noise(i + 100));
      raw.push(lm[30]![0]);
      smoothed.push(s.smooth(lm)[30]![0]);
    }
    const meanStep = (v: number[]) => v.slice(11).reduce((a, x, i) => a + Math.abs(x - v[i + 10]!), 0) / (v.length - 11);
    expect(meanStep(smoothed)).toBeLessThan(0.6 * meanStep(raw));
  });

  it("follows a head moving 8 px a frame within 2 px (a fixed average of weight 0.5 lags 8 px)", () => {
    const s = createLandmarkSmoother();
    let out: Point[] = [];
    for (let i = 0; i < 20; i++) out = s.smooth(face(8 * i));
    expect(Math.abs(out[30]![0] - face(8 * 19)[30]![0])).toBeLessThan(2);
  });

  it("starts over on a jump of more than a quarter of the face width (a cut)", () => {
    const s = createLandmarkSmoother();
    s.smooth(face(0));
    expect(s.smooth(face(80))[30]).toEqual(face(80)[30]);
  });
});
