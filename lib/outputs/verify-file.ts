import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { sha256Hex, type PlatformKey } from "@/lib/provenance";
import { inspectUpload } from "@/lib/storage/inspect-upload";
import { EXTENSION_FOR } from "@/lib/storage/sniff";
import { isC2paFormat, readC2pa, type C2paSummary } from "@/lib/provenance/c2pa";
import {
  DetectionBusyError,
  type DetectionPool,
  type DetectionResult,
  detectionPool,
  DetectionTimeoutError,
  parseVerifyCode,
  payloadToHex,
} from "@/lib/watermark";
import { VERIFY_LIMITS } from "./limits";
import { c2paCredentials } from "./platform-key";
import type { VerifyResult } from "./types";
import { answerFromRegistry } from "./verification-lookup";

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

async function detectVideoBytes(pool: DetectionPool, bytes: Buffer, ext: string): Promise<DetectionResult> {
  // ffmpeg reads a seekable file (MP4's index may sit at the end), so the upload
  // goes to a private temp folder that is removed whatever happens.
  const dir = await mkdtemp(path.join(tmpdir(), "likeness-verify-"));
  try {
    const file = path.join(dir, `upload.${ext}`);
    await writeFile(file, bytes);
    return await pool.detect({ kind: "video", path: file, maxFrames: VERIFY_LIMITS.videoFrames });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What a failed detection tells the uploader (the field names the upload). */
function detectionError(error: unknown, field: string): AppError {
  if (error instanceof DetectionBusyError) {
    const msg = "Many files are being checked right now; try again in a few seconds.";
    return new AppError("RATE_LIMITED", msg, { [field]: msg });
  }
  const msg =
    error instanceof DetectionTimeoutError
      ? `Checking this file took longer than ${Math.round(error.timeoutMs / 1000)} s; send a smaller copy (under 20 megapixels, or a shorter clip).`
      : "This file could not be decoded to look for a watermark; export it again (JPEG, PNG, WebP or MP4) and retry.";
  return new AppError("VALIDATION", msg, { [field]: msg });
}

/**
 * Public verification of an uploaded image or video: its type and size are
 * checked by content, the watermark is read, the registry is searched by the
 * payload and by the file's exact SHA-256, and the manifest's signature and the
 * license's current status make the answer. An embedded C2PA manifest is read
 * first (JPEG, PNG, WebP, MP4): when its signature holds and its signer chains to the
 * platform's trust anchors, its verify code finds the record even if the
 * watermark cannot be read; when it was stripped the watermark lookup stands
 * alone. `field` names the form field in errors.
 */
export async function verifyFile(opts: {
  db: Db;
  bytes: Buffer;
  field?: string;
  now?: Date;
  key?: PlatformKey;
  /** PEM roots whose C2PA signers are trusted; the platform signer's by default. */
  c2paTrustAnchorsPem?: string;
  /** Where detection runs; the process's shared pool by default. */
  pool?: DetectionPool;
}): Promise<VerifyResult> {
  const field = opts.field ?? "file";
  const inspected = await inspectUpload(opts.bytes, {
    field,
    accept: ["image", "video"],
    maxBytes: VERIFY_LIMITS.videoMaxBytes,
    maxPixels: VERIFY_LIMITS.imageMaxPixels,
  });
  if (inspected.type.kind === "image" && opts.bytes.length > VERIFY_LIMITS.imageMaxBytes) {
    const msg = `The image is ${mb(opts.bytes.length)}; images up to ${mb(VERIFY_LIMITS.imageMaxBytes)} can be verified.`;
    throw new AppError("PAYLOAD_TOO_LARGE", msg, { [field]: msg });
  }
  const fileSha256 = sha256Hex(opts.bytes);
  const mime = inspected.type.mime;
  let contentCredentials: C2paSummary | null = null;
  if (isC2paFormat(mime)) {
    contentCredentials = await readC2pa(opts.bytes, mime, opts.c2paTrustAnchorsPem ?? c2paCredentials().trustAnchorsPem);
  }
  const c2paCode =
    contentCredentials?.trusted && contentCredentials.signatureValid && contentCredentials.license
      ? parseVerifyCode(contentCredentials.license.verifyCode)
      : null;
  // Detection runs in the watermark's worker threads (detection-pool.ts): an
  // unmarked picture costs seconds of CPU, which must not stall the server.
  const pool = opts.pool ?? detectionPool();
  let detection: DetectionResult;
  try {
    detection =
      inspected.type.kind === "video"
        ? await detectVideoBytes(pool, opts.bytes, EXTENSION_FOR[inspected.type.mime])
        : await pool.detect({ kind: "image", bytes: opts.bytes });
  } catch (error) {
    throw detectionError(error, field);
  }
  return answerFromRegistry({
    db: opts.db,
    now: opts.now ?? new Date(),
    key: opts.key,
    input: {
      kind: "file",
      mimeType: inspected.type.mime,
      byteSize: inspected.byteSize,
      sha256: fileSha256,
      width: inspected.width,
      height: inspected.height,
    },
    watermark: {
      found: detection.found,
      status: detection.status,
      payload: detection.payload,
      bitErrorsCorrected: detection.bitErrorsCorrected,
      confidence: detection.confidence,
    },
    fileSha256,
    codePayload: c2paCode?.ok ? payloadToHex(c2paCode.payload) : null,
    contentCredentials,
  });
}
