import sharp, { type Sharp } from "sharp";
import { detailRatios } from "../analysis/fine-detail";
import { ANALYSIS_DEFAULTS } from "../analysis/summarize-likeness-set";
import { selectBackend } from "../backend/select-backend";
import { alignmentFor, cropFace } from "../faces/align-face";
import { detectFaces } from "../faces/detect-faces";
import { blurScore } from "../image/blur-score";
import { decodeImage } from "../media/image-io";
import { testPhoto } from "../testing/photos";

// npx tsx ml/bench/blur-threshold.ts
// The likeness analysis's absolute blur measures (detailRatio,
// coarseDetailRatio, blurScore) on
// real faces: every face of the portraits and group photos, sharp (as stored,
// at JPEG quality 40, at half size) and blurred with a gaussian of sigma 1-4
// px. Prints JSON: the range of each class and how many faces the defaults
// flag. Faces narrower than 60 px are left out (below the size floor).
const PHOTOS = [
  "human-sample-me.jpg",
  "python-matplotlib-data-grace_hopper.jpg",
  "python3-skimage-astronaut.png",
  "human-sample1.jpg",
  "human-sample2.jpg",
  "human-sample3.jpg",
  "human-sample4.jpg",
  "human-sample5.jpg",
  "human-sample6.jpg",
  "human-sample7.jpg",
  "human-sample8.jpg",
  "human-screenshot1.jpg",
];
const VARIANTS: Array<{ name: string; sharp: boolean; apply: (s: Sharp, width: number) => Sharp }> = [
  { name: "as stored", sharp: true, apply: (s) => s },
  { name: "JPEG quality 40", sharp: true, apply: (s) => s.jpeg({ quality: 40 }) },
  { name: "half size", sharp: true, apply: (s, w) => s.resize(Math.round(w / 2)).jpeg({ quality: 85 }) },
  ...[1, 1.5, 2, 3, 4].map((sigma) => ({
    name: `gaussian sigma ${sigma}`,
    sharp: false,
    apply: (s: Sharp) => s.blur(sigma).jpeg({ quality: 90 }),
  })),
];
const MIN_FACE = 60;

await selectBackend("cpu", () => {});
const rows: Array<{ photo: string; faceSize: number; variant: string; sharp: boolean; ratio: number; coarse: number; score: number }> = [];
for (const photo of PHOTOS) {
  const width = (await sharp(testPhoto(photo)).metadata()).width!;
  for (const v of VARIANTS) {
    const img = await decodeImage(new Uint8Array(await v.apply(sharp(testPhoto(photo)), width).toBuffer()));
    for (const face of (await detectFaces(img)).filter((f) => f.box.width >= MIN_FACE)) {
      rows.push({
        photo,
        faceSize: Math.round(face.box.width),
        variant: v.name,
        sharp: v.sharp,
        ...(({ fine, coarse }) => ({ ratio: fine, coarse }))(detailRatios(img, face.landmarks, face.box.width)),
        score: blurScore(cropFace(img, alignmentFor(face.landmarks, 128))),
      });
    }
  }
  console.error(`${photo}: ${rows.length} faces so far`);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const flagged = (r: (typeof rows)[number]) =>
  r.ratio < ANALYSIS_DEFAULTS.minDetailRatio ||
  r.coarse < ANALYSIS_DEFAULTS.minCoarseDetailRatio ||
  r.score < ANALYSIS_DEFAULTS.minBlurScore;
console.log(
  JSON.stringify(
    {
      thresholds: {
        minDetailRatio: ANALYSIS_DEFAULTS.minDetailRatio,
        minCoarseDetailRatio: ANALYSIS_DEFAULTS.minCoarseDetailRatio,
        minBlurScore: ANALYSIS_DEFAULTS.minBlurScore,
      },
      byVariant: VARIANTS.map((v) => {
        const of = rows.filter((r) => r.variant === v.name);
        return {
          variant: v.name,
          faces: of.length,
          detailRatio: { min: round(Math.min(...of.map((r) => r.ratio))), max: round(Math.max(...of.map((r) => r.ratio))) },
          coarseDetailRatio: { min: round(Math.min(...of.map((r) => r.coarse))), max: round(Math.max(...of.map((r) => r.coarse))) },
          blurScoreMin: Math.round(Math.min(...of.map((r) => r.score))),
          flagged: `${of.filter(flagged).length}/${of.length}`,
          flaggedByBlurScoreAlone: `${of.filter((r) => r.score < ANALYSIS_DEFAULTS.minBlurScore).length}/${of.length}`,
        };
      }),
      sharpFlagged: `${rows.filter((r) => r.sharp && flagged(r)).length}/${rows.filter((r) => r.sharp).length}`,
      blurredMissed: rows
        .filter((r) => !r.sharp && !flagged(r))
        .map((r) => ({ ...r, ratio: round(r.ratio), coarse: round(r.coarse), score: Math.round(r.score) })),
    },
    null,
    1,
  ),
);
