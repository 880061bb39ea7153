import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadManagedProfile } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { uploadLimits } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { enqueueInTx, QUEUES } from "@/lib/jobs/job-queue";
import { AppError, notFound } from "@/lib/errors";
import { checkOneFaceOneOwner } from "@/lib/identity/one-face-one-owner";
import { queueTalentModelIfChanged } from "@/lib/talent-models/queue-talent-model";
import { deleteBlob, getSealedBlob } from "@/lib/storage/blob-store";
import { storeEncryptedUpload } from "@/lib/storage/store-encrypted-upload";
import { unwrapKey } from "@/lib/storage/envelope";
import { inspectUploadedFile } from "@/lib/storage/inspect-upload";
import { masterKey } from "@/lib/storage/master-key";
import { currentConsent, toPolicyConsent } from "@/lib/consent/current-consent";
import { isConsentActive } from "@/lib/licensing/policy";

export type { UploadedFile } from "@/lib/storage/store-encrypted-upload";
import type { UploadedFile } from "@/lib/storage/store-encrypted-upload";

function profileDataKey(profile: { wrappedDataKey: Uint8Array | null }): Buffer {
  if (!profile.wrappedDataKey) throw new AppError("CONFLICT", "This likeness's data was destroyed; nothing can be added or read.");
  return unwrapKey(masterKey(), Buffer.from(profile.wrappedDataKey));
}

/**
 * Adds a reference photo to a likeness set: checked by content, size and pixel
 * count, encrypted with the profile's data key, then recorded. The file is
 * written before the row and removed again if the transaction fails, so no row
 * ever points at a missing file and no orphan file outlives a failed upload.
 */
export async function uploadLikenessAsset(opts: { db: Db; actor: Actor; meta: RequestMeta; profileId: string; file: UploadedFile }) {
  const { db, actor, meta, file } = opts;
  const profile = await loadManagedProfile(db, actor, opts.profileId);
  // Biometric data is collected only under a signed, active consent.
  if (!isConsentActive(toPolicyConsent(await currentConsent(db, profile.id)), new Date())) {
    throw new AppError("CONFLICT", "Sign the consent before uploading reference photos.");
  }
  const limits = uploadLimits();
  const info = await inspectUploadedFile(file, {
    field: "file",
    accept: ["image"],
    maxBytes: limits.photoMaxBytes,
    maxPixels: limits.photoMaxPixels,
    minSide: 128,
  });
  return storeEncryptedUpload({
    prefix: `likeness/${profile.id.toLowerCase()}`,
    dataKey: profileDataKey(profile),
    file,
    info,
    record: (facts) =>
      db.$transaction(async (tx) => {
        const asset = await tx.likenessAsset.create({
          data: { ...facts, profileId: profile.id, width: info.width ?? 0, height: info.height ?? 0, uploadedById: actor.userId },
        });
        await appendAuditEvent(tx, {
          actor,
          meta,
          action: "likeness_asset.uploaded",
          subjectType: "LikenessAsset",
          subjectId: asset.id,
          payload: { profileId: profile.id, sha256: asset.sha256, byteSize: asset.byteSize },
        });
        // Wakes a worker: the PENDING row is the work item, the job only says there is some.
        await enqueueInTx(tx, QUEUES.likenessAnalysis, {});
        return asset;
      }),
  });
}

/** Decrypted bytes of one photo, for its manager only. */
export async function readLikenessAsset(opts: { db: Db; actor: Actor; assetId: string }) {
  const asset = await opts.db.likenessAsset.findUnique({ where: { id: opts.assetId } });
  if (!asset || asset.destroyedAt) throw notFound("Photo");
  const profile = await loadManagedProfile(opts.db, opts.actor, asset.profileId);
  return { mimeType: asset.mimeType, bytes: await getSealedBlob(asset.blobKey, profileDataKey(profile)) };
}

/** Removes one photo from the set (the file is deleted; the audit row remains). */
export async function deleteLikenessAsset(opts: { db: Db; actor: Actor; meta: RequestMeta; assetId: string }) {
  const { db, actor, meta } = opts;
  const asset = await db.$transaction(async (tx) => {
    const a = await tx.likenessAsset.findUnique({ where: { id: opts.assetId } });
    if (!a || a.destroyedAt) throw notFound("Photo");
    await loadManagedProfile(tx, actor, a.profileId);
    // The sealed face descriptor goes with the photo: the profile's key lives on, so it would still open.
    await tx.likenessAsset.update({ where: { id: a.id }, data: { destroyedAt: new Date(), sealedDescriptor: null } });
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: "likeness_asset.destroyed",
      subjectType: "LikenessAsset",
      subjectId: a.id,
      payload: { profileId: a.profileId, reason: "removed by its manager" },
    });
    return a;
  });
  await deleteBlob(asset.blobKey);
  // The talent's base model was trained on the set with this photo: retrain it (or retire it when too few remain).
  await queueTalentModelIfChanged({ db, profileId: asset.profileId });
  await checkOneFaceOneOwner({ db, profileId: asset.profileId });
}

/**
 * Queues a photo whose analysis failed (a worker crash, a model that did not
 * load) for the worker again, keeping the photo: only its managers, only from
 * FAILED. The worker picks PENDING photos up within seconds.
 */
export async function retryLikenessAnalysis(opts: { db: Db; actor: Actor; meta: RequestMeta; assetId: string }) {
  const { db, actor, meta } = opts;
  return db.$transaction(async (tx) => {
    const a = await tx.likenessAsset.findUnique({ where: { id: opts.assetId } });
    if (!a || a.destroyedAt) throw notFound("Photo");
    await loadManagedProfile(tx, actor, a.profileId);
    // Conditional update: two clicks (or a click racing the worker) queue it once.
    const { count } = await tx.likenessAsset.updateMany({
      where: { id: a.id, analysisStatus: "FAILED" },
      data: { analysisStatus: "PENDING", analysisError: null, analyzedAt: null },
    });
    if (count === 0)
      throw new AppError("CONFLICT", "Only a photo whose analysis failed can be analyzed again; this one is already queued or analyzed.");
    await appendAuditEvent(tx, {
      actor,
      meta,
      action: "likeness_asset.analysis_requeued",
      subjectType: "LikenessAsset",
      subjectId: a.id,
      payload: { profileId: a.profileId, previousError: a.analysisError },
    });
    await enqueueInTx(tx, QUEUES.likenessAnalysis, {});
    return { assetId: a.id, analysisStatus: "PENDING" as const };
  });
}
