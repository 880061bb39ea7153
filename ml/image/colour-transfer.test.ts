import { describe, expect, it } from "vitest";
import { createRng } from "../util/rng";
import { labToRgb, matchColour, rgbToLab } from "./colour-transfer";

describe("colour transfer", () => {
  it("RGB -> Lab -> RGB returns the colour within 1/1000", () => {
    const rng = createRng(2);
    const lab = new Float32Array(3),
      rgb = new Float32Array(3);
    for (let i = 0; i < 500; i++) {
      const c = [rng.next(), rng.next(), rng.next()] as const;
      rgbToLab(c[0], c[1], c[2], lab, 0);
      labToRgb(lab[0]!, lab[1]!, lab[2]!, rgb, 0);
      c.forEach((v, k) => expect(Math.abs(rgb[k]! - v)).toBeLessThan(1e-3));
    }
  });

  it("moves the masked region's mean colour onto the reference's", () => {
    const n = 64,
      rng = createRng(4);
    const src = Float32Array.from({ length: n * 3 }, (_, i) => (i % 3 === 0 ? 0.7 : 0.3) + 0.1 * rng.next());
    const ref = Float32Array.from({ length: n * 3 }, (_, i) => (i % 3 === 2 ? 0.6 : 0.25) + 0.1 * rng.next());
    const out = matchColour(src, ref, new Float32Array(n).fill(1));
    const mean = (a: Float32Array, c: number) => a.filter((_, i) => i % 3 === c).reduce((s, v) => s + v, 0) / n;
    for (let c = 0; c < 3; c++) expect(Math.abs(mean(out, c) - mean(ref, c))).toBeLessThan(0.02);
  });
});
