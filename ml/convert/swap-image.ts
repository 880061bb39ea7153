import { descriptorDistance } from "../faces/descriptor-distance";
import { detectFaces, largestFace, type DetectedFace, type DetectOptions } from "../faces/detect-faces";
import { inferenceBackend, withBackend } from "../faces/face-api";
import type { RgbImage } from "../image/rgb-image";
import type { Autoencoder } from "../model/autoencoder";
import { swapFace, type SwapOptions } from "./swap-face";

export type SwapImageOptions = SwapOptions & {
  /** Which faces: the largest (default), every one, or the one nearest `performer`'s descriptor. */
  faces?: "largest" | "all";
  /** Swap only the face nearest this descriptor (a findPerformers descriptor); overrides `faces`. */
  performer?: { descriptor: readonly number[] };
  detector?: DetectOptions["detector"];
};

/** `mask`: blend weight 0-255 per pixel; pixels at 0 are exactly the input's. */
export type SwapImageResult = { image: RgbImage; facesSwapped: number; mask: Uint8Array };

/** Returns a swapped copy; the input is left untouched. An image without a face comes back unchanged. */
export async function swapImage(model: Autoencoder, input: RgbImage, options: SwapImageOptions = {}): Promise<SwapImageResult> {
  const image: RgbImage = { width: input.width, height: input.height, data: input.data.slice() };
  const mask = new Uint8Array(input.width * input.height);
  return withBackend(inferenceBackend(), async () => {
    const found = await detectFaces(input, { detector: options.detector ?? "ssd", descriptors: !!options.performer });
    const chosen = options.performer
      ? nearestFace(found, options.performer.descriptor)
      : options.faces === "all"
        ? found
        : largestFace(found);
    const targets = ([] as DetectedFace[]).concat(chosen ?? []);
    for (const f of targets) await swapFace(model, image, f.landmarks, options, mask);
    return { image, facesSwapped: targets.length, mask };
  });
}

/** The face whose descriptor is nearest `descriptor`: the performer in a still, however many people it shows. */
function nearestFace(faces: DetectedFace[], descriptor: readonly number[]): DetectedFace | undefined {
  const distance = (f: DetectedFace) => (f.descriptor ? descriptorDistance(f.descriptor, descriptor) : Infinity);
  return faces.reduce<DetectedFace | undefined>((best, f) => (!best || distance(f) < distance(best) ? f : best), undefined);
}
