import { alignmentFor, cropFace } from "../faces/align-face";
import type { Point } from "../image/affine";
import { blurScore } from "../image/blur-score";
import type { RgbImage } from "../image/rgb-image";

/** Largest crop side measured: a bigger face is measured slightly downscaled (cost), which hides only sub-pixel blur. */
const MAX_SIDE = 512;

export type DetailRatios = {
  /** Laplacian variance at about the face's own resolution over that at half of it. */
  fine: number;
  /** The same one octave down: at half the resolution over a quarter. */
  coarse: number;
};

/**
 * How much of a face's detail is at its finest scales: Laplacian variances
 * of the aligned face at about its own resolution, at half and at a quarter
 * of it, as two ratios of neighbouring octaves.
 *
 * The Laplacian variance alone (blurScore on a 128 px crop) depends on the
 * face's contrast and size: a 240 px face blurred with a 2 px gaussian still
 * scored 279 against a floor of 40, since downscaling to 128 px hides the
 * blur. A ratio of two scales of the same face cancels contrast and needs no
 * comparison with other photos. The fine ratio catches blur of 1.5-2 px; a
 * stronger blur leaves so little at the finest scale that JPEG noise lifts
 * the fine ratio again (up to 0.168 at 4 px), and there the coarse ratio,
 * an octave below the noise, is low (at most 0.138 at 3-4 px, 0.194 and up on
 * sharp faces). ml/bench/blur-threshold.ts measures both.
 */
export function detailRatios(img: RgbImage, landmarks: readonly Point[], faceWidth: number): DetailRatios {
  // The aligned crop's face spans about 1 / (1 + 2 * 0.2) of it: this side keeps the source's scale.
  const side = Math.max(32, Math.min(MAX_SIDE, Math.round(faceWidth * 1.4)));
  const [full, half, quarter] = [1, 2, 4].map((k) => blurScore(cropFace(img, alignmentFor(landmarks, Math.round(side / k)))));
  return { fine: half! > 0 ? full! / half! : 0, coarse: quarter! > 0 ? half! / quarter! : 0 };
}
