// Seamless cloning (Pérez, Gangnet & Blake, "Poisson image editing", 2003) in
// the face crop: inside the region the result keeps the rendered face's
// gradients (its detail), on the region's border it equals the target frame,
// so skin tone and lighting meet without a seam, which a colour match of means
// and deviations alone leaves where the light falls unevenly. Written as
// source + c, where c is the membrane (harmonic) interpolation of the border
// difference target - source: Laplacian(c) = 0 inside, solved per channel by
// conjugate gradients on the 5-point Laplacian with Dirichlet borders.

export type SeamlessCloneOptions = {
  /** Stop when the residual falls below this share of the right-hand side's norm. */
  tolerance?: number;
  maxIterations?: number;
};

export type SeamlessCloneResult = { image: Float32Array; iterations: number };

/**
 * `source` and `target`: interleaved float images (w x h x channels, 0..1);
 * `region`: 1 where the result is solved for. Pixels on the image's outer ring
 * never count as inside (they have no four neighbours). Outside the region the
 * result is the source.
 */
export function seamlessClone(
  source: Float32Array,
  target: Float32Array,
  region: Uint8Array,
  w: number,
  h: number,
  channels = 3,
  options: SeamlessCloneOptions = {},
): SeamlessCloneResult {
  const tolerance = options.tolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 2000;
  const index = new Int32Array(w * h).fill(-1);
  const pixels: number[] = [];
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const p = y * w + x;
      if (region[p]) {
        index[p] = pixels.length;
        pixels.push(p);
      }
    }
  const n = pixels.length;
  const image = source.slice();
  if (n === 0) return { image, iterations: 0 };
  // Each unknown's four neighbours: another unknown's index, or -1 (a border pixel, known).
  const neighbours = new Int32Array(4 * n);
  const offsets = [-1, 1, -w, w];
  for (let k = 0; k < n; k++) for (let j = 0; j < 4; j++) neighbours[4 * k + j] = index[pixels[k]! + offsets[j]!]!;
  const apply = (v: Float64Array, out: Float64Array) => {
    for (let k = 0; k < n; k++) {
      let s = 4 * v[k]!;
      for (let j = 0; j < 4; j++) {
        const q = neighbours[4 * k + j]!;
        if (q >= 0) s -= v[q]!;
      }
      out[k] = s;
    }
  };
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[k]! * b[k]!;
    return s;
  };
  const b = new Float64Array(n);
  const x = new Float64Array(n);
  const r = new Float64Array(n);
  const p = new Float64Array(n);
  const ap = new Float64Array(n);
  let iterations = 0;
  for (let c = 0; c < channels; c++) {
    // Right-hand side: the known border differences next to each unknown.
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let j = 0; j < 4; j++) {
        if (neighbours[4 * k + j]! >= 0) continue;
        const q = (pixels[k]! + offsets[j]!) * channels + c;
        s += target[q]! - source[q]!;
      }
      b[k] = s;
    }
    x.fill(0);
    r.set(b);
    p.set(b);
    let rr = dot(r, r);
    const stop = tolerance * tolerance * Math.max(rr, 1e-30);
    let it = 0;
    while (rr > stop && it < maxIterations) {
      apply(p, ap);
      const alpha = rr / dot(p, ap);
      for (let k = 0; k < n; k++) {
        x[k]! += alpha * p[k]!;
        r[k]! -= alpha * ap[k]!;
      }
      const next = dot(r, r);
      const beta = next / rr;
      rr = next;
      for (let k = 0; k < n; k++) p[k] = r[k]! + beta * p[k]!;
      it++;
    }
    iterations = Math.max(iterations, it);
    for (let k = 0; k < n; k++) {
      const q = pixels[k]! * channels + c;
      image[q] = Math.min(1, Math.max(0, source[q]! + x[k]!));
    }
  }
  return { image, iterations };
}
