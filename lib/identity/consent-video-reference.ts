import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { Tx } from "@/lib/db/client";
import { lastBiometricsDestruction } from "@/lib/profiles/profile-history";

// The consent record references the consent video that verified the signer's
// face, by its SHA-256 (issue 10): the video is destroyed with the likeness
// set, and the hash in the record proves afterwards which recording it was.
// The reference is written once (null -> value, never changed), on the
// consent in force when the verification passes, and copied into consent
// signed later; the signed text and terms are never touched.

export type ConsentVideoReference = { identityVerificationId: string; consentVideoSha256: string };

/**
 * The profile's first verified consent video (the one verification-status
 * reports), or null; one from before the biometric data was last destroyed
 * belongs to the destroyed likeness, and consent signed since never refers to it.
 */
export async function verifiedConsentVideo(tx: Tx, profileId: string): Promise<ConsentVideoReference | null> {
  const since = await lastBiometricsDestruction(tx, profileId);
  const v = await tx.identityVerification.findFirst({
    where: { profileId, status: "verified", videoSha256: { not: null }, ...(since ? { createdAt: { gt: since } } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, videoSha256: true },
  });
  return v?.videoSha256 ? { identityVerificationId: v.id, consentVideoSha256: v.videoSha256 } : null;
}

/**
 * Called in the transaction that makes a verification "verified": the
 * profile's consent records that are in force (not revoked, not expired) and
 * hold no video reference yet get this one, with an audit event each.
 */
export async function linkConsentVideo(
  tx: Tx,
  opts: { profileId: string; verificationId: string; at: Date; actor: Actor | null; meta?: RequestMeta },
): Promise<string[]> {
  const ref = await verifiedConsentVideo(tx, opts.profileId);
  // An earlier verification already referenced by the records stays their reference.
  if (!ref || ref.identityVerificationId !== opts.verificationId) return [];
  const open = await tx.consentRecord.findMany({
    where: { profileId: opts.profileId, consentVideoSha256: null, revocation: null, expiresAt: { gt: opts.at } },
    select: { id: true, version: true },
    orderBy: { version: "asc" },
  });
  const linked: string[] = [];
  for (const c of open) {
    const done = await tx.consentRecord.updateMany({ where: { id: c.id, consentVideoSha256: null }, data: ref });
    if (done.count === 0) continue;
    await appendAuditEvent(tx, {
      actor: opts.actor,
      meta: opts.meta,
      at: opts.at,
      action: "consent.video_linked",
      subjectType: "ConsentRecord",
      subjectId: c.id,
      payload: { profileId: opts.profileId, version: c.version, ...ref },
    });
    linked.push(c.id);
  }
  return linked;
}
