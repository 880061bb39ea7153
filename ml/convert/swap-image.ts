import { detectFaces, largestFace, type DetectOptions } from "../faces/detect-faces";
import { inferenceBackend, withBackend } from "../faces/face-api";
import type { RgbImage } from "../image/rgb-image";
import type { Autoencoder } from "../model/autoencoder";
import { swapFace, type SwapOptions } from "./swap-face";

export type SwapImageOptions = SwapOptions & { faces?: "largest" | "all"; detector?: DetectOptions["detector"] };

/** `mask`: blend weight 0-255 per pixel; pixels at 0 are exactly the input's. */
export type SwapImageResult = { image: RgbImage; facesSwapped: number; mask: Uint8Array };

/** Returns a swapped copy; the input is left untouched. An image without a face comes back unchanged. */
export async function swapImage(model: Autoencoder, input: RgbImage, options: SwapImageOptions = {}): Promise<SwapImageResult> {
  const image: RgbImage = { width: input.width, height: input.height, data: input.data.slice() };
  const mask = new Uint8Array(input.width * input.height);
  return withBackend(inferenceBackend(), async () => {
    const found = await detectFaces(input, { detector: options.detector ?? "ssd" });
    const targets = options.faces === "all" ? found : [largestFace(found)].filter((f) => f !== undefined);
    for (const f of targets) await swapFace(model, image, f.landmarks, options, mask);
    return { image, facesSwapped: targets.length, mask };
  });
}
