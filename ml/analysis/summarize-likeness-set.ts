import { descriptorDistance } from "../faces/descriptor-distance";
import { adviceFor, RECOMMENDED_IMAGE_COUNT } from "./advice";
import { poseGrid } from "./pose-grid";
import type { ImageReport, LikenessSetReport } from "./types";

// The set-level half of likeness analysis. It needs no model (no tfjs): a web
// page can recompute the report from stored per-image results on every view.

export type AnalyzeOptions = {
  /** Below this Laplacian variance (aligned 128 px crop) a face is too blurred to learn from. */
  minBlurScore?: number;
  /** A face this much less sharp than the set's median is flagged even above the absolute floor. */
  relativeBlur?: number;
  minFaceSize?: number;
  /** face-api descriptors of one person are usually within 0.5 of each other. */
  maxIdentityDistance?: number;
};

export const ANALYSIS_DEFAULTS: Required<AnalyzeOptions> = { minBlurScore: 40, relativeBlur: 0.25, minFaceSize: 80, maxIdentityDistance: 0.55 };

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
export async function summarizeLikenessSet(items: AnalyzedImage[], options: AnalyzeOptions = {}): Promise<LikenessSetReport> {
  const opts = { ...ANALYSIS_DEFAULTS, ...options };
  // Copies: the set-level issues below belong to this set, not to the stored image.
  const analysed: AnalyzedImage[] = items.map((item) => {
    const report: ImageReport = { ...item.report, issues: item.report.issues.map((i) => ({ ...i })) };
    delete report.identityDistance;
    return item.descriptor ? { report, descriptor: item.descriptor } : { report };
  });
  flagRelativeBlur(analysed, opts);
  const maxDistance = flagIdentityOutliers(analysed, opts);

  const reports = analysed.map((a) => ({ ...a.report, usable: a.report.issues.length === 0 }));
  const poses = reports.filter((r) => r.usable && r.pose).map((r) => r.pose!);
  const grid = await poseGrid(poses);
  return {
    imageCount: reports.length,
    usableCount: reports.filter((r) => r.usable).length,
    recommendedCount: RECOMMENDED_IMAGE_COUNT,
    images: reports,
    identity: { outliers: reports.filter((r) => r.issues.some((i) => i.code === "possibly-another-person")).map((r) => r.name), maxDistance },
    poseGrid: grid,
    advice: adviceFor(reports, grid.counts),
  };
}

function flagRelativeBlur(analysed: AnalyzedImage[], opts: Required<AnalyzeOptions>): void {
  const scores = analysed.map((a) => a.report.blurScore).filter((s): s is number => s !== undefined);
  if (scores.length < 3) return;
  const med = median(scores);
  for (const a of analysed) {
    const s = a.report.blurScore;
    if (s !== undefined && s < opts.relativeBlur * med && !a.report.issues.some((i) => i.code === "blurry")) a.report.issues.push(blurIssue());
  }
}

/** Distance of each descriptor to the element-wise median: robust to a few impostors in the set. */
function flagIdentityOutliers(analysed: AnalyzedImage[], opts: Required<AnalyzeOptions>): number {
  const withDescriptor = analysed.filter((a): a is AnalyzedImage & { descriptor: number[] } => a.descriptor !== undefined);
  if (withDescriptor.length < 2) return 0;
  const dims = withDescriptor[0]!.descriptor.length;
  const centre = Array.from({ length: dims }, (_, k) => median(withDescriptor.map((a) => a.descriptor[k]!)));
  let maxDistance = 0;
  for (const a of withDescriptor) {
    const d = descriptorDistance(a.descriptor, centre);
    a.report.identityDistance = Math.round(d * 1000) / 1000;
    maxDistance = Math.max(maxDistance, d);
    if (d > opts.maxIdentityDistance) {
      a.report.issues.push({ code: "possibly-another-person", message: "This may be another person: the face differs from the rest of the set. Remove it if it is not you." });
    }
  }
  return Math.round(maxDistance * 1000) / 1000;
}

export const blurIssue = () => ({ code: "blurry" as const, message: "This photo is blurred. Use a sharp, well-focused photo." });

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
