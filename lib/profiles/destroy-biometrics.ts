import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Tx } from "@/lib/db/client";
import { deleteBlob } from "@/lib/storage/blob-store";

/**
 * Crypto-shreds a profile's biometric data inside the caller's transaction: the
 * wrapped data key is erased, so every encrypted photo (and any backup of it) is
 * unreadable from the moment of commit. Returns a function that deletes the
 * ciphertext files, to call after the commit.
 */
export async function destroyBiometricsInTx(
  tx: Tx,
  opts: { profileId: string; actor: Actor | null; meta?: RequestMeta; reason: string; at: Date },
): Promise<() => Promise<void>> {
  const assets = await tx.likenessAsset.findMany({
    where: { profileId: opts.profileId, destroyedAt: null },
    select: { id: true, blobKey: true },
  });
  await tx.likenessProfile.update({
    where: { id: opts.profileId },
    data: { wrappedDataKey: null, biometricsDestroyedAt: opts.at },
  });
  // Sealed descriptors are unreadable without the key already; they are cleared too, leaving nothing biometric behind.
  await tx.likenessAsset.updateMany({ where: { profileId: opts.profileId, destroyedAt: null }, data: { destroyedAt: opts.at, sealedDescriptor: null } });
  await appendAuditEvent(tx, {
    actor: opts.actor,
    meta: opts.meta,
    at: opts.at,
    action: "biometrics.destroyed",
    subjectType: "LikenessProfile",
    subjectId: opts.profileId,
    payload: { reason: opts.reason, assetCount: assets.length, assetIds: assets.map((a) => a.id) },
  });
  return async () => {
    for (const a of assets) await deleteBlob(a.blobKey);
  };
}
