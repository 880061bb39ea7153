import { open } from "node:fs/promises";
import { AppError } from "@/lib/errors";
import { sha256File } from "@/lib/provenance";
import { sniffType } from "@/lib/storage/sniff";
import {
  type DisclosurePosition,
  isWatermarkTooSmall,
  newPayload,
  payloadToHex,
  verifyCodeFromPayload,
  watermarkImageFile,
  watermarkVideoFile,
} from "@/lib/watermark";

export type MarkRenderedFileOptions = {
  /** The rendered file: a JPEG, PNG or WebP image, or an MP4, MOV or WebM video. */
  inputPath: string;
  /** Where the marked file goes: .png/.jpg/.webp for an image, .mp4 for a video. */
  outputPath: string;
  /** The license's disclosure text, drawn with the verify code. */
  disclosureText: string;
  position?: DisclosurePosition;
  sizeFraction?: number;
  /** Video only: progress per marked frame, the start of the final encode, and cancellation between frames. */
  onFrame?: (framesDone: number) => void;
  onEncoding?: () => void;
  signal?: AbortSignal;
};

export type MarkedFile = { payloadHex: string; verifyCode: string; renderSha256: string; outputSha256: string; mimeType: string; kind: "image" | "video" };

export async function sniffFile(file: string) {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return sniffType(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * Draws the disclosure with a fresh verify code and embeds the invisible
 * watermark carrying a fresh 64-bit payload; returns what registration needs.
 * Registration is the caller's (watermarkOutput by hand, the render worker in
 * its delivery transaction).
 */
export async function markRenderedFile(o: MarkRenderedFileOptions): Promise<MarkedFile> {
  const type = await sniffFile(o.inputPath);
  if (!type || (type.kind !== "image" && type.kind !== "video")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "The rendered file is not a JPEG, PNG or WebP image or an MP4, MOV or WebM video.", { input: "not an image or video" });
  }
  const renderSha256 = await sha256File(o.inputPath);
  const payload = newPayload();
  const verifyCode = verifyCodeFromPayload(payload);
  const disclosure = { text: o.disclosureText, verifyCode, position: o.position, sizeFraction: o.sizeFraction };
  try {
    if (type.kind === "video") {
      await watermarkVideoFile(o.inputPath, o.outputPath, { payload, disclosure, onFrame: o.onFrame, onEncoding: o.onEncoding, signal: o.signal });
    } else {
      await watermarkImageFile(o.inputPath, o.outputPath, { payload, disclosure });
    }
  } catch (e) {
    // Too small to carry a mark that survives re-compression: nothing is
    // delivered unmarked; the message says the size and what to do.
    // The refusal stays reachable as the cause (the render path fails for good on it: retrying cannot help).
    if (isWatermarkTooSmall(e)) throw Object.assign(new AppError("VALIDATION", e.message, { input: e.message }), { cause: e });
    throw e;
  }
  const written = await sniffFile(o.outputPath);
  if (!written) throw new AppError("VALIDATION", "The watermarked file has an unsupported type; use .png, .jpg, .webp or .mp4.", { output: "unsupported type" });
  return { payloadHex: payloadToHex(payload), verifyCode, renderSha256, outputSha256: await sha256File(o.outputPath), mimeType: written.mime, kind: type.kind };
}
