import { alignmentFor, cropFace } from "../faces/align-face";
import type { Point } from "../image/affine";
import { blurScore } from "../image/blur-score";
import type { RgbImage } from "../image/rgb-image";

/** Largest crop side measured: a bigger face is measured slightly downscaled (cost), which hides only sub-pixel blur. */
const MAX_SIDE = 512;

/**
 * How much of a face's detail is at its finest scale: the Laplacian variance
 * of the aligned face at about its own resolution over that at half of it.
 *
 * The Laplacian variance alone (blurScore on a 128 px crop) depends on the
 * face's contrast and size: a 240 px face blurred with a 2 px gaussian still
 * scored 279 against a floor of 40, since downscaling to 128 px hides the
 * blur. A ratio of two scales of the same face cancels contrast and needs no
 * comparison with other photos: sharp faces measured 0.137-0.34 (portraits,
 * group photos, JPEG quality 40), the same faces blurred with a 1.5-4 px
 * gaussian 0.08-0.112.
 */
export function fineDetailRatio(img: RgbImage, landmarks: readonly Point[], faceWidth: number): number {
  // The aligned crop's face spans about 1 / (1 + 2 * 0.2) of it: this side keeps the source's scale.
  const side = Math.max(32, Math.min(MAX_SIDE, Math.round(faceWidth * 1.4)));
  const full = blurScore(cropFace(img, alignmentFor(landmarks, side)));
  const half = blurScore(cropFace(img, alignmentFor(landmarks, Math.round(side / 2))));
  return half > 0 ? full / half : 0;
}
