import { writeFileAtomic } from "@/lib/fs/write-file-atomic";
import { type DetectionResult, detectWatermark } from "./detect";
import { type DisclosureSpec, drawDisclosure } from "./disclosure";
import { embedWatermarkInPlace, type EmbedOptions } from "./embed";
import { decodeImage, encodeImage, formatForPath } from "./image-io";

export type WatermarkFileOptions = EmbedOptions & {
  payload: Uint8Array;
  /** Drawn before the watermark, so the watermark also covers the box. */
  disclosure?: DisclosureSpec;
  /** JPEG/WebP quality of the output (default 95). */
  quality?: number;
};

export async function watermarkImageFile(input: string, output: string, options: WatermarkFileOptions): Promise<void> {
  const frame = await decodeImage(input);
  if (options.disclosure) await drawDisclosure(frame, options.disclosure);
  embedWatermarkInPlace(frame, options.payload, options);
  await writeFileAtomic(output, await encodeImage(frame, formatForPath(output), options.quality));
}

export async function detectImageFile(input: string | Buffer): Promise<DetectionResult> {
  return detectWatermark(await decodeImage(input));
}
