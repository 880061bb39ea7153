import type { Actor, RequestMeta } from "@/lib/auth/actor";
import { loadProfileAsPrincipal, requireRole } from "@/lib/auth/permissions";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { uploadLimits } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { enqueueInTx, QUEUES } from "@/lib/jobs/job-queue";
import { unwrapKey } from "@/lib/storage/envelope";
import { inspectUploadedFile } from "@/lib/storage/inspect-upload";
import { masterKey } from "@/lib/storage/master-key";
import { storeEncryptedUpload, type UploadedFile } from "@/lib/storage/store-encrypted-upload";
import { MAX_CONSENT_VIDEO_SECONDS } from "@/ml/liveness/limits";

/**
 * The talent's answer to a challenge: the recorded video, checked by content
 * (MP4, MOV or WebM), size and length, sealed with the profile's key (it is
 * biometric data), then queued for the check. One video per challenge; an
 * expired challenge must be started again (its phrase may have been seen).
 */
export async function submitConsentVideo(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  verificationId: string;
  file: UploadedFile;
  now?: Date;
}) {
  const { db, actor, meta, file } = opts;
  const now = opts.now ?? new Date();
  requireRole(actor, ["TALENT"]);
  const v = await db.identityVerification.findUnique({ where: { id: opts.verificationId } });
  if (!v) throw notFound("Verification");
  const profile = await loadProfileAsPrincipal(db, actor, v.profileId);
  if (v.status !== "awaiting_video") throw new AppError("CONFLICT", "This recording was already sent. Start again to record a new one.");
  if (v.expiresAt <= now) throw new AppError("CONFLICT", "This challenge has expired. Start again: you will get a new phrase to read.");
  if (!profile.wrappedDataKey) throw new AppError("CONFLICT", "This likeness's data was destroyed.");
  const info = await inspectUploadedFile(file, {
    field: "video",
    accept: ["video"],
    maxBytes: uploadLimits().consentVideoMaxBytes,
    minSide: 240,
  });
  if (info.durationSeconds !== null && info.durationSeconds > MAX_CONSENT_VIDEO_SECONDS) {
    throw new AppError(
      "VALIDATION",
      `The video is ${Math.round(info.durationSeconds)} s long; record at most ${MAX_CONSENT_VIDEO_SECONDS} s.`,
      { video: "Too long" },
    );
  }
  return storeEncryptedUpload({
    prefix: `likeness/${profile.id.toLowerCase()}/consent-video`,
    dataKey: unwrapKey(masterKey(), Buffer.from(profile.wrappedDataKey)),
    file,
    info,
    record: (facts) =>
      db.$transaction(async (tx) => {
        // Only the first answer counts, also when two uploads race.
        const claimed = await tx.identityVerification.updateMany({
          where: { id: v.id, status: "awaiting_video" },
          data: {
            status: "analysing",
            videoBlobKey: facts.blobKey,
            videoSha256: facts.sha256,
            videoMimeType: facts.mimeType,
            videoByteSize: facts.byteSize,
            submittedAt: now,
          },
        });
        if (claimed.count === 0) throw new AppError("CONFLICT", "This recording was already sent. Start again to record a new one.");
        await appendAuditEvent(tx, {
          actor,
          meta,
          at: now,
          action: "identity.video_submitted",
          subjectType: "IdentityVerification",
          subjectId: v.id,
          payload: { profileId: profile.id, sha256: facts.sha256, byteSize: facts.byteSize, mimeType: facts.mimeType },
        });
        await enqueueInTx(tx, QUEUES.consentVideo, { verificationId: v.id }, { singletonKey: v.id });
        return { id: v.id, status: "analysing" as const };
      }),
  });
}
