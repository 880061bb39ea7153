import type { RgbImage } from "./rgb-image";

/** PSNR in dB over pixels where `select` is true; Infinity when they are identical. */
export function psnr(a: RgbImage, b: RgbImage, select: (pixel: number) => boolean = () => true): number {
  let se = 0, n = 0;
  for (let p = 0; p < a.width * a.height; p++) {
    if (!select(p)) continue;
    for (let c = 0; c < 3; c++) se += (a.data[p * 3 + c]! - b.data[p * 3 + c]!) ** 2;
    n += 3;
  }
  if (n === 0 || se === 0) return Infinity;
  return 10 * Math.log10((255 * 255) / (se / n));
}

/** Global SSIM on grey levels over the selected pixels (one window): a cheap structural check for eval. */
export function ssimSelected(a: RgbImage, b: RgbImage, select: (pixel: number) => boolean): number {
  let ma = 0, mb = 0, n = 0;
  const g = (img: RgbImage, p: number) => 0.299 * img.data[p * 3]! + 0.587 * img.data[p * 3 + 1]! + 0.114 * img.data[p * 3 + 2]!;
  for (let p = 0; p < a.width * a.height; p++) if (select(p)) { ma += g(a, p); mb += g(b, p); n++; }
  if (n === 0) return 1;
  ma /= n; mb /= n;
  let va = 0, vb = 0, cov = 0;
  for (let p = 0; p < a.width * a.height; p++) if (select(p)) { const da = g(a, p) - ma, db = g(b, p) - mb; va += da * da; vb += db * db; cov += da * db; }
  va /= n; vb /= n; cov /= n;
  const c1 = (0.01 * 255) ** 2, c2 = (0.03 * 255) ** 2;
  return ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
}
