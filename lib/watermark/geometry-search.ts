import { negacyclicCorrelate } from "./fft";
import {
  CLIP_LEVEL,
  createFold,
  type FoldAccumulator,
  foldLuma,
  NOISE_FLOOR,
  NORM_BLOCK,
  removeLines,
  WEIGHT_POWER,
  withoutLines,
} from "./fold";
import { halve, type Lattice, resampleToCanonical } from "./geometry";
import { TILE_SIZE } from "./tile-layout";
import { renderSyncTemplate } from "./tile-pattern";

// First-order geometry search (issue 12). The auto-correlation (geometry.ts)
// squares the host noise, so on textured photographs (baboon, board, a
// painting, micrographs) the true lattice scores like noise while the matched
// fold still decodes. This scores a candidate geometry the way detection
// does, by the fold's sync peak, but cheaply: the picture is whitened once
// (per chip size), and each candidate folds the whitened pixels straight
// onto a half-resolution tile (64 x 64 cells of 2 x 2 canonical pixels)
// through the inverse of the candidate's affine map, with no resampled
// plane; the sync template is correlated at that resolution. About 1-3 ms a
// candidate at 512 px, so a grid of ~300 geometries (every rescale from 0.45
// to 2.3 in 1 % steps, turns of up to 6 degrees, one-axis stretches up to
// 18 %) and the auto-correlation's own candidates are all scored, and only
// the best few by sync peak are refined and decoded. Scoring decodes nothing,
// so it adds nothing to the false-positive bound: that counts the decodes.

/** A whitened, block-normalised, clipped and weighted plane, as the fold sees the picture. */
type Plane = { data: Float32Array; width: number; height: number; step: number; d: number };

/**
 * Adds the fold's whitening (fold.ts: cross band-pass at distance d, per-block
 * RMS, clip, weight) to `out`, in blocks of `block` px whose grid is shifted
 * by `phase` px along both axes (0: blocks from d in steps of `block`).
 * The border (d px) is left alone.
 */
function addWhitened(out: Float32Array, luma: Float32Array, width: number, height: number, d: number, block: number, phase: number): void {
  // Where the block that starts at c ends (blocks end at d + phase + k * block).
  const end = (c: number, limit: number) => Math.min(limit, c + block - ((((c - d - phase) % block) + block) % block));
  const band = new Float32Array(block * block);
  for (let by = d; by < height - d; by = end(by, height - d)) {
    const ye = end(by, height - d);
    for (let bx = d; bx < width - d; bx = end(bx, width - d)) {
      const xe = end(bx, width - d);
      let energy = 0;
      for (let y = by, k = 0; y < ye; y++)
        for (let x = bx; x < xe; x++, k++) {
          const i = y * width + x;
          const v = luma[i]! - 0.25 * (luma[i - d * width]! + luma[i + d * width]! + luma[i - d]! + luma[i + d]!);
          band[k] = v;
          energy += v * v;
        }
      const scale = Math.sqrt(energy / ((xe - bx) * (ye - by))) + NOISE_FLOOR;
      const hi = CLIP_LEVEL * scale;
      const f = scale ** -WEIGHT_POWER;
      for (let y = by, k = 0; y < ye; y++)
        for (let x = bx; x < xe; x++, k++) {
          let v = band[k]!;
          if (v > hi) v = hi;
          else if (v < -hi) v = -hi;
          out[y * width + x]! += v * f;
        }
    }
  }
}

/** The fold's whitening (fold.ts: cross band-pass at distance d, per-block RMS, clip, weight) as a plane; 0 at the borders. */
function whiten(luma: Float32Array, width: number, height: number, d: number, step: number): Plane {
  const out = new Float32Array(width * height);
  addWhitened(out, luma, width, height, d, NORM_BLOCK, 0);
  return { data: out, width, height, step, d };
}

const templates = new Map<number, Float32Array>();

/** The sync template at 1 / res resolution (res x res averages; it is band-limited well below that Nyquist at res 2). */
function templateAt(res: number): Float32Array {
  let out = templates.get(res);
  if (out) return out;
  const t = renderSyncTemplate();
  const n = TILE_SIZE / res;
  out = new Float32Array(n * n);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      let s = 0;
      for (let j = 0; j < res; j++) for (let i = 0; i < res; i++) s += t[(res * y + j) * TILE_SIZE + res * x + i]!;
      out[y * n + x] = s / (res * res);
    }
  templates.set(res, out);
  return out;
}

/**
 * How the ranking scores a candidate lattice: `score`, the half-resolution
 * fold's sync peak (the grid and the climb), and `fineScore`, the
 * full-resolution one (the refinement). One picture's is FirstOrderSearch;
 * video averages a few frames' (video-geometry.ts).
 */
export type GeometryScorer = { width: number; height: number; score(l: Lattice): number; fineScore(l: Lattice): number };

/** The candidate searcher for one picture: whitened planes made once, each candidate folded and scored. */
export class FirstOrderSearch {
  private planes = new Map<string, Plane>();
  private half: { luma: Float32Array; width: number; height: number } | null = null;
  private readonly bufs = new Map<number, Float64Array>();

  /**
   * The refinement's score: the sync peak of the fold detection itself makes
   * (the luma resampled onto the tile's grid, folded at full resolution).
   * Measured against the half-resolution score and against adding the data
   * chips' agreement (each bit's three chips share a sign): this one left the
   * fewest bit errors after the refinement.
   */
  fineScore(l: Lattice): number {
    const c = resampleToCanonical(this.luma, this.width, this.height, l);
    if (!c) return 0;
    const acc = createFold();
    foldLuma(acc, c.luma, c.width, c.height);
    return peakZ(negacyclicCorrelate(withoutLines(acc.tile), templateAt(1), TILE_SIZE));
  }

  constructor(
    private readonly luma: Float32Array,
    readonly width: number,
    readonly height: number,
  ) {}

  /** The plane for a geometry whose chips (4 canonical px) are 4 * scale picture pixels. */
  private planeFor(scale: number): Plane {
    // From scale 1.4 on, the 2 x 2 averages (fewer pixels, chips still >= 2.8 px).
    const halved = scale >= 1.4 && Math.min(this.width, this.height) >= 256;
    const step = halved ? 2 : 1;
    const d = Math.max(2, Math.min(6, Math.round((4 * scale) / step)));
    const key = `${step}:${d}`;
    let p = this.planes.get(key);
    if (!p) {
      if (halved) {
        this.half ??= halve(this.luma, this.width, this.height);
        p = whiten(this.half.luma, this.half.width, this.half.height, d, 2);
      } else p = whiten(this.luma, this.width, this.height, d, 1);
      this.planes.set(key, p);
    }
    return p;
  }

  /**
   * Sync peak (standard deviations) of the fold through the lattice's inverse
   * map, onto cells of res x res canonical pixels (2: the coarse search; 1:
   * the refinement).
   */
  score(l: Lattice, res = 2): number {
    const HALF = TILE_SIZE / res;
    const SPAN = 2 * HALF;
    const det = l.a.x * l.b.y - l.a.y * l.b.x;
    if (!(det > 0)) return 0;
    const scale = Math.sqrt(det) / TILE_SIZE;
    const p = this.planeFor(scale);
    // Canonical half-resolution cell of picture pixel (x, y) * step: u = M^-1 p / 2, M = [a b] / TILE_SIZE.
    const k = (TILE_SIZE / det / res) * p.step;
    const i00 = l.b.y * k;
    const i01 = -l.b.x * k;
    const i10 = -l.a.y * k;
    const i11 = l.a.x * k;
    let buf = this.bufs.get(res);
    if (!buf) this.bufs.set(res, (buf = new Float64Array(SPAN * SPAN)));
    buf.fill(0);
    const { data, width, height, d } = p;
    const OFF = SPAN * 256 + 0.5; // keeps cell indices positive; +0.5 rounds to nearest
    const m = SPAN - 1;
    for (let y = d; y < height - d; y++) {
      let u = i00 * d + i01 * y + OFF;
      let v = i10 * d + i11 * y + OFF;
      const row = y * width;
      for (let x = d; x < width - d; x++, u += i00, v += i10) {
        const val = data[row + x]!;
        if (val === 0) continue;
        buf[((v | 0) & m) * SPAN + ((u | 0) & m)]! += val;
      }
    }
    const tile = new Float64Array(HALF * HALF);
    signedQuadrants(buf, HALF, tile);
    removeLines(tile, HALF);
    return peakZ(negacyclicCorrelate(tile, templateAt(res), HALF));
  }
}

/**
 * A fold summed modulo two tiles (2n x 2n cells) made one n x n tile: the four
 * quadrants go in with the checkerboard's signs, + - / - + (foldLuma).
 */
function signedQuadrants(buf: Float64Array, n: number, out: Float64Array): void {
  const span = 2 * n;
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const top = y * span + x;
      const bottom = top + n * span;
      out[y * n + x] = buf[top]! - buf[top + n]! - buf[bottom]! + buf[bottom + n]!;
    }
}

/** The largest deviation of a correlation surface from its mean, either sign, in standard deviations (detect.ts topPeaks). */
function peakZ(surface: Float64Array): number {
  let mean = 0;
  for (const s of surface) mean += s;
  mean /= surface.length;
  let variance = 0;
  let peak = 0;
  for (const s of surface) {
    const e = s - mean;
    variance += e * e;
    if (Math.abs(e) > peak) peak = Math.abs(e);
  }
  const std = Math.sqrt(variance / surface.length);
  return std > 0 ? peak / std : 0;
}

const deg = Math.PI / 180;
function similarity(scale: number, theta: number): Lattice {
  const c = TILE_SIZE * scale * Math.cos(theta);
  const s = TILE_SIZE * scale * Math.sin(theta);
  return { a: { x: c, y: s }, b: { x: -s, y: c }, score: 0 };
}
function stretch(sx: number, sy: number): Lattice {
  return { a: { x: TILE_SIZE * sx, y: 0 }, b: { x: 0, y: TILE_SIZE * sy }, score: 0 };
}

/**
 * The first-order grid: every rescale from 0.45 to 2.3 (1 % steps; the sync
 * peak holds within about +-0.6 %), turns of 0.7 to 6 degrees either way at
 * scale 0.99-1.01 (0.7 degree steps; the peak holds within +-0.4 degrees),
 * and a stretch of either axis by up to 18 % (1 % steps). Combinations
 * outside these families are left to the auto-correlation's candidates.
 */
export function firstOrderGrid(): Lattice[] {
  const out: Lattice[] = [];
  for (let s = 0.45; s <= 2.3; s *= 1.01) out.push(stretch(s, s));
  for (let t = 0.7; t <= 6.05; t += 0.7)
    for (const sign of [1, -1]) for (const s of [0.99, 1, 1.01]) out.push(similarity(s, sign * t * deg));
  for (let e = 0.85; e <= 1.181; e *= 1.01) {
    if (Math.abs(e - 1) < 0.006) continue;
    out.push(stretch(e, 1), stretch(1, e));
  }
  return out;
}

/** Small moves of a lattice (scale, turn, each axis) for a local refinement, `size` the relative step. */
export function neighbours(l: Lattice, size: number): Lattice[] {
  const out: Lattice[] = [];
  const t = size; // radians ~ relative step
  for (const [sx, sy, th] of [
    [1 + size, 1 + size, 0],
    [1 - size, 1 - size, 0],
    [1 + size, 1, 0],
    [1 - size, 1, 0],
    [1, 1 + size, 0],
    [1, 1 - size, 0],
    [1, 1, t],
    [1, 1, -t],
  ] as const) {
    const c = Math.cos(th);
    const s = Math.sin(th);
    const ax = l.a.x * sx;
    const ay = l.a.y * sx;
    const bx = l.b.x * sy;
    const by = l.b.y * sy;
    out.push({ a: { x: c * ax - s * ay, y: s * ax + c * ay }, b: { x: c * bx - s * by, y: s * bx + c * by }, score: 0 });
  }
  return out;
}

/** True when two lattices are within `radius` px of each other (both steps). */
function near(p: Lattice, q: Lattice, radius: number): boolean {
  return Math.hypot(p.a.x - q.a.x, p.a.y - q.a.y) < radius && Math.hypot(p.b.x - q.b.x, p.b.y - q.b.y) < radius;
}

/** Candidates refined per picture, and the relative steps of their refinement (the grid's is 1 %). */
const REFINED = 4;
const REFINE_STEPS = [0.004, 0.002];
/** Sweeps of the fine refinement (a parabola per coordinate, see rankGeometries). */
const FINE_SWEEPS = 2;

/**
 * The geometries most worth decoding, best first (at most `count`; `score`:
 * the half-resolution fold's sync peak in standard deviations): the grid and
 * `extra` (the auto-correlation's candidates) scored, the best few climbed on
 * the same score (those under `climbFrom` dropped: the climb gains ~0.3, and
 * costs ~100 scores). Scoring decodes nothing.
 */
export function climbGeometries(search: GeometryScorer, extra: Lattice[], count: number, options: { climbFrom?: number } = {}): Lattice[] {
  if (Math.min(search.width, search.height) < 64) return [];
  const climbFrom = options.climbFrom ?? -Infinity;
  const scored = [...extra, ...firstOrderGrid()].map((l) => ({ ...l, score: search.score(l) }));
  scored.sort((p, q) => q.score - p.score);
  const seeds: Lattice[] = [];
  for (const l of scored) {
    if (seeds.length >= REFINED) break;
    if (!seeds.some((o) => near(o, l, 2))) seeds.push(l);
  }
  const refined: Lattice[] = [];
  for (let best of seeds) {
    if (best.score < climbFrom) continue;
    for (const size of REFINE_STEPS) {
      for (let iter = 0; iter < 4; iter++) {
        let moved = false;
        for (const n of neighbours(best, size)) {
          const z = search.score(n);
          if (z > best.score) {
            best = { ...n, score: z };
            moved = true;
          }
        }
        if (!moved) break;
      }
    }
    if (!refined.some((o) => near(o, best, 1))) refined.push(best);
  }
  refined.sort((p, q) => q.score - p.score);
  return refined.slice(0, count);
}

/**
 * A climbed lattice refined on the full-resolution fold of the resampled
 * plane (`score`: its sync peak, what detection sees).
 */
export function refineGeometry(search: GeometryScorer, seed: Lattice): Lattice {
  // Refined without shear (no geometry the goals name has any): the two
  // steps' lengths and one turn (in pixels at one tile: 128 x angle).
  const theta0 = 0.5 * (Math.atan2(seed.a.y, seed.a.x) + Math.atan2(-seed.b.x, seed.b.y));
  const v = [Math.hypot(seed.a.x, seed.a.y), Math.hypot(seed.b.x, seed.b.y), TILE_SIZE * theta0];
  const at = (): Lattice => {
    const t = v[2]! / TILE_SIZE;
    const c = Math.cos(t);
    const s = Math.sin(t);
    return { a: { x: v[0]! * c, y: v[0]! * s }, b: { x: -v[1]! * s, y: v[1]! * c }, score: 0 };
  };
  // Each coordinate in turn: the score at -1 .. +1 px (5 points), a
  // least-squares parabola through them, its vertex taken. The score is
  // noisy between neighbouring sub-pixel positions: a climb stops on that
  // noise (measured: more bit errors after it), a fit over the whole peak
  // (about +-1.5 px wide) averages it.
  const offsets = [-1, -0.5, 0, 0.5, 1];
  const n = offsets.length;
  const so2 = offsets.reduce((t, o) => t + o * o, 0);
  const so4 = offsets.reduce((t, o) => t + o ** 4, 0);
  for (let sweep = 0; sweep < FINE_SWEEPS; sweep++) {
    for (let k = 0; k < v.length; k++) {
      const base = v[k]!;
      const ys = offsets.map((o) => {
        v[k] = base + o;
        return search.fineScore(at());
      });
      const sy = ys.reduce((t, y) => t + y, 0);
      const soy = offsets.reduce((t, o, i) => t + o * ys[i]!, 0);
      const so2y = offsets.reduce((t, o, i) => t + o * o * ys[i]!, 0);
      const c1 = soy / so2;
      const c2 = (n * so2y - so2 * sy) / (n * so4 - so2 * so2);
      v[k] = base + (c2 < 0 ? Math.max(-1, Math.min(1, -c1 / (2 * c2))) : offsets[ys.indexOf(Math.max(...ys))]!);
    }
  }
  return { ...at(), score: search.fineScore(at()) };
}

/** climbGeometries, each refined (refineGeometry). */
export function rankGeometries(luma: Float32Array, width: number, height: number, extra: Lattice[], count: number): Lattice[] {
  const search = new FirstOrderSearch(luma, width, height);
  return climbGeometries(search, extra, count).map((seed) => refineGeometry(search, seed));
}

/**
 * The lattices around `l` on a 3 x 3 x 3 grid of its two steps' lengths and
 * its turn (`step` px at one tile), `l` itself first: decoded in turn after a
 * refined lattice fails (the refinement lands within ~0.3 px per tile, and
 * informed embedding leaves little margin for that).
 */
export function perturbations(l: Lattice, step: number): Lattice[] {
  const la = Math.hypot(l.a.x, l.a.y);
  const lb = Math.hypot(l.b.x, l.b.y);
  const theta = 0.5 * (Math.atan2(l.a.y, l.a.x) + Math.atan2(-l.b.x, l.b.y));
  const out: Lattice[] = [l];
  for (const da of [0, -step, step])
    for (const db of [0, -step, step])
      for (const dt of [0, -step, step]) {
        if (!da && !db && !dt) continue;
        const t = theta + dt / TILE_SIZE;
        const c = Math.cos(t);
        const s = Math.sin(t);
        out.push({ a: { x: (la + da) * c, y: (la + da) * s }, b: { x: -(lb + db) * s, y: (lb + db) * c }, score: l.score });
      }
  return out;
}

/**
 * The decoding fold after a net geometry change, without resampling the
 * picture. Its pixels are whitened in their own grid at the tile's scale
 * (cross distance d = 4 x scale, normalisation blocks of 2d px: 4 and 8
 * canonical px, as the fold sees the unchanged picture), summed over two
 * block-grid phases (0 and d: the embedder measures each bit's host
 * interference as the mean of those two phases, embed.ts HOST_PHASES), and
 * each pixel is added, split bilinearly over the 4 nearest cells, to the
 * full-resolution tile at its canonical position through the inverse of the
 * lattice's affine map (as FirstOrderSearch.score does at half resolution).
 * Resampling the picture interpolated a turned picture a second time before
 * the whitening and normalised blocks of the wrong size after a rescale: at
 * the true geometry of a 3-5 degree turn board, baboon and starry_night read
 * 27-52 raw errors on the resampled fold, 4-24 on this one. The whitened
 * planes are made once per picture and distance.
 */
export class LatticeFold {
  private readonly planes = new Map<number, Float32Array>();

  constructor(
    private readonly luma: Float32Array,
    private readonly width: number,
    private readonly height: number,
  ) {}

  private planeFor(d: number): Float32Array {
    let p = this.planes.get(d);
    if (!p) {
      p = new Float32Array(this.width * this.height);
      const block = Math.max(4, 2 * d);
      addWhitened(p, this.luma, this.width, this.height, d, block, 0);
      addWhitened(p, this.luma, this.width, this.height, d, block, block >> 1);
      this.planes.set(d, p);
    }
    return p;
  }

  /** The picture folded through the lattice onto one tile (checkerboard signs as foldLuma's); null when the lattice is degenerate or the picture too small. */
  fold(l: Lattice): FoldAccumulator | null {
    const det = l.a.x * l.b.y - l.a.y * l.b.x;
    if (!(det > 0)) return null;
    const d = Math.max(2, Math.round((4 * Math.sqrt(det)) / TILE_SIZE));
    const { width, height } = this;
    if (width <= 2 * d || height <= 2 * d) return null;
    const data = this.planeFor(d);
    // Canonical position of picture pixel (x, y): u = M^-1 p, M = [a b] / TILE_SIZE.
    const k = TILE_SIZE / det;
    const i00 = l.b.y * k;
    const i01 = -l.b.x * k;
    const i10 = -l.a.y * k;
    const i11 = l.a.x * k;
    const SPAN = 2 * TILE_SIZE;
    const m = SPAN - 1;
    const buf = new Float64Array(SPAN * SPAN);
    const OFF = SPAN * 256; // keeps positions positive; a multiple of the span
    for (let y = d; y < height - d; y++) {
      let u = i00 * d + i01 * y + OFF;
      let v = i10 * d + i11 * y + OFF;
      const row = y * width;
      for (let x = d; x < width - d; x++, u += i00, v += i10) {
        const val = data[row + x]!;
        if (val === 0) continue;
        const u0 = u | 0;
        const v0 = v | 0;
        const fu = u - u0;
        const top = val * (1 - (v - v0));
        const bottom = val - top;
        const r0 = (v0 & m) * SPAN;
        const r1 = ((v0 + 1) & m) * SPAN;
        const c0 = u0 & m;
        const c1 = (u0 + 1) & m;
        buf[r0 + c0]! += top - top * fu;
        buf[r0 + c1]! += top * fu;
        buf[r1 + c0]! += bottom - bottom * fu;
        buf[r1 + c1]! += bottom * fu;
      }
    }
    const acc = createFold();
    signedQuadrants(buf, TILE_SIZE, acc.tile);
    acc.frames = 1;
    return acc;
  }
}
