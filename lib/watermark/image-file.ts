import { writeFileAtomic } from "@/lib/fs/write-file-atomic";
import { type DetectionResult, detectWatermark } from "./detect";
import { type DisclosureSpec, drawDisclosure } from "./disclosure";
import { embedWatermarkInPlace, type EmbedOptions } from "./embed";
import { decodeFrame, encodeImage, formatForPath } from "@/lib/media";

export type WatermarkFileOptions = EmbedOptions & {
  payload: Uint8Array;
  /** Drawn before the watermark, so the watermark also covers the box. */
  disclosure?: DisclosureSpec;
  /** JPEG/WebP quality of the output (default 95). */
  quality?: number;
};

export async function watermarkImageFile(input: string, output: string, options: WatermarkFileOptions): Promise<void> {
  const frame = await decodeFrame(input);
  if (options.disclosure) await drawDisclosure(frame, options.disclosure);
  embedWatermarkInPlace(frame, options.payload, options);
  await writeFileAtomic(output, await encodeImage(frame, formatForPath(output), { quality: options.quality, chromaSubsampling: "4:4:4" }));
}

export async function detectImageFile(input: string | Buffer): Promise<DetectionResult> {
  return detectWatermark(await decodeFrame(input));
}
