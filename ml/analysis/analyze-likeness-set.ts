import { alignmentFor, cropFace } from "../faces/align-face";
import { descriptorDistance, detectFaces, type DetectedFace } from "../faces/detect-faces";
import { headPose } from "../faces/head-pose";
import { blurScore } from "../image/blur-score";
import { decodeImage } from "../image/image-io";
import { adviceFor, RECOMMENDED_IMAGE_COUNT } from "./advice";
import { poseGrid } from "./pose-grid";
import type { ImageReport, LikenessSetReport } from "./types";

export type LikenessImage = { name: string; bytes: Uint8Array };

export type AnalyzeOptions = {
  /** Below this Laplacian variance (aligned 128 px crop) a face is too blurred to learn from. */
  minBlurScore?: number;
  /** A face this much less sharp than the set's median is flagged even above the absolute floor. */
  relativeBlur?: number;
  minFaceSize?: number;
  /** face-api descriptors of one person are usually within 0.5 of each other. */
  maxIdentityDistance?: number;
};

const DEFAULTS: Required<AnalyzeOptions> = { minBlurScore: 40, relativeBlur: 0.25, minFaceSize: 80, maxIdentityDistance: 0.55 };

type Analysed = { report: ImageReport; face?: DetectedFace };

export async function analyzeLikenessSet(images: LikenessImage[], options: AnalyzeOptions = {}): Promise<LikenessSetReport> {
  const opts = { ...DEFAULTS, ...options };
  const analysed: Analysed[] = [];
  for (const image of images) analysed.push(await analyseOne(image, opts));

  flagRelativeBlur(analysed, opts);
  const maxDistance = flagIdentityOutliers(analysed, opts);

  const reports = analysed.map((a) => ({ ...a.report, usable: a.report.issues.length === 0 }));
  const poses = reports.filter((r) => r.usable && r.pose).map((r) => r.pose!);
  const grid = await poseGrid(poses);
  return {
    imageCount: images.length,
    usableCount: reports.filter((r) => r.usable).length,
    recommendedCount: RECOMMENDED_IMAGE_COUNT,
    images: reports,
    identity: { outliers: reports.filter((r) => r.issues.some((i) => i.code === "possibly-another-person")).map((r) => r.name), maxDistance },
    poseGrid: grid,
    advice: adviceFor(reports, grid.counts),
  };
}

async function analyseOne(image: LikenessImage, opts: Required<AnalyzeOptions>): Promise<Analysed> {
  const report: ImageReport = { name: image.name, usable: false, issues: [], width: 0, height: 0, facesFound: 0 };
  let decoded;
  try {
    decoded = await decodeImage(image.bytes);
  } catch (e) {
    report.issues.push({ code: "unreadable", message: `Could not read this file as an image (${(e as Error).message}). Upload a JPEG or PNG.` });
    return { report };
  }
  report.width = decoded.width;
  report.height = decoded.height;
  const faces = await detectFaces(decoded, { detector: "ssd", descriptors: true });
  report.facesFound = faces.length;
  if (faces.length === 0) {
    report.issues.push({ code: "no-face", message: "No face found. Use a photo where your face is visible and well lit." });
    return { report };
  }
  if (faces.length > 1) {
    report.issues.push({ code: "multiple-faces", message: `${faces.length} faces found. Use photos that show only you.` });
    return { report };
  }
  const face = faces[0]!;
  report.faceSize = Math.round(face.box.width);
  report.pose = roundPose(headPose(face.landmarks));
  report.blurScore = Math.round(blurScore(cropFace(decoded, alignmentFor(face.landmarks, 128))));
  if (report.faceSize < opts.minFaceSize) {
    report.issues.push({ code: "face-too-small", message: `The face is ${report.faceSize} px wide; use photos where it is at least ${opts.minFaceSize} px.` });
  }
  if (report.blurScore < opts.minBlurScore) report.issues.push(blurIssue());
  return { report, face };
}

function flagRelativeBlur(analysed: Analysed[], opts: Required<AnalyzeOptions>): void {
  const scores = analysed.map((a) => a.report.blurScore).filter((s): s is number => s !== undefined);
  if (scores.length < 3) return;
  const med = median(scores);
  for (const a of analysed) {
    const s = a.report.blurScore;
    if (s !== undefined && s < opts.relativeBlur * med && !a.report.issues.some((i) => i.code === "blurry")) a.report.issues.push(blurIssue());
  }
}

/** Distance of each descriptor to the element-wise median: robust to a few impostors in the set. */
function flagIdentityOutliers(analysed: Analysed[], opts: Required<AnalyzeOptions>): number {
  const withDescriptor = analysed.filter((a) => a.face?.descriptor);
  if (withDescriptor.length < 2) return 0;
  const dims = withDescriptor[0]!.face!.descriptor!.length;
  const centre = Array.from({ length: dims }, (_, k) => median(withDescriptor.map((a) => a.face!.descriptor![k]!)));
  let maxDistance = 0;
  for (const a of withDescriptor) {
    const d = descriptorDistance(a.face!.descriptor!, centre);
    a.report.identityDistance = Math.round(d * 1000) / 1000;
    maxDistance = Math.max(maxDistance, d);
    if (d > opts.maxIdentityDistance) {
      a.report.issues.push({ code: "possibly-another-person", message: "This may be another person: the face differs from the rest of the set. Remove it if it is not you." });
    }
  }
  return Math.round(maxDistance * 1000) / 1000;
}

const blurIssue = () => ({ code: "blurry" as const, message: "This photo is blurred. Use a sharp, well-focused photo." });
const roundPose = (p: { yaw: number; pitch: number; roll: number }) => ({ yaw: Math.round(p.yaw), pitch: Math.round(p.pitch), roll: Math.round(p.roll) });

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
