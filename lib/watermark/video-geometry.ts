import { ACF_CANDIDATES, centralWindow, RANKING_WINDOW } from "./detect";
import { estimateLattices, isIdentityLattice, type Lattice } from "./geometry";
import { climbGeometries, FirstOrderSearch, type GeometryScorer, refineGeometry } from "./geometry-search";

// The first-order geometry search (geometry-search.ts) for video. Every frame
// carries the same tile lattice, but the embedder moved the tile grid with the
// picture's motion, so frames cannot be added before folding: each frame is
// scored on its own (the sync peak's height does not depend on where the grid
// starts) and a candidate's score is the mean over a few frames spread over
// the clip, which averages the host's noise the way the fold over frames does.

/** Seeds this far under `minScore` are not climbed: the climb gains ~0.3 (the grid's steps are within the peak). */
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
  const scorer: GeometryScorer = { width: w, height: h, score, fineScore };
  const minScore = options.minScore ?? -Infinity;
  // Below minScore the full-resolution refinement (most of the cost) is skipped: an unmarked clip's answer.
  return climbGeometries(scorer, acf, count, { climbFrom: minScore - CLIMB_MARGIN })
    .filter((l) => l.score >= minScore)
    .map((seed) => refineGeometry(scorer, seed))
    .filter((l) => !isIdentityLattice(l));
}
