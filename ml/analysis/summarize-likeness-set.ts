import { judgeIdentity, type IdentityBasis } from "./identity-outliers";
import { median } from "./median";
import { adviceFor, RECOMMENDED_IMAGE_COUNT } from "./advice";
import { poseGrid } from "./pose-grid";
import type { ImageReport, LikenessSetReport } from "./types";

export { median } from "./median";

// The set-level half of likeness analysis. It needs no model (no tfjs): a web
// page can recompute the report from stored per-image results on every view.

export type AnalyzeOptions = {
  /** Below this Laplacian variance (aligned 128 px crop) a face is too blurred to learn from. */
  minBlurScore?: number;
  /**
   * Below this share of fine detail (fine-detail.ts: Laplacian variance at the
   * face's own resolution over that at half of it) a face is blurred however
   * sharp the rest of the set is: sharp faces measured 0.137-0.343, faces
   * blurred with a 2 px gaussian 0.085-0.113 (ml/bench/blur-threshold.ts).
   */
  minDetailRatio?: number;
  /**
   * The same an octave down (half over a quarter of the resolution), for
   * stronger blur, where JPEG noise lifts the fine ratio: sharp faces
   * 0.194-0.504, blurred with a 3-4 px gaussian 0.084-0.138.
   */
  minCoarseDetailRatio?: number;
  /** A face this much less sharp than the set's median is flagged even above the absolute floor. */
  relativeBlur?: number;
  minFaceSize?: number;
  /**
   * A second face at least this share of the main face's width makes a group
   * photo; smaller ones (a poster, a passer-by far behind) are ignored.
   */
  minSecondFaceShare?: number;
  /**
   * Descriptor distance above which a photo may show someone else, chosen
   * with ml/bench/identity-threshold.ts on real faces (README, "Identity
   * threshold"): at 0.55 no genuine pair of 276 was rejected and 2 impostor
   * pairs of 2052 accepted (none of the talent's 1824 against others); at 0.5
   * 8 genuine pairs were rejected for 2 impostors accepted.
   */
  maxIdentityDistance?: number;
};

export const ANALYSIS_DEFAULTS: Required<AnalyzeOptions> = {
  minBlurScore: 40,
  minDetailRatio: 0.12,
  minCoarseDetailRatio: 0.15,
  relativeBlur: 0.25,
  minFaceSize: 80,
  minSecondFaceShare: 0.5,
  maxIdentityDistance: 0.55,
};

export type SummarizeOptions = AnalyzeOptions & {
  /**
   * The talent's verified face (the descriptor of the identity check): when
   * given, every photo is judged against it instead of the set's majority.
   */
  referenceDescriptor?: readonly number[];
};

/**
 * One image's analysis as it is stored: the report (plain, non-biometric JSON)
 * and, when exactly one face was found, its 128-d descriptor (biometric: the
 * caller stores it encrypted). The report carries only per-image issues; the
 * set-level ones (relative blur, another person) come from summarizeLikenessSet.
 */
export type AnalyzedImage = { report: ImageReport; descriptor?: number[] };

/**
 * The set report from stored per-image results: pure and cheap (no model), so
 * it can be recomputed on every page view. Inputs are not modified.
 */
export async function summarizeLikenessSet(items: AnalyzedImage[], options: SummarizeOptions = {}): Promise<LikenessSetReport> {
  const { referenceDescriptor, ...analyzeOptions } = options;
  const opts = { ...ANALYSIS_DEFAULTS, ...analyzeOptions };
  // Copies: the set-level issues below belong to this set, not to the stored image.
  const analysed: AnalyzedImage[] = items.map((item) => {
    const report: ImageReport = { ...item.report, issues: item.report.issues.map((i) => ({ ...i })) };
    delete report.identityDistance;
    return item.descriptor ? { report, descriptor: item.descriptor } : { report };
  });
  flagRelativeBlur(analysed, opts);
  const { basis, maxDistance } = flagIdentityOutliers(analysed, opts, referenceDescriptor);

  const reports = analysed.map((a) => ({ ...a.report, usable: a.report.issues.length === 0 }));
  const poses = reports.filter((r) => r.usable && r.pose).map((r) => r.pose!);
  const grid = await poseGrid(poses);
  return {
    imageCount: reports.length,
    usableCount: reports.filter((r) => r.usable).length,
    recommendedCount: RECOMMENDED_IMAGE_COUNT,
    images: reports,
    identity: {
      outliers: reports.filter((r) => r.issues.some((i) => i.code === "possibly-another-person")).map((r) => r.name),
      maxDistance,
      basis,
    },
    poseGrid: grid,
    advice: adviceFor(reports, grid.counts, opts),
  };
}

function flagRelativeBlur(analysed: AnalyzedImage[], opts: Required<AnalyzeOptions>): void {
  const scores = analysed.map((a) => a.report.blurScore).filter((s): s is number => s !== undefined);
  if (scores.length < 3) return;
  const med = median(scores);
  for (const a of analysed) {
    const s = a.report.blurScore;
    if (s !== undefined && s < opts.relativeBlur * med && !a.report.issues.some((i) => i.code === "blurry"))
      a.report.issues.push(blurIssue());
  }
}

/** Flags photos that may show someone else (identity-outliers.ts); returns the basis and the largest distance. */
function flagIdentityOutliers(
  analysed: AnalyzedImage[],
  opts: Required<AnalyzeOptions>,
  reference?: readonly number[],
): { basis: IdentityBasis; maxDistance: number } {
  const judged = judgeIdentity(
    analysed.map((a) => a.descriptor),
    opts.maxIdentityDistance,
    reference,
  );
  let maxDistance = 0;
  analysed.forEach((a, i) => {
    const d = judged.distances[i];
    if (d === undefined) return;
    a.report.identityDistance = round3(d);
    maxDistance = Math.max(maxDistance, d);
    if (judged.outlier[i]) {
      const than = judged.basis === "reference" ? "your verified face" : "the rest of the set";
      a.report.issues.push({
        code: "possibly-another-person",
        message: `This may be another person: the face differs from ${than}. Remove it if it is not you.`,
      });
    }
  });
  return { basis: judged.basis, maxDistance: round3(maxDistance) };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export const blurIssue = () => ({ code: "blurry" as const, message: "This photo is blurred. Use a sharp, well-focused photo." });
