import { open, rm } from "node:fs/promises";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { sha256File, type PlatformKey } from "@/lib/provenance";
import { sniffType } from "@/lib/storage/sniff";
import {
  type DisclosurePosition,
  newPayload,
  payloadToHex,
  verifyCodeFromPayload,
  watermarkImageFile,
  watermarkVideoFile,
} from "@/lib/watermark";
import { registerOutput, type RegisteredOutput } from "./register-output";

export type WatermarkOutputOptions = {
  db: Db;
  actor: Actor | null;
  meta?: RequestMeta;
  requestId: string;
  /** The rendered file: a JPEG, PNG or WebP image, or an MP4, MOV or WebM video. */
  inputPath: string;
  /** Where the delivered file goes: .png/.jpg/.webp for an image, .mp4 for a video. */
  outputPath: string;
  modelId?: string;
  inputHashes?: Array<{ role: string; hash: string }>;
  position?: DisclosurePosition;
  sizeFraction?: number;
  key?: PlatformKey;
  now?: Date;
};

async function sniffFile(file: string) {
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
 * The last step of a render: draws the license's disclosure text with the
 * output's verify code, embeds the invisible watermark carrying a fresh 64-bit
 * payload, hashes the delivered bytes and registers the output with its signed
 * manifest. If registration is refused (the license was revoked meanwhile) the
 * written file is removed, so no unregistered watermarked file is left behind.
 */
export async function watermarkOutput(opts: WatermarkOutputOptions): Promise<RegisteredOutput & { outputPath: string }> {
  const request = await opts.db.swapRequest.findUnique({ where: { id: opts.requestId }, include: { offer: { select: { disclosureText: true } } } });
  if (!request) throw notFound("Request");
  if (request.status !== "approved") {
    throw new AppError("CONFLICT", `Only an approved request can have outputs; this one is ${request.status.replaceAll("_", " ")}.`);
  }
  const type = await sniffFile(opts.inputPath);
  if (!type || (type.kind !== "image" && type.kind !== "video")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "The rendered file is not a JPEG, PNG or WebP image or an MP4, MOV or WebM video.", { input: "not an image or video" });
  }
  const renderHash = await sha256File(opts.inputPath);
  const payload = newPayload();
  const verifyCode = verifyCodeFromPayload(payload);
  const disclosure = { text: request.offer.disclosureText, verifyCode, position: opts.position, sizeFraction: opts.sizeFraction };
  if (type.kind === "video") await watermarkVideoFile(opts.inputPath, opts.outputPath, { payload, disclosure });
  else await watermarkImageFile(opts.inputPath, opts.outputPath, { payload, disclosure });
  try {
    const written = await sniffFile(opts.outputPath);
    if (!written) throw new AppError("VALIDATION", "The watermarked file has an unsupported type; use .png, .jpg, .webp or .mp4.", { output: "unsupported type" });
    const registered = await registerOutput({
      db: opts.db,
      actor: opts.actor,
      meta: opts.meta,
      key: opts.key,
      now: opts.now,
      input: {
        requestId: opts.requestId,
        outputSha256: await sha256File(opts.outputPath),
        payloadHex: payloadToHex(payload),
        mimeType: written.mime,
        modelId: opts.modelId ?? "external",
        inputHashes: [{ role: "render", hash: renderHash }, ...(opts.inputHashes ?? [])],
      },
    });
    return { ...registered, outputPath: opts.outputPath };
  } catch (error) {
    await rm(opts.outputPath, { force: true });
    throw error;
  }
}
