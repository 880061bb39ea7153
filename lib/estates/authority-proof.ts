import { z } from "zod";
import { text } from "@/lib/validation/text";
import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadManagedProfile, requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { uploadLimits } from "@/lib/config";
import type { Db, Tx } from "@/lib/db/client";
import { AppError, forbidden, notFound, parseInput } from "@/lib/errors";
import { getSealedBlob } from "@/lib/storage/blob-store";
import { newWrappedDataKey, unwrapKey } from "@/lib/storage/envelope";
import { inspectUploadedFile } from "@/lib/storage/inspect-upload";
import { masterKey } from "@/lib/storage/master-key";
import { storeEncryptedUpload, type UploadedFile } from "@/lib/storage/store-encrypted-upload";

// An estate's proof of authority to license a deceased talent's likeness
// (letters testamentary, a court order or similar). The estate uploads it on
// its profile; an admin approves or rejects it with a reason in the review
// queue (lib/review); the estate sees the outcome and, after a rejection,
// uploads a new one. Until one is approved the profile's gate
// "estate_authority" stays closed (lib/licensing/gates.ts).
//
// The document is checked by content (PDF or image), size and pixel count like
// every upload, and sealed with a data key of its own (not the profile's: it is
// not biometric, and an admin must still be able to read it after the likeness
// set is destroyed). Only admins read it back.

export const ZReviewDecision = z.object({
  decision: z.enum(["approve", "reject"]),
  reason: text({ max: 1000, multiline: true }).default(""),
});
export type TReviewDecision = z.input<typeof ZReviewDecision>;

/** The estate (the profile's principal) uploads a proof of authority for its deceased talent's profile. */
export async function uploadAuthorityProof(opts: { db: Db; actor: Actor; meta: RequestMeta; profileId: string; file: UploadedFile }) {
  const { db, actor, meta, file } = opts;
  const profile = await loadManagedProfile(db, actor, opts.profileId);
  if (!profile.deceased) throw new AppError("CONFLICT", "Proof of authority is only for the estate of a deceased talent.");
  if (profile.principalUserId !== actor.userId) throw forbidden("Only the estate can submit its proof of authority.");
  await assertCanSubmit(db, profile.id);
  const limits = uploadLimits();
  const info = await inspectUploadedFile(file, {
    field: "file",
    accept: ["pdf", "image"],
    maxBytes: limits.releaseMaxBytes,
    maxPixels: limits.photoMaxPixels,
  });
  const wrappedDataKey = newWrappedDataKey(masterKey());
  const dataKey = unwrapKey(masterKey(), Buffer.from(wrappedDataKey));
  return storeEncryptedUpload({
    prefix: `estate-authority/${profile.id.toLowerCase()}`,
    dataKey,
    file,
    info,
    record: (facts) =>
      db.$transaction(async (tx) => {
        // Checked again inside the transaction: two uploads at once make one pending proof.
        await tx.$queryRaw`SELECT id FROM "LikenessProfile" WHERE id = ${profile.id} FOR UPDATE`;
        await assertCanSubmit(tx, profile.id);
        const proof = await tx.estateAuthorityProof.create({
          data: { ...facts, profileId: profile.id, wrappedDataKey, uploadedById: actor.userId },
        });
        await appendAuditEvent(tx, {
          actor,
          meta,
          action: "estate_authority.submitted",
          subjectType: "EstateAuthorityProof",
          subjectId: proof.id,
          payload: { profileId: profile.id, sha256: proof.sha256, byteSize: proof.byteSize, mimeType: proof.mimeType },
        });
        return proof;
      }),
  });
}

async function assertCanSubmit(client: Db | Tx, profileId: string) {
  const open = await client.estateAuthorityProof.findFirst({
    where: { profileId, status: { in: ["pending", "approved"] } },
    select: { status: true },
  });
  if (open?.status === "pending")
    throw new AppError("CONFLICT", "Your proof of authority is already waiting for review; you can upload a new one if it is rejected.");
  if (open?.status === "approved") throw new AppError("CONFLICT", "Your authority is already verified.");
}

/** The proofs of a profile, newest first, for its managers (status and the admin's reason; never the document). */
export async function listAuthorityProofs(opts: { db: Db; actor: Actor; profileId: string }) {
  const profile = await loadManagedProfile(opts.db, opts.actor, opts.profileId);
  return opts.db.estateAuthorityProof.findMany({
    where: { profileId: profile.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      status: true,
      originalName: true,
      mimeType: true,
      byteSize: true,
      createdAt: true,
      reviewedAt: true,
      reviewReason: true,
    },
  });
}

/** The decrypted document, for admins only (anyone else: 403). */
export async function readAuthorityProof(opts: { db: Db; actor: Actor; proofId: string }) {
  requireRole(opts.actor, ["ADMIN"]);
  const proof = await opts.db.estateAuthorityProof.findUnique({ where: { id: opts.proofId } });
  if (!proof) throw notFound("Proof of authority");
  const dataKey = unwrapKey(masterKey(), Buffer.from(proof.wrappedDataKey));
  return { mimeType: proof.mimeType, originalName: proof.originalName, bytes: await getSealedBlob(proof.blobKey, dataKey) };
}

/**
 * An admin approves or rejects a pending proof (a rejection needs the reason
 * the estate will read). Conditional on the proof still pending, so two
 * admins deciding at once decide once.
 */
export async function reviewAuthorityProof(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  proofId: string;
  input: TReviewDecision;
  now?: Date;
}) {
  const { db, actor, meta } = opts;
  requireRole(actor, ["ADMIN"]);
  const input = parseInput(ZReviewDecision, opts.input);
  if (input.decision === "reject" && input.reason.length < 5) {
    throw new AppError("VALIDATION", "Say why the proof is rejected: the estate reads it.", {
      reason: "Say why the proof is rejected (at least 5 characters): the estate reads it.",
    });
  }
  const now = opts.now ?? new Date();
  return db.$transaction(async (tx) => {
    const proof = await tx.estateAuthorityProof.findUnique({ where: { id: opts.proofId } });
    if (!proof) throw notFound("Proof of authority");
    const status = input.decision === "approve" ? "approved" : "rejected";
    const { count } = await tx.estateAuthorityProof.updateMany({
      where: { id: proof.id, status: "pending" },
      data: { status, reviewedById: actor.userId, reviewedAt: now, reviewReason: input.reason || null },
    });
    if (count === 0) throw new AppError("CONFLICT", `This proof was already ${proof.status}.`);
    await appendAuditEvent(tx, {
      actor,
      meta,
      at: now,
      action: input.decision === "approve" ? "estate_authority.approved" : "estate_authority.rejected",
      subjectType: "EstateAuthorityProof",
      subjectId: proof.id,
      payload: { profileId: proof.profileId, reason: input.reason, sha256: proof.sha256 },
    });
    return tx.estateAuthorityProof.findUniqueOrThrow({ where: { id: proof.id } });
  });
}
