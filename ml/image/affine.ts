// 2x3 affine matrices [a, b, tx, c, d, ty]: x' = a*x + b*y + tx, y' = c*x + d*y + ty.
export type Affine = [number, number, number, number, number, number];
export type Point = [number, number];

export function applyAffine(m: Affine, p: Point): Point {
  return [m[0] * p[0] + m[1] * p[1] + m[2], m[3] * p[0] + m[4] * p[1] + m[5]];
}

export function invertAffine(m: Affine): Affine {
  const det = m[0] * m[4] - m[1] * m[3];
  if (Math.abs(det) < 1e-12) throw new Error("affine transform is singular");
  const a = m[4] / det,
    b = -m[1] / det,
    c = -m[3] / det,
    d = m[0] / det;
  return [a, b, -(a * m[2] + b * m[5]), c, d, -(c * m[2] + d * m[5])];
}

/** The transform that applies `first`, then `second`. */
export function composeAffine(second: Affine, first: Affine): Affine {
  return [
    second[0] * first[0] + second[1] * first[3],
    second[0] * first[1] + second[1] * first[4],
    second[0] * first[2] + second[1] * first[5] + second[2],
    second[3] * first[0] + second[4] * first[3],
    second[3] * first[1] + second[4] * first[4],
    second[3] * first[2] + second[4] * first[5] + second[5],
  ];
}

/** Rotation by `deg` and uniform `scale` about `center`, then a shift. */
export function rotationAbout(center: Point, deg: number, scale: number, shift: Point = [0, 0]): Affine {
  const r = (deg * Math.PI) / 180;
  const a = scale * Math.cos(r),
    b = -scale * Math.sin(r);
  const [cx, cy] = center;
  return [a, b, cx - a * cx - b * cy + shift[0], -b, a, cy + b * cx - a * cy + shift[1]];
}
