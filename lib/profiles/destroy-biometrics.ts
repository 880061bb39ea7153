import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Tx } from "@/lib/db/client";
import { deleteBlob } from "@/lib/storage/blob-store";
import { talentModelKeyFor } from "@/lib/talent-models/keys";

/**
 * Crypto-shreds a profile's biometric data inside the caller's transaction: the
 * wrapped data key is erased, so every encrypted photo (and any backup of it) is
 * unreadable from the moment of commit. Models derived from the photos go with
 * them: the talent's base model (TalentModel marked destroyed) and the
 * training checkpoint of every order of the profile; so do the consent videos
 * of "Verify it's you" and their face descriptors (the rows, hashes and
 * outcomes stay as the record). Returns a function that
 * deletes the ciphertext files, to call after the commit.
 */
export async function destroyBiometricsInTx(
  tx: Tx,
  opts: { profileId: string; actor: Actor | null; meta?: RequestMeta; reason: string; at: Date },
): Promise<() => Promise<void>> {
  const assets = await tx.likenessAsset.findMany({
    where: { profileId: opts.profileId, destroyedAt: null },
    select: { id: true, blobKey: true },
  });
  const checkpoints = await tx.renderJob.findMany({
    where: { order: { profileId: opts.profileId }, checkpointKey: { not: null } },
    select: { checkpointKey: true },
  });
  const checkpointKeys = [...new Set(checkpoints.map((c) => c.checkpointKey!))];
  const talentModel = await tx.talentModel.findUnique({ where: { profileId: opts.profileId } });
  await tx.profileFace.deleteMany({ where: { profileId: opts.profileId } });
  const videos = await tx.identityVerification.findMany({
    where: { profileId: opts.profileId, videoBlobKey: { not: null } },
    select: { videoBlobKey: true },
  });
  await tx.identityVerification.updateMany({ where: { profileId: opts.profileId }, data: { videoBlobKey: null, sealedDescriptor: null } });
  // An open challenge cannot be answered any more: nothing is left to compare a video with.
  await tx.identityVerification.updateMany({ where: { profileId: opts.profileId, status: "awaiting_video" }, data: { status: "expired" } });
  await tx.likenessProfile.update({
    where: { id: opts.profileId },
    data: { wrappedDataKey: null, biometricsDestroyedAt: opts.at },
  });
  // Sealed descriptors are unreadable without the key already; they are cleared too, leaving nothing biometric behind.
  await tx.likenessAsset.updateMany({
    where: { profileId: opts.profileId, destroyedAt: null },
    data: { destroyedAt: opts.at, sealedDescriptor: null },
  });
  await appendAuditEvent(tx, {
    actor: opts.actor,
    meta: opts.meta,
    at: opts.at,
    action: "biometrics.destroyed",
    subjectType: "LikenessProfile",
    subjectId: opts.profileId,
    payload: { reason: opts.reason, assetCount: assets.length, assetIds: assets.map((a) => a.id), consentVideoCount: videos.length },
  });
  if (talentModel && talentModel.status !== "destroyed") {
    await tx.talentModel.update({ where: { id: talentModel.id }, data: { status: "destroyed", error: null } });
    await appendAuditEvent(tx, {
      actor: opts.actor,
      meta: opts.meta,
      at: opts.at,
      action: "talent_model.destroyed",
      subjectType: "TalentModel",
      subjectId: talentModel.id,
      payload: {
        profileId: opts.profileId,
        reason: opts.reason,
        previousStatus: talentModel.status,
        orderCheckpointCount: checkpointKeys.length,
      },
    });
  }
  return async () => {
    for (const a of assets) await deleteBlob(a.blobKey);
    for (const v of videos) await deleteBlob(v.videoBlobKey!);
    // Deleted whether or not a row says it exists: a training that was under way may have written one.
    await deleteBlob(talentModelKeyFor(opts.profileId));
    for (const key of checkpointKeys) await deleteBlob(key);
  };
}
