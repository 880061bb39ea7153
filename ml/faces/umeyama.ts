import type { Affine, Point } from "../image/affine";

/**
 * Least-squares similarity transform (rotation, uniform scale, translation)
 * mapping `src` onto `dst` (Umeyama 1991). In 2-D the SVD reduces to a
 * closed form, which keeps this dependency-free.
 */
export function umeyama(src: readonly Point[], dst: readonly Point[]): Affine {
  const n = src.length;
  if (n !== dst.length || n < 2) throw new Error("umeyama needs two point lists of equal length >= 2");
  let msx = 0,
    msy = 0,
    mdx = 0,
    mdy = 0;
  for (let i = 0; i < n; i++) {
    msx += src[i]![0];
    msy += src[i]![1];
    mdx += dst[i]![0];
    mdy += dst[i]![1];
  }
  msx /= n;
  msy /= n;
  mdx /= n;
  mdy /= n;
  // For a similarity x' = s R x, the optimum satisfies s cos = A/V, s sin = B/V.
  let a = 0,
    b = 0,
    v = 0;
  for (let i = 0; i < n; i++) {
    const sx = src[i]![0] - msx,
      sy = src[i]![1] - msy;
    const dx = dst[i]![0] - mdx,
      dy = dst[i]![1] - mdy;
    a += sx * dx + sy * dy;
    b += sx * dy - sy * dx;
    v += sx * sx + sy * sy;
  }
  if (v < 1e-12) throw new Error("umeyama: source points are degenerate");
  const sc = a / v,
    ss = b / v;
  return [sc, -ss, mdx - (sc * msx - ss * msy), ss, sc, mdy - (ss * msx + sc * msy)];
}
