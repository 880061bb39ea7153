import { median } from "../analysis/median";
import { swapImage } from "../convert/swap-image";
import { descriptorDistance } from "../faces/descriptor-distance";
import { detectFaces, largestFace } from "../faces/detect-faces";
import { headPose } from "../faces/head-pose";
import type { RgbImage } from "../image/rgb-image";
import { sharpFromFrame } from "../media/image-io";
import { psnr, ssimSelected } from "../media/quality";
import type { Autoencoder } from "../model/autoencoder";

// How good a face swap is, measured on held-out footage images:
// - identity: the swapped face's descriptor distance to the talent (the
//   median of the talent photos' descriptors) and to the original face;
//   retrieval is the share of swaps nearer the talent than the original;
// - head pose: the swap should keep the footage's pose (degrees of change);
// - background: PSNR / SSIM outside the swap's mask (the swap must not touch it).

export type SwapQuality = {
  heldOutImages: number;
  outputsWithFace: number;
  talentFaces: number;
  identity: {
    meanDistanceToTalent: number | null;
    meanDistanceToOriginal: number | null;
    retrieval: number | null;
    /** Per held-out image with a face before and after: [to the talent, to the original]. */
    distances: Array<[number, number]>;
  };
  poseDifferenceDeg: { yaw: number | null; pitch: number | null; roll: number | null };
  background: { minPsnrDb: number | "identical"; minSsim: number };
};

// Low threshold: a soft swapped face from a small model is still a face to measure.
const faceOf = async (img: RgbImage) => largestFace(await detectFaces(img, { descriptors: true, minConfidence: 0.2 }));

/**
 * A talent photo's face; an aligned crop (extract's output) that the detector
 * misses because the face fills it is tried again inside a grey border.
 */
async function talentFaceOf(img: RgbImage) {
  const face = await faceOf(img);
  if (face) return face;
  const pad = Math.round(Math.max(img.width, img.height) / 4);
  const framed = await sharpFromFrame(img).extend({ top: pad, bottom: pad, left: pad, right: pad, background: "#808080" }).raw().toBuffer();
  return faceOf({
    width: img.width + 2 * pad,
    height: img.height + 2 * pad,
    data: new Uint8Array(framed.buffer, framed.byteOffset, framed.length),
  });
}

/** The talent's identity: the element-wise median of its photos' descriptors. */
export async function talentCentre(talent: RgbImage[]): Promise<{ centre: number[]; faces: number }> {
  const descriptors: number[][] = [];
  for (const img of talent) {
    const face = await talentFaceOf(img);
    if (face?.descriptor) descriptors.push(face.descriptor);
  }
  if (descriptors.length === 0) throw new Error("no face found in any talent photo");
  return { centre: descriptors[0]!.map((_, k) => median(descriptors.map((d) => d[k]!))), faces: descriptors.length };
}

export async function measureSwapQuality(model: Autoencoder, heldOut: RgbImage[], talent: RgbImage[]): Promise<SwapQuality> {
  const { centre, faces: talentFaces } = await talentCentre(talent);
  type Row = { psnr: number; ssim: number; toTalent?: number; toOriginal?: number; dYaw?: number; dPitch?: number; dRoll?: number };
  const rows: Row[] = [];
  for (const input of heldOut) {
    const before = await faceOf(input);
    const { image, mask } = await swapImage(model, input);
    const after = await faceOf(image);
    const outside = (p: number) => mask[p] === 0;
    const row: Row = { psnr: psnr(image, input, outside), ssim: ssimSelected(image, input, outside) };
    if (before?.descriptor && after?.descriptor) {
      const pb = headPose(before.landmarks),
        pa = headPose(after.landmarks);
      Object.assign(row, {
        toTalent: descriptorDistance(after.descriptor, centre),
        toOriginal: descriptorDistance(after.descriptor, before.descriptor),
        dYaw: Math.abs(pa.yaw - pb.yaw),
        dPitch: Math.abs(pa.pitch - pb.pitch),
        dRoll: Math.abs(pa.roll - pb.roll),
      });
    }
    rows.push(row);
  }
  const measured = rows.filter((r) => r.toTalent !== undefined);
  const mean = (k: keyof Row) => (measured.length ? round(measured.reduce((s, r) => s + (r[k] as number), 0) / measured.length) : null);
  const minPsnr = Math.min(...rows.map((r) => r.psnr));
  return {
    heldOutImages: heldOut.length,
    outputsWithFace: measured.length,
    talentFaces,
    identity: {
      meanDistanceToTalent: mean("toTalent"),
      meanDistanceToOriginal: mean("toOriginal"),
      retrieval: measured.length ? round(measured.filter((r) => r.toTalent! < r.toOriginal!).length / measured.length) : null,
      distances: measured.map((r) => [round(r.toTalent!), round(r.toOriginal!)]),
    },
    poseDifferenceDeg: { yaw: mean("dYaw"), pitch: mean("dPitch"), roll: mean("dRoll") },
    background: {
      minPsnrDb: Number.isFinite(minPsnr) ? round(minPsnr) : "identical",
      minSsim: round(Math.min(...rows.map((r) => r.ssim))),
    },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
