import { describe, expect, it } from "vitest";
import { createRng } from "../util/rng";
import { augment } from "./augment";
import { randomWarp } from "./random-warp";

const size = 32;
const face = () => {
  const rng = createRng(11);
  return Float32Array.from({ length: size * size * 3 }, () => rng.next());
};

describe("random warp and augmentation", () => {
  it("random warp keeps the shape and stays within the input's value range", () => {
    const src = face();
    for (let seed = 0; seed < 20; seed++) {
      const out = randomWarp(src, size, 3, createRng(seed));
      expect(out.length).toBe(src.length);
      expect(Math.min(...out)).toBeGreaterThanOrEqual(Math.min(...src) - 1e-6);
      expect(Math.max(...out)).toBeLessThanOrEqual(Math.max(...src) + 1e-6);
      expect(out.some((v, i) => Math.abs(v - src[i]!) > 1e-3)).toBe(true);
    }
  });

  it("augmented samples keep input, target and mask shapes with values in [0,1], and the warp touches only the input", () => {
    const src = face(),
      mask = new Float32Array(size * size).fill(1);
    for (let seed = 0; seed < 10; seed++) {
      const s = augment(src, mask, size, createRng(seed));
      expect(s.input.length).toBe(size * size * 3);
      expect(s.target.length).toBe(size * size * 3);
      expect(s.mask.length).toBe(size * size);
      for (const arr of [s.input, s.target, s.mask])
        for (const v of arr) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      expect(s.input).not.toEqual(s.target);
      const noWarp = augment(src, mask, size, createRng(seed), {
        rotation: 10,
        zoom: 0.05,
        shift: 0.05,
        flip: true,
        colour: 0.08,
        warp: 0,
      });
      expect(noWarp.input).toEqual(noWarp.target);
    }
  });

  it("the same seed gives the same sample", () => {
    const src = face(),
      mask = new Float32Array(size * size).fill(1);
    expect(augment(src, mask, size, createRng(5)).input).toEqual(augment(src, mask, size, createRng(5)).input);
  });
});
