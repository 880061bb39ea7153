import type { Frame } from "./frame";
import { lumaOf } from "./frame";

// Imperceptibility measures: PSNR over all colour samples, SSIM on luma with
// the usual 8x8 windows (non-overlapping, stride 4) and constants.
export function psnr(a: Frame, b: Frame): number {
  if (a.width !== b.width || a.height !== b.height) throw new RangeError("frames differ in size");
  let sum = 0;
  let count = 0;
  for (let p = 0; p < a.width * a.height; p++) {
    for (let c = 0; c < 3; c++) {
      const d = a.data[p * a.channels + c]! - b.data[p * b.channels + c]!;
      sum += d * d;
      count++;
    }
  }
  const mse = sum / count;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
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
