// Colour matching in CIE L*a*b*: perceptually even, so matching mean and
// spread per channel moves skin tone and lighting without shifting hue.

function toLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}
function toSrgb(c: number): number {
  return c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
}
const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
const fInv = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));
const WX = 0.95047,
  WZ = 1.08883;

export function rgbToLab(r: number, g: number, b: number, out: Float32Array, o: number): void {
  const R = toLinear(r),
    G = toLinear(g),
    B = toLinear(b);
  const x = (0.4124 * R + 0.3576 * G + 0.1805 * B) / WX;
  const y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
  const z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / WZ;
  const fx = f(x),
    fy = f(y),
    fz = f(z);
  out[o] = 116 * fy - 16;
  out[o + 1] = 500 * (fx - fy);
  out[o + 2] = 200 * (fy - fz);
}

export function labToRgb(L: number, a: number, bb: number, out: Float32Array, o: number): void {
  const fy = (L + 16) / 116,
    fx = fy + a / 500,
    fz = fy - bb / 200;
  const x = fInv(fx) * WX,
    y = fInv(fy),
    z = fInv(fz) * WZ;
  const R = 3.2406 * x - 1.5372 * y - 0.4986 * z;
  const G = -0.9689 * x + 1.8758 * y + 0.0415 * z;
  const B = 0.0557 * x - 0.204 * y + 1.057 * z;
  out[o] = clamp01(toSrgb(Math.max(0, R)));
  out[o + 1] = clamp01(toSrgb(Math.max(0, G)));
  out[o + 2] = clamp01(toSrgb(Math.max(0, B)));
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/**
 * Shifts `source` (RGB in [0,1]) so that, inside `mask`, each Lab channel has
 * the mean and standard deviation it has in `reference`.
 */
export function matchColour(source: Float32Array, reference: Float32Array, mask: Float32Array): Float32Array {
  const n = mask.length;
  const ls = new Float32Array(n * 3),
    lr = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    rgbToLab(source[i * 3]!, source[i * 3 + 1]!, source[i * 3 + 2]!, ls, i * 3);
    rgbToLab(reference[i * 3]!, reference[i * 3 + 1]!, reference[i * 3 + 2]!, lr, i * 3);
  }
  const stats = (lab: Float32Array) => {
    const mean = [0, 0, 0],
      sq = [0, 0, 0];
    let w = 0;
    for (let i = 0; i < n; i++) {
      const m = mask[i]!;
      if (m <= 0.5) continue;
      w++;
      for (let c = 0; c < 3; c++) {
        mean[c]! += lab[i * 3 + c]!;
        sq[c]! += lab[i * 3 + c]! ** 2;
      }
    }
    if (w === 0) return undefined;
    return mean.map((s, c) => [s / w, Math.sqrt(Math.max(sq[c]! / w - (s / w) ** 2, 1e-6))] as const);
  };
  const s = stats(ls),
    r = stats(lr);
  const out = source.slice();
  if (!s || !r) return out;
  for (let i = 0; i < n; i++) {
    const v = [0, 1, 2].map((c) => (ls[i * 3 + c]! - s[c]![0]) * (r[c]![1] / s[c]![1]) + r[c]![0]);
    labToRgb(v[0]!, v[1]!, v[2]!, out, i * 3);
  }
  return out;
}
