import { payloadToHex } from "./embed";
import { negacyclicCorrelate } from "./fft";
import { alignedTile, createFold, type FoldAccumulator, foldFrame, lumaOf, withoutLines } from "./fold";
import { estimateLattices, isIdentityLattice, type Lattice } from "./geometry";
import { climbGeometries, FirstOrderSearch, LatticeFold, perturbations, refineGeometry } from "./geometry-search";
import { type FrameLike, toFrame } from "@/lib/media";
import { CHASE_BITS, CHASE_PATTERNS, decodePayload, decodePayloadSoft, falsePositiveBoundPerAttempt, WATERMARK_CODE } from "./payload-code";
import { softBitsAt } from "./extract-bits";
import { TILE_SIZE } from "./tile-layout";
import { renderSyncTemplate } from "./tile-pattern";

/** How many sync peaks get a decoding attempt (a repeated image can mislead the first). */
export const DECODE_ATTEMPTS = 3;
/**
 * Sync peak height (standard deviations above the correlation surface) from
 * which an undecodable tile is reported as a damaged watermark rather than
 * none. The largest of 16,384 Gaussian values taken either sign (the peak
 * of a checkerboard-signed fold can be negative) rarely exceeds 5.
 */
export const SYNC_PRESENT_Z = 7;
const MAX_CORRECTABLE = WATERMARK_CODE.t + CHASE_BITS;
/**
 * Soft (Chase) decoding costs 255 more decoding attempts; it only runs where
 * the sync peak stands out (every tile that needed it on the bench had a peak
 * of 7 or more), so an unwatermarked image, whose peak is noise (about 4), is
 * answered after the cheap hard attempts.
 */
export const SOFT_DECODE_MIN_Z = 5;

export type DetectionStatus = "found" | "damaged" | "none";

export type DetectionResult = {
  found: boolean;
  status: DetectionStatus;
  /** 64-bit payload as 16 hex digits, when found. */
  payload: string | null;
  bitErrorsCorrected: number | null;
  /** 0..1: above 0.5 only when a payload decoded with a valid checksum. */
  confidence: number;
  /** Height of the best sync peak in standard deviations. */
  syncScore: number;
  /** Where the tile grid starts in the analysed frame (pixels, modulo the tile); after a geometry change, in the fold read at its sync peak (about (0, 0)). */
  offset: { x: number; y: number } | null;
  /** Hard code bits read at the best peak (for bit-error measurement). */
  codeBits: Uint8Array | null;
  framesAnalysed: number;
  /**
   * The net geometry change that was undone before the payload decoded (null:
   * none). a and b: where one tile step along the pattern's x and y axes
   * landed in the analysed picture (pixels; unchanged: (128, 0) and (0, 128)).
   */
  geometry: { a: { x: number; y: number }; b: { x: number; y: number }; scale: number; rotationDeg: number } | null;
};

/**
 * Tile lattices (net geometry changes, see geometry.ts and
 * geometry-search.ts) decoded after the unchanged geometry fails, the best by
 * the first-order ranking: each is decoded as climbed, then refined with its
 * neighbours (1 + PERTURBATIONS detections on the picture's fold through the
 * lattice; falsePositiveBoundPerImage counts them).
 */
export const GEOMETRY_CANDIDATES = 2;
/** Auto-correlation lattices put into the first-order ranking (scoring them decodes nothing). */
export const ACF_CANDIDATES = 4;
/**
 * A ranked lattice whose refined score (its fold's sync peak) reaches this is
 * also decoded at its 26 neighbours (perturbations: +-PERTURB_STEP px per
 * tile in each step's length and the turn): the refinement lands within ~0.3
 * px per tile, and 0.3 px costs 10-40 raw errors on textured photographs.
 * Each is one more detection in the false-positive bound. Unmarked pictures
 * score 4-5.5.
 */
export const PERTURB_MIN_SCORE = 6;
/**
 * A climbed candidate (half-resolution score) below this is neither refined
 * nor decoded: the refinement is most of the search's time, and an unmarked
 * picture, which is most files sent to /verify, pays it. Measured on the 54
 * bench photographs that carry a mark at all (all but grass and gravel) x the
 * 14 geometry rows, with their own payloads (756 cases, the resampled fold of
 * dd8e18a): every candidate that decoded had climbed to 6.18 or more (736
 * decoded at the climbed lattice itself); unmarked pictures' best climbed to
 * 5.0-6.3.
 */
export const REFINE_MIN_SCORE = 5.6;
export const PERTURB_STEP = 0.3;
export const PERTURBATIONS = 27;

let syncTemplate: Float32Array | null = null;

/**
 * A sync peak: where the tile grid starts (pixels, modulo the tile), how far
 * it stands out (standard deviations, either sign) and its sign, which says
 * whether the first tile of the folded grid carried +pattern or -pattern
 * (tiles alternate in a checkerboard, see fold.ts).
 */
export type Peak = { x: number; y: number; z: number; sign: number };

function topPeaks(surface: Float64Array, count: number): Peak[] {
  const n = surface.length;
  let mean = 0;
  for (const v of surface) mean += v;
  mean /= n;
  let variance = 0;
  for (const v of surface) variance += (v - mean) ** 2;
  const std = Math.sqrt(variance / n) || 1;
  const peaks: Peak[] = [];
  const taken = new Uint8Array(n);
  for (let k = 0; k < count; k++) {
    let best = -1;
    let bestDev = -1;
    for (let i = 0; i < n; i++) {
      const dev = Math.abs(surface[i]! - mean);
      if (!taken[i] && dev > bestDev) {
        best = i;
        bestDev = dev;
      }
    }
    if (best < 0) break;
    const x = best % TILE_SIZE;
    const y = Math.floor(best / TILE_SIZE);
    peaks.push({ x, y, z: bestDev / std, sign: surface[best]! >= mean ? 1 : -1 });
    // Suppress the neighbourhood: the peak of one alignment is a few pixels wide.
    for (let dy = -3; dy <= 3; dy++)
      for (let dx = -3; dx <= 3; dx++) taken[((y + dy) & (TILE_SIZE - 1)) * TILE_SIZE + ((x + dx) & (TILE_SIZE - 1))] = 1;
  }
  return peaks;
}

/** The strongest sync peak of a folded tile: where its grid starts, and how far it stands out. */
export function bestSyncPeak(tile: Float64Array): Peak {
  syncTemplate ??= renderSyncTemplate();
  return topPeaks(negacyclicCorrelate(withoutLines(tile), syncTemplate, TILE_SIZE), 1)[0] ?? { x: 0, y: 0, z: 0, sign: 1 };
}

/** Detection on a folded tile (one frame or several). */
export function detectFromFold(acc: FoldAccumulator): DetectionResult {
  syncTemplate ??= renderSyncTemplate();
  // Straight edges that are not the picture's (screenshot borders) fold into lines.
  const tile = withoutLines(acc.tile);
  const surface = negacyclicCorrelate(tile, syncTemplate, TILE_SIZE);
  const peaks = topPeaks(surface, DECODE_ATTEMPTS);
  const best = peaks[0];
  const base = { framesAnalysed: acc.frames, syncScore: best?.z ?? 0 };
  let firstBits: Uint8Array | null = null;
  // Hard decoding at every peak first (cheap); soft (Chase) decoding, 255
  // more attempts, only at the best peak.
  const tries = peaks
    .map((peak) => ({ peak, soft: false }))
    .concat(best && best.z >= SOFT_DECODE_MIN_Z ? [{ peak: best, soft: true }] : []);
  for (const { peak, soft: useSoft } of tries) {
    const soft = softBitsAt(alignedTile(tile, peak), 0, 0);
    const hard = Uint8Array.from(soft, (v) => (v > 0 ? 1 : 0));
    firstBits ??= hard;
    const decoded = useSoft ? decodePayloadSoft(soft) : decodePayload(hard);
    if (decoded.ok) {
      return {
        ...base,
        found: true,
        status: "found",
        payload: payloadToHex(decoded.payload),
        bitErrorsCorrected: decoded.bitErrorsCorrected,
        // Chase decoding can correct up to t + CHASE_BITS errors; stays above 0.5.
        confidence: 1 - 0.5 * (Math.min(decoded.bitErrorsCorrected, MAX_CORRECTABLE) / (MAX_CORRECTABLE + 1)),
        syncScore: peak.z,
        offset: { x: peak.x, y: peak.y },
        codeBits: hard,
        geometry: null,
      };
    }
  }
  const syncScore = best?.z ?? 0;
  return {
    ...base,
    found: false,
    status: syncScore >= SYNC_PRESENT_Z ? "damaged" : "none",
    payload: null,
    bitErrorsCorrected: null,
    confidence: Math.min(0.5, Math.max(0, syncScore / (2 * SYNC_PRESENT_Z))),
    offset: best ? { x: best.x, y: best.y } : null,
    codeBits: firstBits,
    geometry: null,
  };
}

/** A lattice as a result's `geometry` (also video-file.ts's). */
export function geometryOf(l: Lattice): NonNullable<DetectionResult["geometry"]> {
  const det = l.a.x * l.b.y - l.a.y * l.b.x;
  return {
    a: { x: +l.a.x.toFixed(3), y: +l.a.y.toFixed(3) },
    b: { x: +l.b.x.toFixed(3), y: +l.b.y.toFixed(3) },
    scale: +(Math.sqrt(Math.abs(det)) / TILE_SIZE).toFixed(4),
    rotationDeg: +((Math.atan2(l.a.y - l.b.x, l.a.x + l.b.y) * 180) / Math.PI).toFixed(2),
  };
}

/**
 * Detection after a net geometry change: candidate tile lattices from the
 * picture's auto-correlation and a first-order grid, ranked by their fold's
 * sync peak; the best (from REFINE_MIN_SCORE) folded through the lattice
 * (LatticeFold) and decoded as climbed, then refined and decoded with its
 * neighbours. `direct` is the answer for the unchanged geometry; it is
 * returned when no lattice decodes (as damaged when a lattice fold's sync
 * stood out).
 */
export function detectWithGeometry(luma: Float32Array, width: number, height: number, direct: DetectionResult): DetectionResult {
  let fallback = direct;
  // The whole picture (not the ranking window), whitened once and folded
  // through each lattice decoded (geometry-search.ts LatticeFold).
  const folds = new LatticeFold(luma, width, height);
  const decodeAt = (lattice: Lattice): DetectionResult | null => {
    if (isIdentityLattice(lattice)) return null;
    const folded = folds.fold(lattice);
    if (!folded) return null;
    // Read in the pattern's own frame (its grid at (0, 0)), where the embedder
    // measured each bit's margin (embed.ts foldedChips removes the fold's lines
    // there); a changed geometry's fold starts anywhere. After a 5 degree turn
    // of starry_night, at the true lattice: 34 raw errors read in the fold's
    // frame, 21 read aligned.
    const acc: FoldAccumulator = { tile: alignedTile(folded.tile, bestSyncPeak(folded.tile)), frames: direct.framesAnalysed };
    const result = detectFromFold(acc);
    if (result.found) return { ...result, geometry: geometryOf(lattice) };
    if (result.syncScore >= SYNC_PRESENT_Z && result.syncScore > fallback.syncScore)
      fallback = { ...result, geometry: geometryOf(lattice) };
    return null;
  };
  // The auto-correlation's lattices and a first-order grid, all ranked by the
  // sync peak of their fold (geometry-search.ts); only the best
  // GEOMETRY_CANDIDATES are decoded. The lattice is the same everywhere in the
  // picture, so a large one is ranked on its central window (decoded whole).
  const w = centralWindow(luma, width, height, RANKING_WINDOW);
  const search = new FirstOrderSearch(w.luma, w.width, w.height);
  const lattices = estimateLattices(w.luma, w.width, w.height, ACF_CANDIDATES).filter((l) => !isIdentityLattice(l));
  for (const climbed of climbGeometries(search, lattices, GEOMETRY_CANDIDATES)) {
    // Best first: the rest score lower still.
    if (climbed.score < REFINE_MIN_SCORE) break;
    // Most marked pictures decode at the climbed lattice: the refinement (the
    // larger part of the search's time) only when that fails.
    if (climbed.score >= PERTURB_MIN_SCORE) {
      const found = decodeAt(climbed);
      if (found) return found;
    }
    const ranked = refineGeometry(search, climbed);
    for (const lattice of ranked.score >= PERTURB_MIN_SCORE ? perturbations(ranked, PERTURB_STEP) : [ranked]) {
      const found = decodeAt(lattice);
      if (found) return found;
    }
  }
  return fallback;
}

/**
 * The largest side of the picture the geometry ranking looks at. The tile
 * lattice (the two tile steps) does not depend on where it is measured, and
 * the ranking's cost grows with the pixels: an unmarked 1080p picture (what
 * most verify uploads are) took 4.1 s with the whole frame ranked. 1024 px
 * holds at least 16 tiles at scale 2 and keeps every picture of the bench
 * (512 px photographs, up to 1024 after a 2x rescale) ranked whole.
 */
export const RANKING_WINDOW = 1024;

/** The central `size` x `size` (at most) part of a luma plane; the plane itself when it fits. */
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

/**
 * The unchanged geometry first (a fold and a sync search: today's fast
 * path), then, when that does not decode, the net geometry changes the
 * picture's tile lattice shows (detectWithGeometry).
 */
export function detectWatermark(input: FrameLike): DetectionResult {
  const frame = toFrame(input);
  const acc = createFold();
  foldFrame(acc, frame);
  const direct = detectFromFold(acc);
  if (direct.found) return direct;
  return detectWithGeometry(lumaOf(frame), frame.width, frame.height, direct);
}

/**
 * Upper bound on the chance that one unwatermarked image is reported as found:
 * a hard attempt per peak plus the Chase patterns at the best peak (each one
 * decodes a word that is as random as the first).
 */
export function falsePositiveBoundPerImage(): number {
  // One detection for the unchanged geometry and one per lattice decoded: each
  // ranked lattice as climbed, then refined with its neighbours.
  return (1 + GEOMETRY_CANDIDATES * (1 + PERTURBATIONS)) * falsePositiveBoundPerDetection();
}

/** One detection on one fold: a hard attempt per peak plus the Chase patterns at the best one. */
export function falsePositiveBoundPerDetection(): number {
  return (DECODE_ATTEMPTS + CHASE_PATTERNS - 1) * falsePositiveBoundPerAttempt();
}
