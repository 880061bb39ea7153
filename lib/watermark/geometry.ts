import { fft2d } from "./fft";
import { TILE_SIZE } from "./tile-layout";

// Net geometry changes (a rescale, a rotation, a stretch of the width) move the
// tile grid off the 128 px period the fold needs. The pattern is repeated over
// the whole frame with checkerboard signs (fold.ts), so the picture's
// auto-correlation has a lattice of peaks at the tile steps whatever the
// payload: negative one tile step away along either axis, positive two steps
// (or one diagonal step) away. The lattice's two basis vectors are the tile's
// x and y steps in the analysed picture; the affine map they give is undone by
// resampling the luma onto the canonical grid, and the ordinary fold and sync
// search (which handle any translation) run on that.
//
// The auto-correlation is computed on the central 512 x 512 window of the
// luma (of its 2 x 2 averages from 1024 px on the short side), from a
// high-pass normalised and weighted per 8 x 8 block (quiet blocks count
// most), with its power spectrum flattened by its local mean (image content
// has a smooth spectrum, the repeated tile a comb of lines) and smoothed to
// peaks ~2 px wide. The lattice is then searched three ways: each axis by the
// line of peaks along it, and the two families the goals name whole (scale +
// rotation, a stretch of one axis) scoring every lattice point, then refined
// to a fraction of a pixel by climbing the bicubic score.

export type Vec = { x: number; y: number };
/**
 * Where one tile step along the pattern's own x and y axes lands in the
 * analysed picture (pixels): a = (128, 0) and b = (0, 128) when the geometry
 * is unchanged. `score`: how far the lattice stands out (standard deviations).
 */
export type Lattice = { a: Vec; b: Vec; score: number };

const MAX_WINDOW = 512;
/** Pictures from this short side on are analysed at half resolution (2 x 2 averages). */
const HALVE_FROM = 1024;
/**
 * Between these short sides both resolutions are searched and the better
 * lattices kept: at full resolution a 1.5 upscale of a 512 px picture leaves
 * under 3 tiles across the window (scale 1.5: 44 of 56 photographs), at half
 * resolution a 0.5 rescale of a large one puts the chips at 1 px.
 */
const BOTH_FROM = 600;
/** Scales searched: tile periods from 0.4 to 2.5 times the tile (the goals ask 0.5 to 2, plus a 10 % stretch). */
const MIN_PERIOD = 0.4 * TILE_SIZE;
const MAX_PERIOD = 2.5 * TILE_SIZE;
/** Basis candidates must lie within atan(0.5) = 26.6 degrees of their axis. */
const CONE = 0.5;
const CANDIDATES_PER_AXIS = 24;
const SPECTRUM_SMOOTHING = 4;
/**
 * Each 8 x 8 block of the high-pass is divided by its RMS (clipped at 2) and
 * weighted by RMS^(1 - ACF_POWER): quiet blocks, where the pattern stands out
 * of the host, count far more (the auto-correlation squares the host noise).
 * Lattice score of the true geometry after a 0.8 rescale, power 1 -> 3
 * (distance 1 -> 2): astronaut 10.6 -> 40.6, aero1 4.3 -> 10.6, board 1.9,
 * baboon 0.7 -> 2.5 (still noise: see README).
 */
const ACF_POWER = 3;
const ACF_FLOOR = 1;
/** High-pass: pixel minus the mean of its four neighbours at this distance. */
const ACF_DIST = 2;
const PEAK_SIGMA = 1;

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/** 2 x 2 averages (a plane with half the size on each side). */
export function halve(luma: Float32Array, width: number, height: number): { luma: Float32Array; width: number; height: number } {
  const w = width >> 1;
  const h = height >> 1;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const r0 = 2 * y * width;
    const r1 = r0 + width;
    for (let x = 0; x < w; x++)
      out[y * w + x] = 0.25 * (luma[r0 + 2 * x]! + luma[r0 + 2 * x + 1]! + luma[r1 + 2 * x]! + luma[r1 + 2 * x + 1]!);
  }
  return { luma: out, width: w, height: h };
}

/** Separable cyclic box blur (radius r) of a size x size array, in place. */
function boxBlurCyclic(a: Float64Array, size: number, r: number): void {
  const tmp = new Float64Array(size);
  const norm = 1 / (2 * r + 1);
  const add = Int32Array.from({ length: size }, (_, x) => (x + r + 1) % size);
  const sub = Int32Array.from({ length: size }, (_, x) => (x - r + size) % size);
  for (let y = 0; y < size; y++) {
    const row = y * size;
    let s = 0;
    for (let k = -r; k <= r; k++) s += a[row + ((k + size) % size)]!;
    for (let x = 0; x < size; x++) {
      tmp[x] = s * norm;
      s += a[row + add[x]!]! - a[row + sub[x]!]!;
    }
    a.set(tmp, row);
  }
  const col = new Float64Array(size);
  for (let x = 0; x < size; x++) {
    for (let y = 0; y < size; y++) col[y] = a[y * size + x]!;
    let s = 0;
    for (let k = -r; k <= r; k++) s += col[(k + size) % size]!;
    for (let y = 0; y < size; y++) {
      a[y * size + x] = s * norm;
      s += col[add[y]!]! - col[sub[y]!]!;
    }
  }
}

export type Autocorrelation = { acf: Float64Array; size: number; step: number };

/** The spectrally whitened auto-correlation of the luma's central window (cyclic, size x size, shift (0, 0) at index 0). */
export function autocorrelation(
  luma: Float32Array | Float32Array[],
  width: number,
  height: number,
  halve = Math.min(width, height) >= HALVE_FROM,
): Autocorrelation {
  // Several pictures (video frames): their power spectra add up. The
  // auto-correlation ignores where the grid starts, so frames that moved do not smear it.
  const lumas = Array.isArray(luma) ? luma : [luma];
  let power: Float64Array | null = null;
  let size = 0;
  let step = 1;
  for (const one of lumas) {
    const s = powerSpectrum(one, width, height, halve);
    if (power) for (let i = 0; i < power.length; i++) power[i]! += s.power[i]!;
    else power = s.power;
    size = s.size;
    step = s.step;
  }
  return whitenedAutocorrelation(power!, size, step);
}

function powerSpectrum(
  luma: Float32Array,
  width: number,
  height: number,
  halfResolution: boolean,
): { power: Float64Array; size: number; step: number } {
  let step = 1;
  let plane = { luma, width, height };
  if (halfResolution) {
    plane = halve(plane.luma, plane.width, plane.height);
    step *= 2;
  }
  const rw = Math.min(plane.width, MAX_WINDOW);
  const rh = Math.min(plane.height, MAX_WINDOW);
  const x0 = (plane.width - rw) >> 1;
  const y0 = (plane.height - rh) >> 1;
  const size = Math.min(MAX_WINDOW, nextPow2(Math.max(rw, rh)));
  const re = new Float64Array(size * size);
  const im = new Float64Array(size * size);
  // High-pass (pixel minus the mean of its four neighbours), normalised by
  // each 8 x 8 block's RMS and clipped, so that edges and textures do not
  // outweigh the pattern; tapered at the window's borders.
  const src = plane.luma;
  const sw = plane.width;
  const B = 8;
  const TAPER = 16;
  const taper = (i: number, n: number) => {
    const d = Math.min(i, n - 1 - i);
    return d >= TAPER ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * (d + 0.5)) / TAPER);
  };
  for (let by = ACF_DIST; by < rh - ACF_DIST; by += B) {
    for (let bx = ACF_DIST; bx < rw - ACF_DIST; bx += B) {
      const ye = Math.min(rh - ACF_DIST, by + B);
      const xe = Math.min(rw - ACF_DIST, bx + B);
      let energy = 0;
      for (let y = by; y < ye; y++) {
        for (let x = bx; x < xe; x++) {
          const i = (y0 + y) * sw + x0 + x;
          const v = src[i]! - 0.25 * (src[i - ACF_DIST]! + src[i + ACF_DIST]! + src[i - ACF_DIST * sw]! + src[i + ACF_DIST * sw]!);
          re[y * size + x] = v;
          energy += v * v;
        }
      }
      const rms = Math.sqrt(energy / ((ye - by) * (xe - bx))) + ACF_FLOOR;
      const scale = 1 / rms;
      const weight = rms ** (1 - ACF_POWER);
      for (let y = by; y < ye; y++) {
        const ty = taper(y, rh);
        for (let x = bx; x < xe; x++) {
          let v = re[y * size + x]! * scale;
          if (v > 2) v = 2;
          else if (v < -2) v = -2;
          re[y * size + x] = v * weight * ty * taper(x, rw);
        }
      }
    }
  }
  fft2d(re, im, size);
  const power = re;
  for (let i = 0; i < power.length; i++) power[i] = re[i]! * re[i]! + im[i]! * im[i]!;
  return { power, size, step };
}

function whitenedAutocorrelation(power: Float64Array, size: number, step: number): Autocorrelation {
  const im = new Float64Array(size * size);
  const local = Float64Array.from(power);
  boxBlurCyclic(local, size, SPECTRUM_SMOOTHING);
  let mean = 0;
  for (const v of local) mean += v;
  mean /= local.length;
  const floor = 1e-3 * mean + 1e-12;
  // Flattened, then smoothed by a Gaussian of PEAK_SIGMA px in space (a
  // Gaussian weight in frequency): a flat spectrum's peaks are one pixel wide,
  // too narrow to find between pixels.
  const g = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const f = (k <= size / 2 ? k : k - size) / size;
    g[k] = Math.exp(-2 * Math.PI * Math.PI * PEAK_SIGMA * PEAK_SIGMA * f * f);
  }
  for (let v = 0; v < size; v++)
    for (let u = 0; u < size; u++) {
      const i = v * size + u;
      power[i] = (g[u]! * g[v]! * power[i]!) / (local[i]! + floor);
    }
  power[0] = 0;
  im.fill(0);
  fft2d(power, im, size, true);
  return { acf: power, size, step };
}

function at(c: Autocorrelation, x: number, y: number): number {
  const m = c.size - 1;
  return c.acf[(y & m) * c.size + (x & m)]!;
}

function bilinearAt(c: Autocorrelation, x: number, y: number): number {
  const xf = Math.floor(x);
  const yf = Math.floor(y);
  const fx = x - xf;
  const fy = y - yf;
  return (at(c, xf, yf) * (1 - fx) + at(c, xf + 1, yf) * fx) * (1 - fy) + (at(c, xf, yf + 1) * (1 - fx) + at(c, xf + 1, yf + 1) * fx) * fy;
}

/** Catmull-Rom weights of the four samples around fraction t. */
function cubicWeights(t: number, w: Float64Array): void {
  const t2 = t * t;
  const t3 = t2 * t;
  w[0] = 0.5 * (-t3 + 2 * t2 - t);
  w[1] = 0.5 * (3 * t3 - 5 * t2 + 2);
  w[2] = 0.5 * (-3 * t3 + 4 * t2 + t);
  w[3] = 0.5 * (t3 - t2);
}
const wx = new Float64Array(4);
const wy = new Float64Array(4);

/**
 * The auto-correlation between pixels, bicubic: the lattice's sub-pixel
 * refinement needs it (a bilinear surface peaks on a sample, so a climb on
 * it stops on whole pixels: 102.0 for a true 102.4).
 */
function cubicAt(c: Autocorrelation, x: number, y: number): number {
  const m = c.size - 1;
  const xf = Math.floor(x);
  const yf = Math.floor(y);
  cubicWeights(x - xf, wx);
  cubicWeights(y - yf, wy);
  let s = 0;
  for (let j = 0; j < 4; j++) {
    const row = ((yf - 1 + j) & m) * c.size;
    let r = 0;
    for (let i = 0; i < 4; i++) r += wx[i]! * c.acf[row + ((xf - 1 + i) & m)]!;
    s += wy[j]! * r;
  }
  return s;
}

/** latticeScore with bicubic interpolation (for the refinement). */
function latticeScoreCubic(c: Autocorrelation, a: Vec, b: Vec, std: number, reach: number): number {
  const half = c.size / 2 - 3;
  let s = 0;
  let n = 0;
  for (let l = 0; l <= reach; l++) {
    for (let k = l === 0 ? 1 : -reach; k <= reach; k++) {
      const x = k * a.x + l * b.x;
      const y = k * a.y + l * b.y;
      if (x >= half || x <= -half || y >= half || y <= -half) continue;
      const v = cubicAt(c, x, y);
      s += (k + l) & 1 ? -v : v;
      n++;
    }
  }
  return n < 3 ? 0 : s / Math.sqrt(n) / std;
}

function latticeScore(c: Autocorrelation, a: Vec, b: Vec, std: number, reach = 4): number {
  // Every lattice point out to `reach` steps (one of each symmetric pair): a
  // finer lattice that is real has more points, so it beats the coarser ones
  // that are its sub-lattices. Written without allocation: the family
  // searches call it ~10^5 times.
  const half = c.size / 2 - 3;
  const m = c.size - 1;
  const size = c.size;
  const acf = c.acf;
  let s = 0;
  let n = 0;
  for (let l = 0; l <= reach; l++) {
    for (let k = l === 0 ? 1 : -reach; k <= reach; k++) {
      const x = k * a.x + l * b.x;
      const y = k * a.y + l * b.y;
      if (x >= half || x <= -half || y >= half || y <= -half) continue;
      const xf = Math.floor(x);
      const yf = Math.floor(y);
      const fx = x - xf;
      const fy = y - yf;
      const r0 = (yf & m) * size;
      const r1 = ((yf + 1) & m) * size;
      const x0 = xf & m;
      const x1 = (xf + 1) & m;
      const v = (acf[r0 + x0]! * (1 - fx) + acf[r0 + x1]! * fx) * (1 - fy) + (acf[r1 + x0]! * (1 - fx) + acf[r1 + x1]! * fx) * fy;
      s += (k + l) & 1 ? -v : v;
      n++;
    }
  }
  return n < 3 ? 0 : s / Math.sqrt(n) / std;
}

/** Line sum of the auto-correlation at multiples of v, with the checkerboard's signs (standard deviations). */
function lineScore(c: Autocorrelation, vx: number, vy: number, std: number): number {
  const half = c.size / 2 - 3;
  let s = 0;
  let n = 0;
  for (let k = 1; k <= 4; k++) {
    const x = k * vx;
    const y = k * vy;
    if (Math.abs(x) >= half || Math.abs(y) >= half) break;
    s += (k & 1 ? -1 : 1) * bilinearAt(c, x, y);
    n++;
  }
  return n ? s / Math.sqrt(n) / std : 0;
}

/** Best local maxima of the line sum over one axis's cone (x: v.x > 0, y: v.y > 0), half-pixel grid. */
function axisCandidates(c: Autocorrelation, std: number, lo: number, hi: number, yAxis: boolean): Array<Vec & { v: number }> {
  const G = 2; // grid points per pixel
  const span = Math.ceil(hi * G);
  const side = 2 * span + 1;
  const map = new Float64Array(side * (span + 1)).fill(-Infinity);
  // Indexed (along the axis: 0..span, across: -span..span).
  for (let along = Math.floor(lo * G); along <= span; along++) {
    const maxAcross = Math.floor(CONE * along);
    for (let across = -maxAcross; across <= maxAcross; across++) {
      const r = Math.hypot(along, across) / G;
      if (r < lo || r > hi) continue;
      const x = (yAxis ? across : along) / G;
      const y = (yAxis ? along : across) / G;
      map[along * side + across + span] = lineScore(c, x, y, std);
    }
  }
  const found: Array<Vec & { v: number }> = [];
  for (let along = 1; along < span; along++) {
    for (let across = -span + 1; across < span; across++) {
      const v = map[along * side + across + span]!;
      if (!(v > 0)) continue;
      let isMax = true;
      for (let d = -1; d <= 1 && isMax; d++)
        for (let e = -1; e <= 1; e++) if ((d || e) && map[(along + d) * side + across + e + span]! > v) isMax = false;
      if (!isMax) continue;
      found.push({ x: (yAxis ? across : along) / G, y: (yAxis ? along : across) / G, v });
    }
  }
  found.sort((p, q) => q.v - p.v);
  return found.slice(0, CANDIDATES_PER_AXIS);
}

/** Debugging aid: the lattice score of a given basis (standard deviations). */
export function scoreOf(luma: Float32Array, width: number, height: number, a: Vec, b: Vec): number {
  const c = autocorrelation(luma, width, height);
  const s = (v: Vec) => ({ x: v.x / c.step, y: v.y / c.step });
  return latticeScore(c, s(a), s(b), spread(c));
}

function spread(c: Autocorrelation): number {
  const half = c.size / 2;
  const lo = MIN_PERIOD / c.step;
  const hi = Math.min(MAX_PERIOD / c.step, half - 4);
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  for (let y = 0; y <= hi; y++) {
    for (let x = -Math.floor(hi); x <= hi; x++) {
      const r = Math.hypot(x, y);
      if (r < lo || r > hi) continue;
      const v = at(c, x, y);
      sum += v;
      sum2 += v * v;
      n++;
    }
  }
  return n ? Math.sqrt(Math.max(1e-30, sum2 / n - (sum / n) ** 2)) : 0;
}

/**
 * Candidate tile lattices of a picture, best first (at most `count`), in the
 * picture's full-resolution pixels. Empty when nothing periodic stands out.
 */
export function estimateLattices(luma: Float32Array | Float32Array[], width: number, height: number, count = 2): Lattice[] {
  if (Math.min(width, height) < 2 * MIN_PERIOD) return [];
  const short = Math.min(width, height);
  if (short < BOTH_FROM || short >= HALVE_FROM) return estimateAt(autocorrelation(luma, width, height), count);
  const both = [
    ...estimateAt(autocorrelation(luma, width, height, false), count),
    ...estimateAt(autocorrelation(luma, width, height, true), count),
  ];
  both.sort((p, q) => q.score - p.score);
  const out: Lattice[] = [];
  for (const l of both) {
    if (out.length >= count) break;
    if (out.some((o) => Math.hypot(o.a.x - l.a.x, o.a.y - l.a.y) < 1 && Math.hypot(o.b.x - l.b.x, o.b.y - l.b.y) < 1)) continue;
    out.push(l);
  }
  return out;
}

function estimateAt(c: Autocorrelation, count: number): Lattice[] {
  const { size, step } = c;
  const half = size / 2;
  const lo = MIN_PERIOD / step;
  const hi = Math.min(MAX_PERIOD / step, half - 4);
  const std = spread(c);
  if (!std) return [];
  // Each axis alone first: the line sum of the auto-correlation at k v
  // (k = 1..4, sign (-1)^k) over every v of the cone on a half-pixel grid; its
  // best local maxima are the axis candidates.
  const xs = axisCandidates(c, std, lo, hi, false);
  const ys = axisCandidates(c, std, lo, hi, true);
  const pairs: Lattice[] = [];
  for (const a of xs) {
    for (const b of ys) {
      // A lattice cell much sheared or stretched is not a geometry the goals cover.
      const cross = a.x * b.y - a.y * b.x;
      const la = Math.hypot(a.x, a.y);
      const lb = Math.hypot(b.x, b.y);
      if (cross / (la * lb) < 0.8 || la / lb > 1.5 || lb / la > 1.5) continue;
      pairs.push({ a: { x: a.x, y: a.y }, b: { x: b.x, y: b.y }, score: latticeScore(c, a, b, std, 2) });
    }
  }
  pairs.sort((p, q) => q.score - p.score);
  // The two families the goals name, searched whole with the lattice's
  // every point (a weak lattice shows in the sum long before in one line):
  // scale + rotation (b is a turned by 90 degrees) and a stretch of either axis.
  const candidates = [...pairs.slice(0, FAMILY_CANDIDATES), ...similarityCandidates(c, std, lo, hi), ...stretchCandidates(c, std, lo, hi)];
  const refined: Lattice[] = [];
  for (const cand of candidates) {
    const r = climb(c, cand.a, cand.b, std);
    if (refined.some((o) => Math.hypot(o.a.x - r.a.x, o.a.y - r.a.y) < 1 && Math.hypot(o.b.x - r.b.x, o.b.y - r.b.y) < 1)) continue;
    refined.push(r);
  }
  refined.sort((p, q) => q.score - p.score);
  return refined
    .slice(0, count)
    .map((l) => ({ a: { x: l.a.x * step, y: l.a.y * step }, b: { x: l.b.x * step, y: l.b.y * step }, score: l.score }));
}

const FAMILY_CANDIDATES = 8;
/** Rotations searched by the scale + rotation family (the goals: up to 5 degrees). */
const MAX_ROTATION = (6 * Math.PI) / 180;
/** Stretches searched (the goals: 10 % on one axis). */
const MAX_STRETCH = 1.2;

/** The best few of a scored list, none within `radius` px (of a and b) of a better one. */
function bestDistinct(list: Lattice[], n: number, radius = 2): Lattice[] {
  list.sort((p, q) => q.score - p.score);
  const out: Lattice[] = [];
  for (const l of list) {
    if (out.length >= n) break;
    if (out.some((o) => Math.hypot(o.a.x - l.a.x, o.a.y - l.a.y) < radius && Math.hypot(o.b.x - l.b.x, o.b.y - l.b.y) < radius)) continue;
    out.push(l);
  }
  return out;
}

function similarityCandidates(c: Autocorrelation, std: number, lo: number, hi: number): Lattice[] {
  const list: Lattice[] = [];
  for (let r = lo; r <= hi; r += 0.5) {
    // Lattice points out to 2a + 2b (2.8 r away) move under 0.7 px per angle step.
    const dt = 0.7 / (2.83 * r);
    const n = Math.ceil(MAX_ROTATION / dt);
    for (let t = -n; t <= n; t++) {
      const cos = r * Math.cos(t * dt);
      const sin = r * Math.sin(t * dt);
      const a = { x: cos, y: sin };
      const b = { x: -sin, y: cos };
      list.push({ a, b, score: latticeScore(c, a, b, std, 2) });
    }
  }
  return bestDistinct(list, FAMILY_CANDIDATES);
}

function stretchCandidates(c: Autocorrelation, std: number, lo: number, hi: number): Lattice[] {
  const list: Lattice[] = [];
  for (let ax = lo; ax <= hi; ax += 0.5) {
    for (let by = Math.max(lo, ax / MAX_STRETCH); by <= Math.min(hi, ax * MAX_STRETCH); by += 0.5) {
      const a = { x: ax, y: 0 };
      const b = { x: 0, y: by };
      list.push({ a, b, score: latticeScore(c, a, b, std, 2) });
    }
  }
  return bestDistinct(list, FAMILY_CANDIDATES);
}

/** Hill-climbs the lattice score (every point out to 4 steps) over the four coordinates, with shrinking steps. */
function climb(c: Autocorrelation, a0: Vec, b0: Vec, std: number): Lattice {
  const v = [a0.x, a0.y, b0.x, b0.y];
  const score = () => latticeScoreCubic(c, { x: v[0]!, y: v[1]! }, { x: v[2]!, y: v[3]! }, std, 4);
  let best = score();
  for (const stepSize of [0.5, 0.25, 0.12, 0.06, 0.03]) {
    for (let iter = 0; iter < 12; iter++) {
      let improved = false;
      for (let k = 0; k < 4; k++) {
        for (const d of [stepSize, -stepSize]) {
          v[k]! += d;
          const s = score();
          if (s > best) {
            best = s;
            improved = true;
          } else v[k]! -= d;
        }
      }
      if (!improved) break;
    }
  }
  return { a: { x: v[0]!, y: v[1]! }, b: { x: v[2]!, y: v[3]! }, score: best };
}

/** True when the lattice is the unchanged geometry (within a tenth of a pixel per tile). */
export function isIdentityLattice(l: Lattice): boolean {
  return Math.hypot(l.a.x - TILE_SIZE, l.a.y) < 0.1 && Math.hypot(l.b.x, l.b.y - TILE_SIZE) < 0.1;
}

/** Canonical pixels resampled at most: 24 MP (a 0.5 rescale of a 2,400 x 2,400 picture). */
const MAX_CANONICAL_PIXELS = 24_000_000;

/**
 * The luma resampled (bilinear) onto the grid where the lattice is the tile's
 * own (a = (128, 0), b = (0, 128)); pixels that fall outside the picture get
 * its mean.
 */
export function resampleToCanonical(
  luma: Float32Array,
  width: number,
  height: number,
  lattice: Lattice,
): { luma: Float32Array; width: number; height: number } | null {
  // p = M u, M = [a b] / TILE_SIZE.
  const m00 = lattice.a.x / TILE_SIZE;
  const m01 = lattice.b.x / TILE_SIZE;
  const m10 = lattice.a.y / TILE_SIZE;
  const m11 = lattice.b.y / TILE_SIZE;
  const det = m00 * m11 - m01 * m10;
  if (!(det > 0)) return null;
  const inv = (px: number, py: number) => ({ x: (m11 * px - m01 * py) / det, y: (-m10 * px + m00 * py) / det });
  const corners = [inv(0, 0), inv(width - 1, 0), inv(0, height - 1), inv(width - 1, height - 1)];
  const umin = Math.min(...corners.map((c) => c.x));
  const vmin = Math.min(...corners.map((c) => c.y));
  const ow = Math.floor(Math.max(...corners.map((c) => c.x)) - umin) + 1;
  const oh = Math.floor(Math.max(...corners.map((c) => c.y)) - vmin) + 1;
  if (ow * oh > MAX_CANONICAL_PIXELS || ow < 16 || oh < 16) return null;
  let mean = 0;
  for (let i = 0; i < width * height; i++) mean += luma[i]!;
  mean /= width * height;
  const out = new Float32Array(ow * oh);
  const xmax = width - 1;
  const ymax = height - 1;
  for (let j = 0; j < oh; j++) {
    const v = vmin + j;
    let px = m00 * umin + m01 * v;
    let py = m10 * umin + m11 * v;
    const row = j * ow;
    for (let i = 0; i < ow; i++, px += m00, py += m10) {
      if (px < 0 || py < 0 || px > xmax || py > ymax) {
        out[row + i] = mean;
        continue;
      }
      let x0 = px | 0;
      let y0 = py | 0;
      if (x0 >= xmax) x0 = xmax - 1;
      if (y0 >= ymax) y0 = ymax - 1;
      const fx = px - x0;
      const fy = py - y0;
      const k = y0 * width + x0;
      const top = luma[k]! + (luma[k + 1]! - luma[k]!) * fx;
      const bottom = luma[k + width]! + (luma[k + width + 1]! - luma[k + width]!) * fx;
      out[row + i] = top + (bottom - top) * fy;
    }
  }
  return { luma: out, width: ow, height: oh };
}
