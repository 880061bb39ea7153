/** Min filter with a square window of radius r: shrinks the mask away from the face edge. */
export function erode(mask: Float32Array, w: number, h: number, r: number): Float32Array {
  if (r <= 0) return mask.slice();
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let m = Infinity;
        for (let k = -r; k <= r; k++) {
          const xx = horizontal ? x + k : x,
            yy = horizontal ? y : y + k;
          m = Math.min(m, xx < 0 || yy < 0 || xx >= w || yy >= h ? 0 : src[yy * w + xx]!);
        }
        out[y * w + x] = m;
      }
    return out;
  };
  return pass(pass(mask, true), false);
}

/** Box blur of radius r (separable, zero outside): a soft edge hides the seam. */
export function feather(mask: Float32Array, w: number, h: number, r: number): Float32Array {
  if (r <= 0) return mask.slice();
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(src.length);
    const norm = 1 / (2 * r + 1);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let k = -r; k <= r; k++) {
          const xx = horizontal ? x + k : x,
            yy = horizontal ? y : y + k;
          if (xx >= 0 && yy >= 0 && xx < w && yy < h) s += src[yy * w + xx]!;
        }
        out[y * w + x] = s * norm;
      }
    return out;
  };
  return pass(pass(mask, true), false);
}
