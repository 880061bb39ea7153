import { rm } from "node:fs/promises";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import type { PlatformKey } from "@/lib/provenance";
import type { C2paCredentials } from "@/lib/provenance/c2pa";
import type { DisclosurePosition } from "@/lib/watermark";
import { markRenderedFile } from "./mark-rendered-file";
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
  /** The C2PA signer; the platform's by default. */
  c2paCredentials?: C2paCredentials;
  now?: Date;
};

/**
 * Delivers a file rendered outside the platform by hand (scripts/watermark-output.ts):
 * disclosure + watermark + C2PA manifest (markRenderedFile), then registration with its signed
 * manifest. If registration is refused (the license was revoked meanwhile) the
 * written file is removed, so no unregistered watermarked file is left behind.
 */
export async function watermarkOutput(opts: WatermarkOutputOptions): Promise<RegisteredOutput & { outputPath: string }> {
  const request = await opts.db.swapRequest.findUnique({
    where: { id: opts.requestId },
    include: { offer: { select: { id: true, disclosureText: true } } },
  });
  if (!request) throw notFound("Request");
  if (request.status !== "approved") {
    throw new AppError("CONFLICT", `Only an approved request can have outputs; this one is ${request.status.replaceAll("_", " ")}.`);
  }
  const marked = await markRenderedFile({
    inputPath: opts.inputPath,
    outputPath: opts.outputPath,
    disclosureText: request.offer.disclosureText,
    position: opts.position,
    sizeFraction: opts.sizeFraction,
    licenseId: request.offer.id,
    c2paCredentials: opts.c2paCredentials,
  });
  try {
    const registered = await registerOutput({
      db: opts.db,
      actor: opts.actor,
      meta: opts.meta,
      key: opts.key,
      now: opts.now,
      input: {
        requestId: opts.requestId,
        outputSha256: marked.outputSha256,
        payloadHex: marked.payloadHex,
        mimeType: marked.mimeType,
        modelId: opts.modelId ?? "external",
        inputHashes: [{ role: "render", hash: marked.renderSha256 }, ...(opts.inputHashes ?? [])],
      },
    });
    return { ...registered, outputPath: opts.outputPath };
  } catch (error) {
    await rm(opts.outputPath, { force: true });
    throw error;
  }
}
