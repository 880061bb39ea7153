import * as tf from "@tensorflow/tfjs";
import { alignmentFor, cropFace, landmarksInCrop } from "../faces/align-face";
import { landmarkMask } from "../faces/face-mask";
import { applyAffine, type Point } from "../image/affine";
import { matchColour } from "../image/colour-transfer";
import { erode, feather } from "../image/mask-ops";
import { seamlessClone } from "../image/seamless-clone";
import type { RgbImage } from "../image/rgb-image";
import { sampleBilinear } from "../image/warp-affine";
import { decode, encode, type Autoencoder, type Side } from "../model/autoencoder";

export type SwapOptions = {
  /** Decoder to render with: "b" renders the licensed talent. */
  side?: Side;
  /** "landmarks": hull of the target's landmarks; "learned": the model's mask; "combined": their product. */
  maskSource?: "landmarks" | "learned" | "combined";
  /** Erode and feather radii as a share of the crop size. */
  erode?: number;
  feather?: number;
  colourMatch?: boolean;
  /**
   * "alpha": the face alpha-blended with the feathered mask. "seamless": first
   * Poisson-cloned into the target crop over the mask's whole support (the
   * face's detail, the target's level at the edge), then alpha-blended the
   * same way, so pixels outside the mask stay untouched either way.
   */
  blend?: "alpha" | "seamless";
};

const DEFAULTS: Required<SwapOptions> = {
  side: "b",
  maskSource: "landmarks",
  erode: 0.03,
  feather: 0.05,
  colourMatch: true,
  blend: "alpha",
};

/** The face rendered in crop space, before paste-back. */
export type RenderedFace = { face: Float32Array; mask: Float32Array; size: number };

/**
 * `coverage`, if given (one byte per frame pixel), receives the blend weight
 * 0-255 of every pixel touched, for quality checks outside the mask.
 *
 * Swaps one face in `frame` in place: align, encode, decode with the chosen
 * decoder, colour-match, mask, and blend back. Pixels where the final mask is
 * zero are never written, so the background stays bit-identical.
 */
export async function swapFace(
  model: Autoencoder,
  frame: RgbImage,
  landmarks: Point[],
  options: SwapOptions = {},
  coverage?: Uint8Array,
): Promise<RenderedFace> {
  const o = { ...DEFAULTS, ...options };
  const size = model.config.resolution;
  const align = alignmentFor(landmarks, size, model.config.margin);
  const crop = cropFace(frame, align);
  const { face, learned } = await renderCrop(model, o.side, crop.data, size);
  const hull = landmarkMask(landmarksInCrop(landmarks, align), size, size);
  let mask = o.maskSource === "landmarks" ? hull : o.maskSource === "learned" ? learned : hull.map((v, i) => v * learned[i]!);
  mask = feather(erode(mask, size, size, Math.round(o.erode * size)), size, size, Math.round(o.feather * size));
  const matched = o.colourMatch ? matchColour(face, crop.data, hull) : face;
  const rendered =
    o.blend === "seamless"
      ? seamlessClone(
          matched,
          crop.data,
          Uint8Array.from(mask, (v) => (v > 1e-3 ? 1 : 0)),
          size,
          size,
        ).image
      : matched;
  pasteBack(frame, rendered, mask, size, align.toCrop, align.toImage, coverage);
  return { face: rendered, mask, size };
}

/**
 * The model's forward pass on one aligned crop. Read back with await data():
 * the model may live on webgpu, whose synchronous readback needs
 * OffscreenCanvas, which Node lacks.
 */
async function renderCrop(
  model: Autoencoder,
  side: Side,
  crop: Float32Array,
  size: number,
): Promise<{ face: Float32Array; learned: Float32Array }> {
  const out = tf.tidy(() => decode(model, side, encode(model, tf.tensor4d(crop, [1, size, size, 3]))));
  try {
    const [face, learned] = await Promise.all([out.face.data() as Promise<Float32Array>, out.mask.data() as Promise<Float32Array>]);
    return { face, learned };
  } finally {
    out.face.dispose();
    out.mask.dispose();
  }
}

function pasteBack(
  frame: RgbImage,
  face: Float32Array,
  mask: Float32Array,
  size: number,
  toCrop: [number, number, number, number, number, number],
  toImage: [number, number, number, number, number, number],
  coverage?: Uint8Array,
): void {
  // Only the crop's footprint in the frame can change.
  const corners = [
    [0, 0],
    [size, 0],
    [0, size],
    [size, size],
  ].map((p) => applyAffine(toImage, p as Point));
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[0])))),
    x1 = Math.min(frame.width - 1, Math.ceil(Math.max(...corners.map((c) => c[0]))));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[1])))),
    y1 = Math.min(frame.height - 1, Math.ceil(Math.max(...corners.map((c) => c[1]))));
  // A 300-400 px face at 720p is a footprint of 250-450k pixels per frame:
  // the inner loop allocates nothing and skips, per row, the columns that map
  // outside the crop (the footprint is a rotated square). With an applyAffine
  // (two arrays) per pixel this was ~53 ms of a 720p frame, now ~20 ms.
  const [m0, m1, m2, m3, m4, m5] = toCrop;
  const alpha = new Float32Array(1),
    rgb = new Float32Array(3);
  for (let y = y0; y <= y1; y++) {
    const [from, to] = columnsInside(m0, m1 * y + m2, m3, m4 * y + m5, size - 1, x0, x1);
    for (let x = from; x <= to; x++) {
      const cx = m0 * x + m1 * y + m2,
        cy = m3 * x + m4 * y + m5;
      if (cx < 0 || cy < 0 || cx > size - 1 || cy > size - 1) continue;
      sampleBilinear(mask, size, size, 1, cx, cy, alpha, 0);
      const a = alpha[0]!;
      if (a <= 1e-4) continue;
      sampleBilinear(face, size, size, 3, cx, cy, rgb, 0);
      const i = (y * frame.width + x) * 3;
      if (coverage) coverage[y * frame.width + x] = Math.max(coverage[y * frame.width + x]!, Math.round(a * 255));
      for (let c = 0; c < 3; c++) frame.data[i + c] = Math.round(a * rgb[c]! * 255 + (1 - a) * frame.data[i + c]!);
    }
  }
}

/**
 * The columns [from, to] of a row, within [x0, x1], where both crop
 * coordinates, u = a x + b and v = c x + d, may lie in [0, max]; one column of
 * slack each side (the caller still checks every pixel exactly).
 */
function columnsInside(a: number, b: number, c: number, d: number, max: number, x0: number, x1: number): [number, number] {
  let lo = x0,
    hi = x1;
  for (const [k, off] of [
    [a, b],
    [c, d],
  ] as const) {
    if (Math.abs(k) < 1e-12) {
      if (off < 0 || off > max) return [1, 0];
      continue;
    }
    const p = -off / k,
      q = (max - off) / k;
    lo = Math.max(lo, Math.floor(Math.min(p, q)) - 1);
    hi = Math.min(hi, Math.ceil(Math.max(p, q)) + 1);
  }
  return [lo, hi];
}
