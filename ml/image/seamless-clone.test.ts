import { describe, expect, it } from "vitest";
import { seamlessClone } from "./seamless-clone";

const W = 48;
const H = 40;

/** A smooth colour image plus fine texture, 3 channels, values inside 0.1..0.9. */
function image(fn: (x: number, y: number, c: number) => number): Float32Array {
  const out = new Float32Array(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) out[(y * W + x) * 3 + c] = fn(x, y, c);
  return out;
}

const disc = (() => {
  const r = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) r[y * W + x] = (x - 24) ** 2 + (y - 20) ** 2 < 14 ** 2 ? 1 : 0;
  return r;
})();

const texture = (x: number, y: number) => 0.05 * Math.sin(x * 1.3) * Math.cos(y * 0.9);

describe("seamless clone (Poisson blending)", () => {
  it("recovers the target exactly inside when the source differs from it by a constant colour", () => {
    const target = image((x, y, c) => 0.4 + 0.1 * c + texture(x, y) + 0.004 * x);
    const source = image((x, y, c) => 0.4 + 0.1 * c + texture(x, y) + 0.004 * x + (c === 0 ? 0.2 : -0.15));
    const { image: out, iterations } = seamlessClone(source, target, disc, W, H);
    expect(iterations).toBeGreaterThan(0);
    let worst = 0;
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i]! - target[i]!) * (disc[Math.floor(i / 3)] ? 1 : 0));
    expect(worst).toBeLessThan(1e-3);
  });

  it("keeps the source's detail inside while its level follows the target at the border", () => {
    // The target is flat and darker on the left; the source carries texture on a flat mid grey.
    const target = image((x) => 0.3 + 0.006 * x);
    const source = image((x, y) => 0.5 + texture(x, y));
    const { image: out } = seamlessClone(source, target, disc, W, H);
    // Gradients inside match the source's; the mean level moved towards the target's.
    let gradError = 0;
    let count = 0;
    for (let y = 8; y < 32; y++)
      for (let x = 12; x < 36; x++) {
        const p = y * W + x;
        if (!disc[p] || !disc[p + 1]) continue;
        const gOut = out[(p + 1) * 3]! - out[p * 3]!;
        const gSrc = source[(p + 1) * 3]! - source[p * 3]!;
        gradError += Math.abs(gOut - gSrc - 0.006);
        count++;
      }
    expect(gradError / count).toBeLessThan(0.01);
    const centre = (20 * W + 24) * 3;
    expect(Math.abs(out[centre]! - (0.3 + 0.006 * 24))).toBeLessThan(0.06);
  });

  it("leaves everything outside the region as the source", () => {
    const target = image(() => 0.2);
    const source = image((x, y) => 0.7 + texture(x, y));
    const { image: out } = seamlessClone(source, target, disc, W, H);
    for (let p = 0; p < W * H; p++) if (!disc[p]) for (let c = 0; c < 3; c++) expect(out[p * 3 + c]).toBe(source[p * 3 + c]);
  });

  it("returns the source for an empty region", () => {
    const source = image(() => 0.5);
    const { image: out, iterations } = seamlessClone(
      source,
      image(() => 0.1),
      new Uint8Array(W * H),
      W,
      H,
    );
    expect(iterations).toBe(0);
    expect(Array.from(out)).toEqual(Array.from(source));
  });
});
