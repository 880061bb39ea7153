import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { retentionDays } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { destroyBiometricsInTx } from "@/lib/profiles/destroy-biometrics";
import { deleteBlob } from "@/lib/storage/blob-store";
import { queueTalentModelIfChanged } from "@/lib/talent-models/queue-talent-model";

// The biometric retention schedule published on /privacy/biometrics, enforced:
// - likeness data is destroyed `afterConsentEnds` days after the current consent
//   was revoked or expired (at once when revocation asked for destruction);
// - studio target footage is destroyed `footageAfterClose` days after every
//   request using it is closed;
// - a talent's base model whose likeness set changed without a new analysis
//   (photos deleted) is retrained on the set as it is, or destroyed when fewer
//   than 2 usable photos remain.
// The worker runs this hourly; it is idempotent.

const DAY = 86_400_000;
const CLOSED = ["rejected_by_policy", "rejected", "withdrawn", "revoked"] as const;

export async function runRetention(opts: {
  db: Db;
  now: Date;
}): Promise<{ destroyedProfiles: number; destroyedUploads: number; requeuedTalentModels: number }> {
  const { db, now } = opts;
  const days = retentionDays();
  const cutoff = new Date(now.getTime() - days.afterConsentEnds * DAY);

  const candidates = await db.likenessProfile.findMany({
    where: { biometricsDestroyedAt: null },
    select: { id: true, consents: { orderBy: { version: "desc" }, take: 1, include: { revocation: true } } },
  });
  let destroyedProfiles = 0;
  for (const p of candidates) {
    const consent = p.consents[0];
    if (!consent) continue; // never consented: the upload page refuses photos before consent is signed
    const endedAt = consent.revocation?.revokedAt ?? (consent.expiresAt <= now ? consent.expiresAt : null);
    if (!endedAt || endedAt > cutoff) continue;
    const deleteFiles = await db.$transaction((tx) =>
      destroyBiometricsInTx(tx, {
        profileId: p.id,
        actor: null,
        at: now,
        reason: `Retention schedule: consent ended ${endedAt.toISOString().slice(0, 10)}, ${days.afterConsentEnds} days passed`,
      }),
    );
    await deleteFiles();
    destroyedProfiles++;
  }

  const footageCutoff = new Date(now.getTime() - days.footageAfterClose * DAY);
  const uploads = await db.studioUpload.findMany({
    where: {
      destroyedAt: null,
      createdAt: { lt: footageCutoff },
      // Every request that uses it is closed, and the last change was before the cutoff.
      targetOf: { every: { status: { in: [...CLOSED] }, updatedAt: { lt: footageCutoff } } },
      releaseOf: { every: { status: { in: [...CLOSED] }, updatedAt: { lt: footageCutoff } } },
    },
    select: { id: true, blobKey: true, kind: true, performersBlobKey: true },
  });
  for (const u of uploads) {
    await db.$transaction(async (tx) => {
      // The performers' descriptors and thumbnails go with the footage (biometric data of the people in it).
      await tx.studioUpload.update({ where: { id: u.id }, data: { destroyedAt: now, performers: Prisma.DbNull, performersBlobKey: null } });
      await tx.swapRequest.updateMany({ where: { targetUploadId: u.id }, data: { performerDescriptor: null } });
      await appendAuditEvent(tx, {
        actor: null,
        at: now,
        action: "upload.destroyed",
        subjectType: "StudioUpload",
        subjectId: u.id,
        payload: { kind: u.kind, reason: `Retention schedule: ${days.footageAfterClose} days after its requests closed` },
      });
    });
    await deleteBlob(u.blobKey);
    if (u.performersBlobKey) await deleteBlob(u.performersBlobKey);
  }
  const talentModels = await db.talentModel.findMany({
    where: { status: { in: ["trained", "failed"] }, profile: { biometricsDestroyedAt: null } },
    select: { profileId: true },
  });
  let requeuedTalentModels = 0;
  for (const m of talentModels)
    if ((await queueTalentModelIfChanged({ db, profileId: m.profileId, at: now })) === "queued") requeuedTalentModels++;
  return { destroyedProfiles, destroyedUploads: uploads.length, requeuedTalentModels };
}
