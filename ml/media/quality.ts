import { channelsOf, type Frame, lumaOf, type RgbImage } from "./frame";

// Image quality measures: PSNR over all colour samples (optionally over
// selected pixels), SSIM on luma with the usual 8x8 windows (non-overlapping,
// stride 4) and constants, and a one-window SSIM over selected pixels.

/** PSNR in dB over the R, G and B samples of pixels where `select` is true (alpha ignored); Infinity when they are identical. */
export function psnr(a: Frame | RgbImage, b: Frame | RgbImage, select?: (pixel: number) => boolean): number {
  if (a.width !== b.width || a.height !== b.height) throw new RangeError("frames differ in size");
  const ca = channelsOf(a);
  const cb = channelsOf(b);
  let sum = 0;
  let count = 0;
  for (let p = 0; p < a.width * a.height; p++) {
    if (select && !select(p)) continue;
    for (let c = 0; c < 3; c++) {
      const d = a.data[p * ca + c]! - b.data[p * cb + c]!;
      sum += d * d;
    }
    count += 3;
  }
  if (count === 0 || sum === 0) return Infinity;
  return 10 * Math.log10((255 * 255) / (sum / count));
}

export function ssim(a: Frame, b: Frame): number {
  const ya = lumaOf(a);
  const yb = lumaOf(b);
  const { width, height } = a;
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  const win = 8;
  let total = 0;
  let windows = 0;
  for (let y = 0; y + win <= height; y += 4) {
    for (let x = 0; x + win <= width; x += 4) {
      let ma = 0;
      let mb = 0;
      for (let j = 0; j < win; j++)
        for (let i = 0; i < win; i++) {
          ma += ya[(y + j) * width + x + i]!;
          mb += yb[(y + j) * width + x + i]!;
        }
      const n = win * win;
      ma /= n;
      mb /= n;
      let va = 0;
      let vb = 0;
      let cov = 0;
      for (let j = 0; j < win; j++)
        for (let i = 0; i < win; i++) {
          const da = ya[(y + j) * width + x + i]! - ma;
          const db = yb[(y + j) * width + x + i]! - mb;
          va += da * da;
          vb += db * db;
          cov += da * db;
        }
      va /= n - 1;
      vb /= n - 1;
      cov /= n - 1;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      windows++;
    }
  }
  return total / windows;
}

/** Global SSIM on grey levels over the selected pixels (one window): a cheap structural check for eval. */
export function ssimSelected(a: RgbImage, b: RgbImage, select: (pixel: number) => boolean): number {
  let ma = 0,
    mb = 0,
    n = 0;
  const g = (img: RgbImage, p: number) => 0.299 * img.data[p * 3]! + 0.587 * img.data[p * 3 + 1]! + 0.114 * img.data[p * 3 + 2]!;
  for (let p = 0; p < a.width * a.height; p++)
    if (select(p)) {
      ma += g(a, p);
      mb += g(b, p);
      n++;
    }
  if (n === 0) return 1;
  ma /= n;
  mb /= n;
  let va = 0,
    vb = 0,
    cov = 0;
  for (let p = 0; p < a.width * a.height; p++)
    if (select(p)) {
      const da = g(a, p) - ma,
        db = g(b, p) - mb;
      va += da * da;
      vb += db * db;
      cov += da * db;
    }
  va /= n;
  vb /= n;
  cov /= n;
  const c1 = (0.01 * 255) ** 2,
    c2 = (0.03 * 255) ** 2;
  return ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
}
