// Small inputs (issue 12): a picture holds too few 128 px tiles for the
// payload to survive re-compression. Embedding refuses rather than deliver a
// mark that cannot be read back; the caller decides what to do (the render
// path fails the render with this message).

/** No picture under this short side can hold one tile: refused without trying. */
export const MIN_IMAGE_SIDE = 128;
export const MIN_VIDEO_SIDE = 120;
/**
 * Below these short sides the mark is read back after the re-compression the
 * goals name (image: JPEG quality 50; video: H.264 CRF 28 of its first
 * READBACK_FRAMES frames) before the file is delivered. Measured (bench,
 * 19 photographs scaled down, JPEG 50): 128 px 2/19 survive, 192 px 5/19,
 * 256 px 12/19, 320 px 17/19; from 512 px every photograph that decodes
 * unattacked survives.
 */
export const IMAGE_READBACK_BELOW = 512;
export const VIDEO_READBACK_BELOW = 240;
export const READBACK_FRAMES = 90;

export type TooSmallReason = "below-minimum" | "not-read-back";

/** Embedding refused: the picture is too small to carry a watermark that survives re-compression. */
export class WatermarkTooSmallError extends Error {
  readonly code = "WATERMARK_TOO_SMALL";
  constructor(
    readonly kind: "image" | "video",
    readonly width: number,
    readonly height: number,
    readonly reason: TooSmallReason,
  ) {
    const size = `${width} x ${height} px`;
    const minimum = kind === "image" ? MIN_IMAGE_SIDE : MIN_VIDEO_SIDE;
    super(
      reason === "below-minimum"
        ? `The ${kind} is ${size}: too small to carry the invisible watermark (at least ${minimum} px on the short side is needed). Deliver it larger.`
        : `The ${kind} is ${size}: the invisible watermark embedded in it could not be read back after ${kind === "image" ? "JPEG quality 50" : "H.264 CRF 28"} re-compression, so it would not survive sharing. Deliver it larger (from ${kind === "image" ? IMAGE_READBACK_BELOW : VIDEO_READBACK_BELOW} px on the short side no read-back is needed).`,
    );
    this.name = "WatermarkTooSmallError";
  }
}

export function isWatermarkTooSmall(e: unknown): e is WatermarkTooSmallError {
  return e instanceof WatermarkTooSmallError;
}
