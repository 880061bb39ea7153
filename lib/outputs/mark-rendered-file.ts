import { open } from "node:fs/promises";
import { AppError } from "@/lib/errors";
import { sha256File } from "@/lib/provenance";
import { type C2paCredentials, embedC2paFile, isC2paFormat } from "@/lib/provenance/c2pa";
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
import { c2paCredentials } from "./platform-key";

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
  /**
   * The license the file is delivered under: when given, a signed C2PA
   * manifest (Content Credentials) naming it and the verify code is embedded
   * in a JPEG, PNG, WebP or MP4 after the watermark, so it binds the final bytes.
   */
  licenseId?: string;
  /** The C2PA signer; the platform's (c2paCredentials()) by default. */
  c2paCredentials?: C2paCredentials;
};

export type MarkedFile = {
  payloadHex: string;
  verifyCode: string;
  renderSha256: string;
  outputSha256: string;
  mimeType: string;
  kind: "image" | "video";
  /** Milliseconds the C2PA embed took; absent when none was embedded (no license given, or a WebP). */
  c2paMs?: number;
};

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
 * its delivery transaction). With `licenseId`, the C2PA manifest is embedded
 * last: the watermark changes the pixels, the manifest's hard binding covers
 * the bytes as delivered, and outputSha256 is of those bytes.
 */
export async function markRenderedFile(o: MarkRenderedFileOptions): Promise<MarkedFile> {
  const type = await sniffFile(o.inputPath);
  if (!type || (type.kind !== "image" && type.kind !== "video")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "The rendered file is not a JPEG, PNG or WebP image or an MP4, MOV or WebM video.", {
      input: "not an image or video",
    });
  }
  const renderSha256 = await sha256File(o.inputPath);
  const payload = newPayload();
  const verifyCode = verifyCodeFromPayload(payload);
  const disclosure = { text: o.disclosureText, verifyCode, position: o.position, sizeFraction: o.sizeFraction };
  try {
    if (type.kind === "video") {
      await watermarkVideoFile(o.inputPath, o.outputPath, {
        payload,
        disclosure,
        onFrame: o.onFrame,
        onEncoding: o.onEncoding,
        signal: o.signal,
      });
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
  if (!written)
    throw new AppError("VALIDATION", "The watermarked file has an unsupported type; use .png, .jpg, .webp or .mp4.", {
      output: "unsupported type",
    });
  let c2paMs: number | undefined;
  if (o.licenseId && isC2paFormat(written.mime)) {
    const started = performance.now();
    const info = { licenseId: o.licenseId, verifyCode, payloadHex: payloadToHex(payload), createdAt: new Date() };
    await embedC2paFile(o.outputPath, written.mime, info, o.c2paCredentials ?? c2paCredentials());
    c2paMs = performance.now() - started;
  }
  return {
    payloadHex: payloadToHex(payload),
    verifyCode,
    renderSha256,
    outputSha256: await sha256File(o.outputPath),
    mimeType: written.mime,
    kind: type.kind,
    ...(c2paMs === undefined ? {} : { c2paMs }),
  };
}
