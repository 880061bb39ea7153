import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent, lockAuditChain } from "@/lib/audit/append-audit-event";
import { currentConsent } from "@/lib/consent/current-consent";
import type { Db, Tx } from "@/lib/db/client";
import { AppError, notFound, parseInput } from "@/lib/errors";
import { buildManifest, signManifest, ZClaim, type PlatformKey, type TSignedManifest } from "@/lib/provenance";
import { parsePayloadHex, verifyCodeFromPayload } from "@/lib/watermark";
import { consentRecordHash } from "./consent-record-hash";
import { platformKey } from "./platform-key";

const hex64 = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 as 64 hex digits"));

export const ZRegisterOutput = z.object({
  requestId: z.string().min(1),
  outputSha256: hex64,
  payloadHex: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.string().regex(/^[0-9a-f]{16}$/, "a 64-bit watermark payload as 16 hex digits")),
  mimeType: z.string().regex(/^(image|video)\/[a-z0-9.+-]+$/, "an image or video MIME type"),
  /** The model that rendered the output ("external" when it was made outside the platform). */
  modelId: z.string().min(1).max(200),
  /** Inputs beyond the request's target footage, which is always listed. */
  inputHashes: z
    .array(z.object({ role: z.string().min(1).max(50), hash: hex64 }))
    .max(50)
    .default([]),
  /** Set by the render worker: the order it was rendered for (one output per order) and the sealed file. */
  orderId: z.string().min(1).optional(),
  blobKey: z.string().min(1).optional(),
  byteSize: z.number().int().nonnegative().optional(),
});
export type TRegisterOutput = z.input<typeof ZRegisterOutput>;

export type RegisteredOutput = {
  id: string;
  requestId: string;
  payloadHex: string;
  verifyCode: string;
  outputSha256: string;
  mimeType: string;
  manifest: TSignedManifest;
  createdAt: Date;
};

/**
 * Records a delivered output in the registry: builds the provenance manifest
 * (hard binding by SHA-256, soft binding by the watermark payload, license,
 * consent, talent, studio, inputs), signs it with the platform key and inserts
 * the row and its audit event in one transaction. Only an approved request
 * under a live consent can have outputs. The audit chain's lock is taken first,
 * so a concurrent revocation either runs before (and this refuses) or after
 * (and revokes this output too).
 */
export async function registerOutput(opts: {
  db: Db;
  actor: Actor | null;
  meta?: RequestMeta;
  input: TRegisterOutput;
  key?: PlatformKey;
  now?: Date;
}): Promise<RegisteredOutput> {
  const { db, ...rest } = opts;
  return db.$transaction((tx) => registerOutputInTx(tx, rest));
}

/** registerOutput inside the caller's transaction (the render worker registers and delivers in one). */
export async function registerOutputInTx(
  tx: Tx,
  opts: { actor: Actor | null; meta?: RequestMeta; input: TRegisterOutput; key?: PlatformKey; now?: Date },
): Promise<RegisteredOutput> {
  const input = parseInput(ZRegisterOutput, opts.input);
  const key = opts.key ?? platformKey();
  const now = opts.now ?? new Date();
  const payload = parsePayloadHex(input.payloadHex);
  const verifyCode = verifyCodeFromPayload(payload);
  await lockAuditChain(tx);
  const request = await tx.swapRequest.findUnique({
    where: { id: input.requestId },
    include: { offer: true, profile: true, studio: true, targetUpload: { select: { sha256: true } } },
  });
  if (!request) throw notFound("Request");
  if (request.status !== "approved") {
    throw new AppError("CONFLICT", `Only an approved request can have outputs; this one is ${request.status.replaceAll("_", " ")}.`);
  }
  if (request.offer.status !== "ACTIVE") throw new AppError("CONFLICT", "The license offer of this request has been revoked.");
  const consent = await currentConsent(tx, request.profileId);
  if (!consent || consent.revocation) throw new AppError("CONFLICT", "The talent's consent is not in force; no output can be registered.");
  const taken = await tx.renderOutput.findFirst({
    where: { OR: [{ payloadHex: input.payloadHex }, { verifyCode }] },
    select: { id: true },
  });
  if (taken)
    throw new AppError("CONFLICT", "This watermark payload is already registered to another output; embed a fresh one.", {
      payloadHex: "already registered",
    });
  if (input.orderId && (await tx.renderOutput.findUnique({ where: { orderId: input.orderId }, select: { id: true } }))) {
    throw new AppError("CONFLICT", "This order already has its output registered.", { orderId: "already registered" });
  }

  const id = randomUUID();
  const ingredients = [...(request.targetUpload ? [{ role: "target", hash: request.targetUpload.sha256 }] : []), ...input.inputHashes];
  const claim = buildManifest({
    outputSha256: input.outputSha256,
    payloadHex: input.payloadHex,
    verifyCode,
    format: input.mimeType,
    licenseId: request.offerId,
    consentRecordHash: consentRecordHash(consent),
    talent: { id: request.profileId, displayName: request.profile.displayName },
    studio: { id: request.studioId, displayName: request.studio.name },
    modelId: input.modelId,
    renderId: id,
    inputHashes: ingredients,
    createdAt: now,
  });
  const manifest = signManifest(claim, key.privateKey);
  const row = await tx.renderOutput.create({
    data: {
      id,
      requestId: request.id,
      offerId: request.offerId,
      profileId: request.profileId,
      studioId: request.studioId,
      consentId: consent.id,
      payloadHex: input.payloadHex,
      verifyCode,
      outputSha256: input.outputSha256,
      mimeType: input.mimeType,
      manifest: manifest.claim as object,
      manifestSignature: manifest.signature.value,
      platformKeyId: manifest.signature.keyId,
      createdAt: now,
      orderId: input.orderId ?? null,
      blobKey: input.blobKey ?? null,
      byteSize: input.byteSize ?? null,
    },
  });
  await appendAuditEvent(tx, {
    actor: opts.actor,
    meta: opts.meta,
    at: now,
    action: "output.registered",
    subjectType: "RenderOutput",
    subjectId: id,
    payload: {
      requestId: request.id,
      offerId: request.offerId,
      payloadHex: input.payloadHex,
      outputSha256: input.outputSha256,
      keyId: key.keyId,
    },
  });
  return {
    id: row.id,
    requestId: row.requestId,
    payloadHex: row.payloadHex,
    verifyCode: row.verifyCode,
    outputSha256: row.outputSha256,
    mimeType: row.mimeType,
    manifest,
    createdAt: row.createdAt,
  };
}

/** Loose: every stored key is kept, since the signature covers the claim exactly as signed. Built once: zod compiles each new schema. */
const ZStoredClaim = ZClaim.loose();

/** The signed manifest as stored: claim, signature value and key id in their own columns. */
export function storedManifest(row: { manifest: unknown; manifestSignature: string; platformKeyId: string }): TSignedManifest {
  const claim = ZStoredClaim.safeParse(row.manifest);
  if (!claim.success) throw new Error(`a stored manifest is not a claim: ${claim.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  return {
    claim: claim.data,
    signature: { alg: "Ed25519", keyId: row.platformKeyId, value: row.manifestSignature },
  };
}
