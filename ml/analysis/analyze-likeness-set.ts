import { alignmentFor, cropFace } from "../faces/align-face";
import { detectFaces, largestFace, type DetectedFace } from "../faces/detect-faces";
import { headPose } from "../faces/head-pose";
import { blurScore } from "../image/blur-score";
import { decodeImage } from "../media/image-io";
import { detailRatios } from "./fine-detail";
import {
  ANALYSIS_DEFAULTS,
  blurIssue,
  summarizeLikenessSet,
  type AnalyzedImage,
  type AnalyzeOptions,
  type SummarizeOptions,
} from "./summarize-likeness-set";
import type { ImageReport, LikenessSetReport } from "./types";

export { median, summarizeLikenessSet, type AnalyzedImage, type AnalyzeOptions, type SummarizeOptions } from "./summarize-likeness-set";

export type LikenessImage = { name: string; bytes: Uint8Array };

/** Analyses a whole set at once: the per-image step for each, then the set summary. */
export async function analyzeLikenessSet(images: LikenessImage[], options: SummarizeOptions = {}): Promise<LikenessSetReport> {
  const analysed: AnalyzedImage[] = [];
  for (const image of images) analysed.push(await analyzeLikenessImage(image, options));
  return summarizeLikenessSet(analysed, options);
}

/**
 * The expensive step (decode, detect, landmarks, descriptor), once per image,
 * so that its result can be stored and the set report recomputed without it.
 */
export async function analyzeLikenessImage(image: LikenessImage, options: AnalyzeOptions = {}): Promise<AnalyzedImage> {
  const opts = { ...ANALYSIS_DEFAULTS, ...options };
  const report: ImageReport = { name: image.name, usable: false, issues: [], width: 0, height: 0, facesFound: 0 };
  let decoded;
  try {
    decoded = await decodeImage(image.bytes);
  } catch (e) {
    report.issues.push({
      code: "unreadable",
      message: `Could not read this file as an image (${(e as Error).message}). Upload a JPEG or PNG.`,
    });
    return { report };
  }
  report.width = decoded.width;
  report.height = decoded.height;
  const faces = await detectFaces(decoded, { detector: "ssd", descriptors: true });
  report.facesFound = faces.length;
  const face: DetectedFace | undefined = largestFace(faces);
  if (!face) {
    report.issues.push({ code: "no-face", message: "No face found. Use a photo where your face is visible and well lit." });
    return { report };
  }
  // A group photo is one where another face is comparable to the main one; a
  // small face behind it (a poster, a passer-by) does not make one.
  const comparable = faces.filter((f) => f !== face && f.box.width >= opts.minSecondFaceShare * face.box.width);
  if (comparable.length > 0) {
    report.issues.push({ code: "multiple-faces", message: `${comparable.length + 1} faces found. Use photos that show only you.` });
    return { report };
  }
  report.faceSize = Math.round(face.box.width);
  report.pose = roundPose(headPose(face.landmarks));
  report.blurScore = Math.round(blurScore(cropFace(decoded, alignmentFor(face.landmarks, 128))));
  const ratios = detailRatios(decoded, face.landmarks, face.box.width);
  report.detailRatio = Math.round(ratios.fine * 1000) / 1000;
  report.coarseDetailRatio = Math.round(ratios.coarse * 1000) / 1000;
  if (report.faceSize < opts.minFaceSize) {
    report.issues.push({
      code: "face-too-small",
      message: `The face is ${report.faceSize} px wide; use photos where it is at least ${opts.minFaceSize} px.`,
    });
  }
  const blurred =
    report.blurScore < opts.minBlurScore ||
    report.detailRatio < opts.minDetailRatio ||
    report.coarseDetailRatio < opts.minCoarseDetailRatio;
  if (blurred) report.issues.push(blurIssue());
  report.usable = report.issues.length === 0;
  return face.descriptor ? { report, descriptor: face.descriptor } : { report };
}

const roundPose = (p: { yaw: number; pitch: number; roll: number }) => ({
  yaw: Math.round(p.yaw),
  pitch: Math.round(p.pitch),
  roll: Math.round(p.roll),
});
