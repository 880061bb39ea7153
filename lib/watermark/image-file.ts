import { writeFileAtomic } from "@/lib/fs/write-file-atomic";
import { type DetectionResult, detectWatermark } from "./detect";
import { type DisclosureSpec, drawDisclosure } from "./disclosure";
import { embedWatermarkInPlace, type EmbedOptions } from "./embed";
import { decodeFrame, encodeImage, formatForPath, sharpFromFrame } from "@/lib/media";
import { payloadToHex } from "./embed";
import { IMAGE_READBACK_BELOW, MIN_IMAGE_SIDE, WatermarkTooSmallError } from "./too-small";

export type WatermarkFileOptions = EmbedOptions & {
  payload: Uint8Array;
  /** Drawn before the watermark, so the watermark also covers the box. */
  disclosure?: DisclosureSpec;
  /** JPEG/WebP quality of the output (default 95). */
  quality?: number;
  /** Read the mark back after JPEG 50 below IMAGE_READBACK_BELOW px (default true); refused (WatermarkTooSmallError) when it does not decode. */
  readBack?: boolean;
};

/**
 * Throws WatermarkTooSmallError (nothing written) for an image under
 * MIN_IMAGE_SIDE on its short side, or under IMAGE_READBACK_BELOW when the
 * mark does not decode after JPEG quality 50.
 */
export async function watermarkImageFile(input: string, output: string, options: WatermarkFileOptions): Promise<void> {
  const frame = await decodeFrame(input);
  const short = Math.min(frame.width, frame.height);
  if (short < MIN_IMAGE_SIDE) throw new WatermarkTooSmallError("image", frame.width, frame.height, "below-minimum");
  if (options.disclosure) await drawDisclosure(frame, options.disclosure);
  embedWatermarkInPlace(frame, options.payload, options);
  if (short < IMAGE_READBACK_BELOW && options.readBack !== false) {
    const shared = await decodeFrame(await sharpFromFrame(frame).jpeg({ quality: 50 }).toBuffer());
    if (detectWatermark(shared).payload !== payloadToHex(options.payload))
      throw new WatermarkTooSmallError("image", frame.width, frame.height, "not-read-back");
  }
  await writeFileAtomic(output, await encodeImage(frame, formatForPath(output), { quality: options.quality, chromaSubsampling: "4:4:4" }));
}

export async function detectImageFile(input: string | Buffer): Promise<DetectionResult> {
  return detectWatermark(await decodeFrame(input));
}
