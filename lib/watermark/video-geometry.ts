import { ACF_CANDIDATES, RANKING_WINDOW } from "./detect";
import { estimateLattices, isIdentityLattice, type Lattice } from "./geometry";
import { FirstOrderSearch, firstOrderGrid, neighbours } from "./geometry-search";
import { TILE_SIZE } from "./tile-layout";

// The first-order geometry search (geometry-search.ts) for video. Every frame
// carries the same tile lattice, but the embedder moved the tile grid with the
// picture's motion, so frames cannot be added before folding: each frame is
// scored on its own (the sync peak's height does not depend on where the grid
// starts) and a candidate's score is the mean over a few frames spread over
// the clip, which averages the host's noise the way the fold over frames does.

/** The central `size` x `size` (at most) part of a luma plane, the plane itself when it fits (a copy of detect.ts's, which is not exported). */
export function centralWindow(luma: Float32Array, width: number, height: number, size: number) {
  if (width <= size && height <= size) return { luma, width, height };
  const w = Math.min(width, size);
  const h = Math.min(height, size);
  const x0 = (width - w) >> 1;
  const y0 = (height - h) >> 1;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) out.set(luma.subarray((y0 + y) * width + x0, (y0 + y) * width + x0 + w), y * w);
  return { luma: out, width: w, height: h };
}

function near(p: Lattice, q: Lattice, radius: number): boolean {
  return Math.hypot(p.a.x - q.a.x, p.a.y - q.a.y) < radius && Math.hypot(p.b.x - q.b.x, p.b.y - q.b.y) < radius;
}

// As rankGeometries (geometry-search.ts, where they are not exported): seeds climbed, climb steps, parabola sweeps.
const REFINED = 4;
const REFINE_STEPS = [0.004, 0.002];
const FINE_SWEEPS = 2;
const CLIMB_MARGIN = 0.5;

export type VideoRankOptions = {
  /** Frames (the first of `lumas`) the full-resolution refinement scores on (default all). */
  fineFrames?: number;
  /** Candidates whose half-resolution score stays below this are dropped before the refinement (and not climbed from below it by more than CLIMB_MARGIN). */
  minScore?: number;
};

/**
 * The tile lattices most worth folding, best first (at most `count`; not the
 * unchanged geometry): the auto-correlation's lattices (power spectra of the
 * frames summed) and the first-order grid, each scored by the mean over the
 * frames of its half-resolution fold's sync peak, the best few climbed on the
 * same score, and the best `count` refined (without shear) on the mean sync
 * peak of the full-resolution fold of the resampled frames, as rankGeometries
 * does for one picture.
 */
export function rankVideoGeometries(
  lumas: Float32Array[],
  width: number,
  height: number,
  count: number,
  options: VideoRankOptions = {},
): Lattice[] {
  if (!lumas.length || Math.min(width, height) < 64) return [];
  const windows = lumas.map((l) => centralWindow(l, width, height, RANKING_WINDOW));
  const { width: w, height: h } = windows[0]!;
  const searches = windows.map((x) => new FirstOrderSearch(x.luma, w, h));
  const fine = searches.slice(0, options.fineFrames ?? searches.length);
  const score = (l: Lattice) => searches.reduce((t, s) => t + s.score(l), 0) / searches.length;
  const fineScore = (l: Lattice) => fine.reduce((t, s) => t + s.fineScore(l), 0) / fine.length;
  const acf = estimateLattices(
    windows.map((x) => x.luma),
    w,
    h,
    ACF_CANDIDATES,
  ).filter((l) => !isIdentityLattice(l));
  const scored = [...acf, ...firstOrderGrid()].map((l) => ({ ...l, score: score(l) }));
  scored.sort((p, q) => q.score - p.score);
  const seeds: Lattice[] = [];
  for (const l of scored) {
    if (seeds.length >= REFINED) break;
    if (!seeds.some((o) => near(o, l, 2))) seeds.push(l);
  }
  const refined: Lattice[] = [];
  for (let best of seeds) {
    // The climb gains ~0.3 (the grid's steps are within the peak): a seed this far below minScore is not climbed.
    if (best.score < (options.minScore ?? -Infinity) - CLIMB_MARGIN) continue;
    for (const size of REFINE_STEPS) {
      for (let iter = 0; iter < 4; iter++) {
        let moved = false;
        for (const n of neighbours(best, size)) {
          const z = score(n);
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
  // Below minScore the full-resolution refinement (most of the cost) is skipped: an unmarked clip's answer.
  const kept = refined.filter((l) => l.score >= (options.minScore ?? -Infinity));
  const out: Lattice[] = [];
  for (const seed of kept.slice(0, count)) {
    const theta0 = 0.5 * (Math.atan2(seed.a.y, seed.a.x) + Math.atan2(-seed.b.x, seed.b.y));
    const v = [Math.hypot(seed.a.x, seed.a.y), Math.hypot(seed.b.x, seed.b.y), TILE_SIZE * theta0];
    const at = (): Lattice => {
      const t = v[2]! / TILE_SIZE;
      const c = Math.cos(t);
      const s = Math.sin(t);
      return { a: { x: v[0]! * c, y: v[0]! * s }, b: { x: -v[1]! * s, y: v[1]! * c }, score: 0 };
    };
    const offsets = [-1, -0.5, 0, 0.5, 1];
    const n = offsets.length;
    const so2 = offsets.reduce((t, o) => t + o * o, 0);
    const so4 = offsets.reduce((t, o) => t + o ** 4, 0);
    for (let sweep = 0; sweep < FINE_SWEEPS; sweep++) {
      for (let k = 0; k < v.length; k++) {
        const base = v[k]!;
        const ys = offsets.map((o) => {
          v[k] = base + o;
          return fineScore(at());
        });
        const sy = ys.reduce((t, y) => t + y, 0);
        const soy = offsets.reduce((t, o, i) => t + o * ys[i]!, 0);
        const so2y = offsets.reduce((t, o, i) => t + o * o * ys[i]!, 0);
        const c1 = soy / so2;
        const c2 = (n * so2y - so2 * sy) / (n * so4 - so2 * so2);
        v[k] = base + (c2 < 0 ? Math.max(-1, Math.min(1, -c1 / (2 * c2))) : offsets[ys.indexOf(Math.max(...ys))]!);
      }
    }
    out.push({ ...at(), score: fineScore(at()) });
  }
  return out.filter((l) => !isIdentityLattice(l));
}
