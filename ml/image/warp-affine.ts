import { applyAffine, invertAffine, type Affine } from "./affine";

export type Planar = { width: number; height: number; channels: number; data: Float32Array | Uint8Array };

/**
 * Resamples `src` into a `width` x `height` image where output pixel p takes
 * the source at inverse(m)(p); bilinear, edge pixels replicated so crops near
 * the frame border do not fade to black.
 */
export function warpAffine(src: Planar, m: Affine, width: number, height: number): Float32Array {
  const inv = invertAffine(m);
  const { channels: ch, width: sw, height: sh, data } = src;
  const out = new Float32Array(width * height * ch);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sx, sy] = applyAffine(inv, [x, y]);
      sampleBilinear(data, sw, sh, ch, sx, sy, out, (y * width + x) * ch);
    }
  }
  return out;
}

export function sampleBilinear(
  data: Float32Array | Uint8Array,
  sw: number,
  sh: number,
  ch: number,
  sx: number,
  sy: number,
  out: Float32Array,
  o: number,
): void {
  const cx = Math.min(Math.max(sx, 0), sw - 1);
  const cy = Math.min(Math.max(sy, 0), sh - 1);
  const x0 = Math.floor(cx),
    y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, sw - 1),
    y1 = Math.min(y0 + 1, sh - 1);
  const fx = cx - x0,
    fy = cy - y0;
  const i00 = (y0 * sw + x0) * ch,
    i01 = (y0 * sw + x1) * ch,
    i10 = (y1 * sw + x0) * ch,
    i11 = (y1 * sw + x1) * ch;
  for (let c = 0; c < ch; c++) {
    const top = data[i00 + c]! * (1 - fx) + data[i01 + c]! * fx;
    const bot = data[i10 + c]! * (1 - fx) + data[i11 + c]! * fx;
    out[o + c] = top * (1 - fy) + bot * fy;
  }
}
