import { toGray, type FloatImage, type RgbImage } from "./rgb-image";

/**
 * Variance of the Laplacian (on 0-255 grey levels): a sharp image has strong
 * edges and a high variance, a blurred one a low one. Compute it on aligned
 * crops of a fixed size so it does not depend on the photo's resolution.
 */
export function blurScore(img: RgbImage | FloatImage): number {
  const g = toGray(img);
  const { width: w, height: h } = img;
  let sum = 0,
    sum2 = 0,
    n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l = g[i - 1]! + g[i + 1]! + g[i - w]! + g[i + w]! - 4 * g[i]!;
      sum += l;
      sum2 += l * l;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sum2 / n - mean * mean;
}
